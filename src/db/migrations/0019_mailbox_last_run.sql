ALTER TABLE "mailboxes" ADD COLUMN "last_run" jsonb;--> statement-breakpoint
CREATE INDEX "mailboxes_user_idx" ON "mailboxes" USING btree ("workspace_id","user_id");