CREATE TABLE "search_words" (
	"workspace_id" uuid NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_words_workspace_id_word_pk" PRIMARY KEY("workspace_id","word")
);
--> statement-breakpoint
DROP INDEX "contacts_search_idx";--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_words" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("workspace_id","word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_words_idx" ON "contacts" USING gin ("search_words");