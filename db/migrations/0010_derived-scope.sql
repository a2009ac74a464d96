DROP INDEX "slo_cycles_started_idx";--> statement-breakpoint
DROP INDEX "ticket_metrics_first_resolved_idx";--> statement-breakpoint
DROP INDEX "ticket_metrics_open_idx";--> statement-breakpoint
ALTER TABLE "slo_cycles" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "slo_cycles" ADD COLUMN "team" text;--> statement-breakpoint
ALTER TABLE "slo_cycles" ADD COLUMN "cluster_id" text;--> statement-breakpoint
ALTER TABLE "slo_cycles" ADD COLUMN "previous_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "slo_cycles" ADD COLUMN "previous_breached_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ticket_metrics" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "ticket_metrics" ADD COLUMN "team" text;--> statement-breakpoint
ALTER TABLE "ticket_metrics" ADD COLUMN "type" text;--> statement-breakpoint
ALTER TABLE "ticket_metrics" ADD COLUMN "created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ticket_metrics" ADD COLUMN "first_reopened_at" timestamp with time zone;--> statement-breakpoint
-- Rows derived before this migration get the new columns from what is stored, so no re-analysis is
-- needed. Metrics: the ticket's scope, and the first working interval that directly follows a done one.
UPDATE "ticket_metrics" AS m
SET "source" = t."source", "team" = t."team", "type" = t."type", "created_at" = t."created_at",
    "first_reopened_at" = (
      SELECT min(s."entered_at") FROM (
        SELECT i."entered_at", i."category",
               lag(i."category") OVER (ORDER BY i."ordinal") AS "previous"
        FROM "ticket_intervals" AS i WHERE i."ticket_id" = m."ticket_id"
      ) AS s
      WHERE s."previous" = 'done' AND s."category" IN ('triage', 'queue', 'active', 'waiting')
    )
FROM "tickets" AS t WHERE t."id" = m."ticket_id";--> statement-breakpoint
-- SLO cycles: the ticket's scope and request type, and the starts of the previous (breached) cycle.
UPDATE "slo_cycles" AS c
SET "source" = m."source", "team" = m."team", "cluster_id" = m."cluster_id",
    "previous_started_at" = p."previous_started_at",
    "previous_breached_started_at" = p."previous_breached_started_at"
FROM "ticket_metrics" AS m, (
  SELECT "ticket_id", "policy", "cycle",
         lag("started_at") OVER w AS "previous_started_at",
         max("started_at") FILTER (WHERE "breached") OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
           AS "previous_breached_started_at"
  FROM "slo_cycles"
  WINDOW w AS (PARTITION BY "ticket_id", "policy" ORDER BY "cycle")
) AS p
WHERE m."ticket_id" = c."ticket_id"
  AND p."ticket_id" = c."ticket_id" AND p."policy" = c."policy" AND p."cycle" = c."cycle";--> statement-breakpoint
CREATE INDEX "slo_cycles_started_idx" ON "slo_cycles" USING btree ("started_at","policy","breached","ongoing","previous_started_at","previous_breached_started_at","team","source","cluster_id");--> statement-breakpoint
CREATE INDEX "ticket_metrics_first_resolved_idx" ON "ticket_metrics" USING btree ("first_resolved_at","lead_time_first_hours","cycle_time_hours","queue_hours","waiting_hours","active_hours","flow_efficiency","reopen_count","first_reopened_at","type","team","source","cluster_id","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_metrics_open_idx" ON "ticket_metrics" USING btree ("created_at","ticket_id") WHERE "ticket_metrics"."is_open";
