ALTER TABLE "clusters" ADD COLUMN "templates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "terms" jsonb DEFAULT '[]'::jsonb NOT NULL;