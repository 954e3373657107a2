#!/usr/bin/env bash
# Fails when the Drizzle schema and the committed migrations have drifted apart: drizzle-kit, run on a
# copy of the migrations, would generate a new one, so a schema.ts changed without its migration.
set -euo pipefail
cd "$(dirname "$0")/.."
# drizzle-kit only takes a relative --out, so the copy lives in a git-ignored folder of the repo.
tmp=.drift-check
rm -rf "$tmp" && mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
cp -r src/db/migrations "$tmp/migrations"
count() { find "$tmp/migrations" -name '*.sql' | wc -l; }
before=$(count)
out=$(npx drizzle-kit generate --dialect postgresql --schema ./src/db/schema.ts --out "$tmp/migrations" --name drift_check 2>&1) || { echo "$out" >&2; exit 1; }
if grep -q "Error" <<<"$out"; then echo "$out" >&2; exit 1; fi
if [[ "$(count)" != "$before" ]]; then
  echo "Schema drift: the schema.ts files differ from src/db/migrations. Run 'npm run db:generate' and commit the migration." >&2
  cat "$tmp"/migrations/*drift_check.sql >&2
  exit 1
fi
echo "Migrations match the schema."
