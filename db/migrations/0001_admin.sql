CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`assessment_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	`key` text NOT NULL,
	`recipients` integer NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_occasion_uq` ON `reminders` (`assessment_id`,`due_at`,`key`);--> statement-breakpoint
CREATE INDEX `reminders_campaign_idx` ON `reminders` (`campaign_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `staged_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer NOT NULL,
	`assessment_id` integer,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `staged_imports_user_idx` ON `staged_imports` (`user_id`);--> statement-breakpoint
CREATE INDEX `staged_imports_expires_idx` ON `staged_imports` (`expires_at`);