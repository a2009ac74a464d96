CREATE TABLE "source_slo_cycles" (
	"ticket_id" text NOT NULL,
	"policy" text NOT NULL,
	"cycle" integer NOT NULL,
	"source_field" text,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"breach_at" timestamp with time zone,
	"breached" boolean NOT NULL,
	"paused" boolean,
	"ongoing" boolean NOT NULL,
	"goal_ms" bigint,
	"elapsed_ms" bigint,
	"remaining_ms" bigint,
	CONSTRAINT "source_slo_cycles_ticket_id_policy_cycle_pk" PRIMARY KEY("ticket_id","policy","cycle")
);
--> statement-breakpoint
ALTER TABLE "source_slo_cycles" ADD CONSTRAINT "source_slo_cycles_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;