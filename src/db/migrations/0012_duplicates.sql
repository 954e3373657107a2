CREATE TABLE "duplicate_dismissals" (
	"workspace_id" uuid NOT NULL,
	"contact_a_id" uuid NOT NULL,
	"contact_b_id" uuid NOT NULL,
	"dismissed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_dismissals_workspace_id_contact_a_id_contact_b_id_pk" PRIMARY KEY("workspace_id","contact_a_id","contact_b_id"),
	CONSTRAINT "duplicate_dismissals_order" CHECK ("duplicate_dismissals"."contact_a_id" < "duplicate_dismissals"."contact_b_id")
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "linkedin_url" text;--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_workspace_id_contact_a_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_a_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_workspace_id_contact_b_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_b_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_workspace_id_dismissed_by_users_workspace_id_id_fk" FOREIGN KEY ("workspace_id","dismissed_by") REFERENCES "public"."users"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_dismissals_b_idx" ON "duplicate_dismissals" USING btree ("workspace_id","contact_b_id");