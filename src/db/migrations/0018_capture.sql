CREATE TABLE "dropboxes" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dropboxes_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "suggested_contacts" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"inbound_count" integer DEFAULT 0 NOT NULL,
	"outbound_count" integer DEFAULT 0 NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"contact_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggested_contacts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "suggested_messages" (
	"workspace_id" uuid NOT NULL,
	"suggestion_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"message" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggested_messages_workspace_id_suggestion_id_message_id_pk" PRIMARY KEY("workspace_id","suggestion_id","message_id")
);
--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "message_id" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "in_reply_to" text;--> statement-breakpoint
ALTER TABLE "dropboxes" ADD CONSTRAINT "dropboxes_workspace_id_user_id_users_workspace_id_id_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."users"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggested_contacts" ADD CONSTRAINT "suggested_contacts_workspace_id_user_id_users_workspace_id_id_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."users"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggested_messages" ADD CONSTRAINT "suggested_messages_workspace_id_suggestion_id_suggested_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","suggestion_id") REFERENCES "public"."suggested_contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dropboxes_token_key" ON "dropboxes" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "suggested_contacts_user_email_key" ON "suggested_contacts" USING btree ("workspace_id","user_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_message_key" ON "interactions" USING btree ("workspace_id","message_id") WHERE "interactions"."message_id" is not null;--> statement-breakpoint
UPDATE "interactions" SET "message_id" = "external_id" WHERE "source" = 'sync' AND "kind" = 'email';