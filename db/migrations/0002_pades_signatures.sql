ALTER TABLE `reports` ADD `signature_cms` blob;--> statement-breakpoint
ALTER TABLE `reports` ADD `timestamped_at` integer;