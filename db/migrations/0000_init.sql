CREATE TABLE "automation_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "automation_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"automation" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text,
	"outcome" text NOT NULL,
	"duration_seconds" double precision
);
--> statement-breakpoint
CREATE TABLE "automations" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"clusters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"launched_at" timestamp with time zone NOT NULL,
	"build_cost_hours" double precision,
	"token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cluster_members" (
	"ticket_id" text PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"template_id" text,
	"parameters" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cluster_overrides" (
	"id" serial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"cluster_id" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"template" text,
	"parameters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"first_seen" timestamp with time zone,
	"last_seen" timestamp with time zone,
	"examples" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"excluded" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"base_url" text,
	"scope" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"schedule" text,
	"secret_ciphertext" text,
	"secret_key_id" text,
	"secret_last4" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"service" text NOT NULL,
	"environment" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text NOT NULL,
	"commit_times" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_rework" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw_payloads" (
	"connection_id" integer NOT NULL,
	"external_id" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"body" jsonb NOT NULL,
	CONSTRAINT "raw_payloads_connection_id_external_id_pk" PRIMARY KEY("connection_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "settings_versions" (
	"version" serial PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"saved_by" text
);
--> statement-breakpoint
CREATE TABLE "slo_cycles" (
	"ticket_id" text NOT NULL,
	"policy" text NOT NULL,
	"cycle" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"elapsed_business_hours" double precision NOT NULL,
	"goal_hours" double precision NOT NULL,
	"met" boolean,
	"breached" boolean NOT NULL,
	"breached_at" timestamp with time zone,
	"remaining_hours" double precision,
	"due_at" timestamp with time zone,
	"ongoing" boolean NOT NULL,
	"calendar" text NOT NULL,
	"calendar_version" text NOT NULL,
	CONSTRAINT "slo_cycles_ticket_id_policy_cycle_pk" PRIMARY KEY("ticket_id","policy","cycle")
);
--> statement-breakpoint
CREATE TABLE "sync_cursors" (
	"connection_id" integer NOT NULL,
	"entity" text NOT NULL,
	"last_success_started_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sync_cursors_connection_id_entity_pk" PRIMARY KEY("connection_id","entity")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"connection_id" integer NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text NOT NULL,
	"pages" integer DEFAULT 0 NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"retries" integer DEFAULT 0 NOT NULL,
	"error" text,
	"cursor_from" timestamp with time zone,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"ticket_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"actor" text,
	"actor_is_bot" boolean DEFAULT false NOT NULL,
	"is_public" boolean,
	CONSTRAINT "ticket_events_ticket_id_seq_pk" PRIMARY KEY("ticket_id","seq")
);
--> statement-breakpoint
CREATE TABLE "ticket_intervals" (
	"ticket_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"status" text NOT NULL,
	"category" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	CONSTRAINT "ticket_intervals_ticket_id_ordinal_pk" PRIMARY KEY("ticket_id","ordinal")
);
--> statement-breakpoint
CREATE TABLE "ticket_metrics" (
	"ticket_id" text PRIMARY KEY NOT NULL,
	"is_open" boolean NOT NULL,
	"first_resolved_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"lead_time_first_hours" double precision,
	"lead_time_final_hours" double precision,
	"cycle_time_hours" double precision,
	"queue_hours" double precision NOT NULL,
	"triage_hours" double precision NOT NULL,
	"waiting_hours" double precision NOT NULL,
	"active_hours" double precision NOT NULL,
	"done_interim_hours" double precision NOT NULL,
	"flow_efficiency" double precision,
	"time_to_first_response_hours" double precision,
	"time_to_assign_hours" double precision,
	"time_to_triage_hours" double precision,
	"reopen_count" integer NOT NULL,
	"cluster_id" text,
	"computed_as_of" timestamp with time zone NOT NULL,
	"settings_version" integer
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" integer NOT NULL,
	"external_id" text NOT NULL,
	"source" text NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text,
	"priority" text,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"team" text,
	"requester" text,
	"requester_team" text,
	"assignee" text,
	"status" text NOT NULL,
	"status_category" text NOT NULL,
	"source_status_category" text,
	"url" text,
	"created_at" timestamp with time zone NOT NULL,
	"original" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cluster_members" ADD CONSTRAINT "cluster_members_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw_payloads" ADD CONSTRAINT "raw_payloads_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slo_cycles" ADD CONSTRAINT "slo_cycles_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_cursors" ADD CONSTRAINT "sync_cursors_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_intervals" ADD CONSTRAINT "ticket_intervals_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_metrics" ADD CONSTRAINT "ticket_metrics_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "automation_runs_natural_uq" ON "automation_runs" USING btree ("automation","at","actor");--> statement-breakpoint
CREATE UNIQUE INDEX "automations_name_uq" ON "automations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "cluster_members_cluster_idx" ON "cluster_members" USING btree ("cluster_id");--> statement-breakpoint
CREATE UNIQUE INDEX "connections_name_uq" ON "connections" USING btree ("name");--> statement-breakpoint
CREATE INDEX "deployments_started_idx" ON "deployments" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "slo_cycles_ongoing_due_idx" ON "slo_cycles" USING btree ("ongoing","due_at");--> statement-breakpoint
CREATE INDEX "sync_runs_connection_started_idx" ON "sync_runs" USING btree ("connection_id","started_at");--> statement-breakpoint
CREATE INDEX "ticket_metrics_first_resolved_idx" ON "ticket_metrics" USING btree ("first_resolved_at");--> statement-breakpoint
CREATE INDEX "ticket_metrics_cluster_idx" ON "ticket_metrics" USING btree ("cluster_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_connection_external_uq" ON "tickets" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tickets_category_idx" ON "tickets" USING btree ("status_category");--> statement-breakpoint
CREATE INDEX "tickets_source_key_idx" ON "tickets" USING btree ("source","key");