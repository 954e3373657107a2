CREATE TABLE "audit_log" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid,
	"changes" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"priority" smallint NOT NULL,
	"interval_days" integer,
	"channel" text DEFAULT 'any' NOT NULL,
	"require_next_step" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tiers_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"domain" text,
	"industry" text,
	"fit_rating" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "contact_emails" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"email" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "contact_emails_workspace_id_contact_id_email_pk" PRIMARY KEY("workspace_id","contact_id","email")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"title" text,
	"company_id" uuid,
	"owner_id" uuid,
	"tier_id" uuid,
	"interval_days" integer,
	"stage" text DEFAULT 'lead' NOT NULL,
	"readiness" smallint DEFAULT 0 NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text,
	"phones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"birthday" date,
	"do_not_contact" boolean DEFAULT false NOT NULL,
	"snoozed_until" date,
	"archived" boolean DEFAULT false NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_touch_at" timestamp with time zone,
	"next_step_on" date,
	"next_due_on" date,
	"due_reason" text,
	"today_on" date,
	"is_orphan" boolean DEFAULT false NOT NULL,
	CONSTRAINT "contacts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "facts" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"text" text NOT NULL,
	"remind_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "interaction_contacts" (
	"workspace_id" uuid NOT NULL,
	"interaction_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"is_touch" boolean NOT NULL,
	CONSTRAINT "interaction_contacts_workspace_id_interaction_id_contact_id_pk" PRIMARY KEY("workspace_id","interaction_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "interactions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"direction" text DEFAULT 'out' NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"summary" text NOT NULL,
	"body" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interactions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "next_steps" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"action" text NOT NULL,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"interaction_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "next_steps_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_tokens_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_emails" ADD CONSTRAINT "contact_emails_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_workspace_id_company_id_companies_workspace_id_id_fk" FOREIGN KEY ("workspace_id","company_id") REFERENCES "public"."companies"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_workspace_id_tier_id_tiers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","tier_id") REFERENCES "public"."tiers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_workspace_id_owner_id_users_workspace_id_id_fk" FOREIGN KEY ("workspace_id","owner_id") REFERENCES "public"."users"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facts" ADD CONSTRAINT "facts_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_contacts" ADD CONSTRAINT "interaction_contacts_workspace_id_interaction_id_interactions_workspace_id_id_fk" FOREIGN KEY ("workspace_id","interaction_id") REFERENCES "public"."interactions"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interaction_contacts" ADD CONSTRAINT "interaction_contacts_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "next_steps" ADD CONSTRAINT "next_steps_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_workspace_id_user_id_users_workspace_id_id_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."users"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_workspace_id_user_id_users_workspace_id_id_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."users"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("workspace_id","entity","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tiers_name_key" ON "tiers" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "companies_name_idx" ON "companies" USING btree ("workspace_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "companies_domain_idx" ON "companies" USING btree ("workspace_id",lower("domain"));--> statement-breakpoint
CREATE UNIQUE INDEX "contact_emails_email_key" ON "contact_emails" USING btree ("workspace_id",lower("email"));--> statement-breakpoint
CREATE INDEX "contacts_today_owner_idx" ON "contacts" USING btree ("workspace_id","owner_id","today_on") WHERE "contacts"."today_on" is not null;--> statement-breakpoint
CREATE INDEX "contacts_today_idx" ON "contacts" USING btree ("workspace_id","today_on") WHERE "contacts"."today_on" is not null;--> statement-breakpoint
CREATE INDEX "contacts_orphans_idx" ON "contacts" USING btree ("workspace_id","owner_id") WHERE "contacts"."is_orphan";--> statement-breakpoint
CREATE INDEX "contacts_tier_idx" ON "contacts" USING btree ("workspace_id","tier_id");--> statement-breakpoint
CREATE INDEX "contacts_company_idx" ON "contacts" USING btree ("workspace_id","company_id");--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("workspace_id","owner_id");--> statement-breakpoint
CREATE INDEX "contacts_name_idx" ON "contacts" USING btree ("workspace_id",lower("last_name"),lower("first_name"),"id");--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin ("workspace_id","search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_tags_idx" ON "contacts" USING gin ("workspace_id","tags");--> statement-breakpoint
CREATE INDEX "facts_contact_idx" ON "facts" USING btree ("workspace_id","contact_id","created_at");--> statement-breakpoint
CREATE INDEX "facts_remind_idx" ON "facts" USING btree ("workspace_id","contact_id","remind_on");--> statement-breakpoint
CREATE INDEX "interaction_contacts_timeline_idx" ON "interaction_contacts" USING btree ("workspace_id","contact_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "interaction_contacts_touch_idx" ON "interaction_contacts" USING btree ("workspace_id","contact_id","occurred_at" DESC NULLS LAST) WHERE "interaction_contacts"."is_touch";--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_external_key" ON "interactions" USING btree ("workspace_id","source","external_id") WHERE "interactions"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_occurred_idx" ON "interactions" USING btree ("workspace_id","occurred_at");--> statement-breakpoint
CREATE INDEX "next_steps_open_idx" ON "next_steps" USING btree ("workspace_id","contact_id","due_on") WHERE "next_steps"."done_at" is null;--> statement-breakpoint
CREATE INDEX "next_steps_contact_idx" ON "next_steps" USING btree ("workspace_id","contact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_token_key" ON "api_tokens" USING btree ("workspace_id","token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_key" ON "sessions" USING btree ("workspace_id","token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "users_workspace_email_key" ON "users" USING btree ("workspace_id",lower("email"));--> statement-breakpoint
CREATE INDEX "users_login_email_idx" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_name_key" ON "workspaces" USING btree (lower("name"));