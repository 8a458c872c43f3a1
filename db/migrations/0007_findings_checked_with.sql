ALTER TABLE `flows` ADD `findings_legal_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `flows` ADD `findings_rulebook` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `legal_version` integer DEFAULT 0 NOT NULL;