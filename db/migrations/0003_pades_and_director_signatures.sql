CREATE TABLE `director_signatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`submission_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`storage_path` text NOT NULL,
	`signer_subject` text NOT NULL,
	`signer_common_name` text,
	`signer_issuer` text NOT NULL,
	`certificate_fingerprint` text NOT NULL,
	`trust` text NOT NULL,
	`trust_anchor` text,
	`signed_at` integer,
	`timestamped` integer DEFAULT false NOT NULL,
	`sub_filter` text,
	`uploaded_by` integer,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `director_signatures_assessment_idx` ON `director_signatures` (`assessment_id`,`submission_id`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `director_signature` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `submissions` ADD `document_sha256` text;--> statement-breakpoint
ALTER TABLE `submissions` ADD `document_size` integer;--> statement-breakpoint
ALTER TABLE `submissions` ADD `document_path` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `signature_cms` blob;--> statement-breakpoint
ALTER TABLE `reports` ADD `timestamped_at` integer;