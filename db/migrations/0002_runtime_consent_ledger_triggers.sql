-- The consent ledger is evidence (GDPR Art. 7(1)): rows are never changed or removed.
-- Chained rows refuse every UPDATE. Rows stored before the chain existed may only have
-- their subject replaced by its pseudonym (Art. 17 erasure keeps the proof).
CREATE TRIGGER `consent_events_no_update`
BEFORE UPDATE ON `consent_events`
WHEN OLD.`seq` IS NOT NULL OR NEW.`seq` IS NOT NULL
  OR NEW.`workspace_id` IS NOT OLD.`workspace_id` OR NEW.`event_id` IS NOT OLD.`event_id`
  OR NEW.`flow_id` IS NOT OLD.`flow_id` OR NEW.`flow_version` IS NOT OLD.`flow_version`
  OR NEW.`purpose` IS NOT OLD.`purpose` OR NEW.`outcome` IS NOT OLD.`outcome`
  OR NEW.`text_hash` IS NOT OLD.`text_hash` OR NEW.`occurred_at` IS NOT OLD.`occurred_at`
  OR NEW.`channel` IS NOT OLD.`channel`
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only: rows cannot be changed');
END;
--> statement-breakpoint
-- Deleting is refused while the workspace exists; deleting the whole workspace still cascades.
CREATE TRIGGER `consent_events_no_delete`
BEFORE DELETE ON `consent_events`
WHEN EXISTS (SELECT 1 FROM `workspaces` WHERE `id` = OLD.`workspace_id`)
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only: rows cannot be deleted');
END;
