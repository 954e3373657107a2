DROP INDEX "contacts_today_owner_idx";--> statement-breakpoint
DROP INDEX "contacts_today_idx";--> statement-breakpoint
CREATE INDEX "contacts_today_rank_owner_idx" ON "contacts" USING btree ("workspace_id","owner_id","tier_id","next_due_on","readiness" DESC NULLS LAST,"id","today_on") WHERE "contacts"."today_on" is not null and "contacts"."interval_days" is null;--> statement-breakpoint
CREATE INDEX "contacts_today_rank_idx" ON "contacts" USING btree ("workspace_id","tier_id","next_due_on","readiness" DESC NULLS LAST,"id","today_on") WHERE "contacts"."today_on" is not null and "contacts"."interval_days" is null;--> statement-breakpoint
CREATE INDEX "contacts_today_own_owner_idx" ON "contacts" USING btree ("workspace_id","owner_id","today_on") WHERE "contacts"."today_on" is not null and "contacts"."interval_days" is not null;--> statement-breakpoint
CREATE INDEX "contacts_today_own_idx" ON "contacts" USING btree ("workspace_id","today_on") WHERE "contacts"."today_on" is not null and "contacts"."interval_days" is not null;--> statement-breakpoint
CREATE INDEX "contacts_today_owner_idx" ON "contacts" USING btree ("workspace_id","owner_id","today_on","next_due_on") WHERE "contacts"."today_on" is not null;--> statement-breakpoint
CREATE INDEX "contacts_today_idx" ON "contacts" USING btree ("workspace_id","today_on","next_due_on") WHERE "contacts"."today_on" is not null;