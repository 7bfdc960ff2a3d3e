-- SQLite adds a NOT NULL column only with a default; runMigrations (db/migrate.ts) then writes every
-- facility's key, and every writer gives one from then on (the schema has no default).
ALTER TABLE `facilities` ADD `sort_key` text NOT NULL DEFAULT '';--> statement-breakpoint
CREATE INDEX `assessments_queue_idx` ON `assessments` (`status`,`campaign_id`,`facility_id`);
