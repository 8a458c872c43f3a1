CREATE TABLE `consent_ledgers` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`hmac_secret` text NOT NULL,
	`head_seq` integer DEFAULT 0 NOT NULL,
	`head_hash` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `consent_subject_keys` (
	`workspace_id` text NOT NULL,
	`subject` text NOT NULL,
	`key` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `subject`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `consent_events` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `consent_node_id` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `answer_mode` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `explicit` integer;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `categories` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `privacy_policy_url` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `subject_cipher` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `event_digest` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `consent_events` ADD `row_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `consent_events_seq_idx` ON `consent_events` (`workspace_id`,`seq`);