CREATE TABLE "cluster_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"settings_key" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"ingested_through" timestamp with time zone,
	"tickets" integer NOT NULL,
	"clustered" integer NOT NULL,
	"clusters" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cluster_members" ADD COLUMN "mined_cluster_id" text;