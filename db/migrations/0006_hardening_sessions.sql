CREATE TABLE `session_marks` (
	`sid` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`revoked` integer DEFAULT false NOT NULL,
	`renewed_to` integer,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
