CREATE TABLE `analytics_counts` (
	`workspace_id` text NOT NULL,
	`flow_id` text NOT NULL,
	`flow_version` integer NOT NULL,
	`node_id` text NOT NULL,
	`kind` text NOT NULL,
	`output` text NOT NULL,
	`channel` text NOT NULL,
	`day` text NOT NULL,
	`test` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `flow_id`, `flow_version`, `node_id`, `kind`, `output`, `channel`, `day`, `test`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `analytics_counts_day_idx` ON `analytics_counts` (`workspace_id`,`day`);--> statement-breakpoint
CREATE TABLE `analytics_events` (
	`workspace_id` text NOT NULL,
	`event_id` text NOT NULL,
	`digest` text NOT NULL,
	`received_at` integer NOT NULL,
	`body` text,
	PRIMARY KEY(`workspace_id`, `event_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `analytics_events_received_idx` ON `analytics_events` (`workspace_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `analytics_settings` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`raw_retention_days` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
