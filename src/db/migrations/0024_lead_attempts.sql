ALTER TABLE "contacts" ADD COLUMN "lead_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A contact's attempts count from when it became an open lead (cadence/attempts.ts). Every path that writes a
-- stage (the API, bulk edits, imports, merges) goes through UPDATE, so one trigger keeps lead_since: set when
-- the stage moves into an open one from another (no attempt has been made since that moment, so attempts is
-- 0), cleared when it leaves them. A contact created open keeps null, which counts from its creation.
CREATE FUNCTION "contacts_lead_since"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.stage NOT IN ('lead', 'qualified', 'opportunity') THEN
		NEW.lead_since := NULL;
	ELSIF OLD.stage NOT IN ('lead', 'qualified', 'opportunity') THEN
		NEW.lead_since := now();
		NEW.attempts := 0;
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "contacts_lead_since" BEFORE UPDATE OF "stage" ON "contacts"
	FOR EACH ROW EXECUTE FUNCTION "contacts_lead_since"();
--> statement-breakpoint
-- The counts of existing contacts, as refreshDueState computes them (ATTEMPTS_OF_C), for those with any
-- outbound interaction.
UPDATE "contacts" c SET "attempts" = (
	SELECT count(*)::int FROM "interaction_contacts" ic
	JOIN "interactions" i ON i.workspace_id = ic.workspace_id AND i.id = ic.interaction_id
	WHERE ic.workspace_id = c.workspace_id AND ic.contact_id = c.id
		AND i.direction = 'out' AND i.touch_class IN ('touch', 'attempt')
		AND ic.occurred_at > greatest(c.created_at, (
			SELECT max(ia.occurred_at) FROM "interaction_contacts" ia
			JOIN "interactions" ii ON ii.workspace_id = ia.workspace_id AND ii.id = ia.interaction_id
			WHERE ia.workspace_id = c.workspace_id AND ia.contact_id = c.id AND ia.is_touch AND ii.direction = 'in')))
WHERE EXISTS (SELECT 1 FROM "interaction_contacts" ic WHERE ic.workspace_id = c.workspace_id AND ic.contact_id = c.id);
