CREATE TABLE "analysis_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"config_digest" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"tickets" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_metrics" ADD COLUMN "derived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ticket_metrics" ADD COLUMN "as_of_sensitive" boolean DEFAULT true NOT NULL;