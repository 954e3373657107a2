CREATE TABLE "today_counts" (
	"workspace_id" uuid NOT NULL,
	"owner_key" uuid NOT NULL,
	"today_on" date NOT NULL,
	"contacts" integer NOT NULL,
	"due_that_day" integer NOT NULL,
	CONSTRAINT "today_counts_workspace_id_owner_key_today_on_pk" PRIMARY KEY("workspace_id","owner_key","today_on")
);
--> statement-breakpoint
DROP INDEX "contacts_today_owner_idx";--> statement-breakpoint
DROP INDEX "contacts_today_idx";--> statement-breakpoint
-- today_counts follows contacts through the triggers below (see cadence/schema.ts). Each changed contact
-- takes itself off its old day (-1) and puts itself on its new one (+1); the sums per owner and day are
-- added in one upsert, in key order so that concurrent writers lock the rows in the same order.
CREATE FUNCTION "today_counts_apply"(changes "today_counts"[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	emptied "today_counts"[];
BEGIN
	WITH summed AS (
		SELECT c.workspace_id, c.owner_key, c.today_on, sum(c.contacts)::int AS contacts,
			sum(c.due_that_day)::int AS due_that_day
		FROM unnest(changes) c
		GROUP BY c.workspace_id, c.owner_key, c.today_on
		HAVING sum(c.contacts) <> 0 OR sum(c.due_that_day) <> 0
	), upserted AS (
		INSERT INTO "today_counts" AS k
		SELECT * FROM summed ORDER BY workspace_id, owner_key, today_on
		ON CONFLICT (workspace_id, owner_key, today_on) DO UPDATE
			SET contacts = k.contacts + excluded.contacts, due_that_day = k.due_that_day + excluded.due_that_day
		RETURNING k.*
	)
	SELECT array_agg(u) INTO emptied FROM upserted u WHERE u.contacts = 0;
	-- A day no contact is on any more is removed, so the table holds only days that count.
	IF emptied IS NOT NULL THEN
		DELETE FROM "today_counts" k USING unnest(emptied) e
		WHERE k.workspace_id = e.workspace_id AND k.owner_key = e.owner_key AND k.today_on = e.today_on
			AND k.contacts = 0;
	END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION "today_counts_on_contacts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM "today_counts_apply"(array(
			SELECT row(n.workspace_id, coalesce(n.owner_id, '00000000-0000-0000-0000-000000000000'), n.today_on,
				1, (n.next_due_on = n.today_on)::int)::"today_counts"
			FROM new_rows n WHERE n.today_on IS NOT NULL));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM "today_counts_apply"(array(
			SELECT row(o.workspace_id, coalesce(o.owner_id, '00000000-0000-0000-0000-000000000000'), o.today_on,
				-1, -(o.next_due_on = o.today_on)::int)::"today_counts"
			FROM old_rows o WHERE o.today_on IS NOT NULL));
	ELSE
		-- Only rows whose owner, today_on or next_due_on changed move; most updates touch none of them.
		PERFORM "today_counts_apply"(array(
			SELECT x FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id
			CROSS JOIN LATERAL (VALUES
				(row(n.workspace_id, coalesce(n.owner_id, '00000000-0000-0000-0000-000000000000'), n.today_on,
					1, (n.next_due_on = n.today_on)::int)::"today_counts", n.today_on),
				(row(o.workspace_id, coalesce(o.owner_id, '00000000-0000-0000-0000-000000000000'), o.today_on,
					-1, -(o.next_due_on = o.today_on)::int)::"today_counts", o.today_on)
			) v(x, day)
			WHERE v.day IS NOT NULL
				AND (n.owner_id, n.today_on, n.next_due_on) IS DISTINCT FROM (o.owner_id, o.today_on, o.next_due_on)));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "contacts_today_counts_insert" AFTER INSERT ON "contacts"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "today_counts_on_contacts"();--> statement-breakpoint
CREATE TRIGGER "contacts_today_counts_update" AFTER UPDATE ON "contacts"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "today_counts_on_contacts"();--> statement-breakpoint
CREATE TRIGGER "contacts_today_counts_delete" AFTER DELETE ON "contacts"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "today_counts_on_contacts"();--> statement-breakpoint
-- The counts of the contacts that exist already.
INSERT INTO "today_counts"
SELECT workspace_id, coalesce(owner_id, '00000000-0000-0000-0000-000000000000'), today_on, count(*)::int,
	(count(*) FILTER (WHERE next_due_on = today_on))::int
FROM "contacts" WHERE today_on IS NOT NULL
GROUP BY 1, 2, 3;
