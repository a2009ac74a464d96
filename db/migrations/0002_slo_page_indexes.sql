DROP INDEX "slo_cycles_ongoing_due_idx";--> statement-breakpoint
CREATE INDEX "slo_cycles_at_risk_idx" ON "slo_cycles" USING btree ("due_at","ticket_id","policy") WHERE "slo_cycles"."ongoing" and not "slo_cycles"."breached";--> statement-breakpoint
CREATE INDEX "slo_cycles_started_idx" ON "slo_cycles" USING btree ("started_at","policy","breached","ongoing","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_metrics_computed_as_of_idx" ON "ticket_metrics" USING btree ("computed_as_of");