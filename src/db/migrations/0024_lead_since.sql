ALTER TABLE "contacts" ADD COLUMN "lead_since" timestamp with time zone;--> statement-breakpoint
-- A contact's attempts count from when it became an open lead (reports/attempts.ts). Every path that writes a
-- stage (the API, bulk edits, imports, undo) goes through UPDATE, so one trigger keeps lead_since: set when the
-- stage moves into an open one from another, cleared when it leaves them. A contact created open keeps null,
-- which counts from its creation.
CREATE FUNCTION "contacts_lead_since"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.stage NOT IN ('lead', 'qualified', 'opportunity') THEN
		NEW.lead_since := NULL;
	ELSIF OLD.stage NOT IN ('lead', 'qualified', 'opportunity') THEN
		NEW.lead_since := now();
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "contacts_lead_since" BEFORE UPDATE OF "stage" ON "contacts"
	FOR EACH ROW EXECUTE FUNCTION "contacts_lead_since"();
