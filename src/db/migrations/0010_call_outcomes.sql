ALTER TABLE "interactions" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "duration_minutes" integer;--> statement-breakpoint
ALTER TABLE "next_steps" ADD COLUMN "completed_by" uuid;