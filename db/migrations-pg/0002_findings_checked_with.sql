ALTER TABLE "flows" ADD COLUMN "findings_legal_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "findings_rulebook" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "legal_version" integer DEFAULT 0 NOT NULL;