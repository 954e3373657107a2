-- pg_trgm powers fuzzy search; btree_gin lets workspace_id lead GIN indexes (search text, tags).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
