ALTER TABLE "facts" ADD COLUMN "is_private" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "touch_class" text DEFAULT 'touch' NOT NULL;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "is_private" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Notes were never touches; the rest were (interactions/touch-rule.ts).
UPDATE "interactions" SET "touch_class" = 'note' WHERE "kind" = 'note';
