CREATE TABLE "outbox" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"body_html" text NOT NULL,
	"message_id" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"smtp_response" text,
	"interaction_id" uuid,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"workspace_id" uuid NOT NULL,
	"email" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppressions_workspace_id_email_pk" PRIMARY KEY("workspace_id","email")
);
--> statement-breakpoint
ALTER TABLE "mailboxes" ALTER COLUMN "imap_host" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ALTER COLUMN "imap_port" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ALTER COLUMN "imap_tls" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ALTER COLUMN "imap_username" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ALTER COLUMN "password_sealed" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "smtp_host" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "smtp_port" integer;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "smtp_tls" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "smtp_username" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "smtp_password_sealed" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "daily_limit" integer DEFAULT 200 NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "hourly_limit" integer DEFAULT 50 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_message_key" ON "outbox" USING btree ("workspace_id","message_id");--> statement-breakpoint
CREATE INDEX "outbox_user_idx" ON "outbox" USING btree ("workspace_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_mailbox_sent_idx" ON "outbox" USING btree ("workspace_id","mailbox_id","sent_at") WHERE "outbox"."sent_at" is not null;