-- The consent ledger is evidence (GDPR Art. 7(1)): rows are never changed or removed.
-- Chained rows refuse every UPDATE. Rows stored before the chain existed may only have
-- their subject replaced by its pseudonym (Art. 17 erasure keeps the proof).
-- The same rules as the SQLite triggers in db/migrations/0002_runtime_consent_ledger_triggers.sql.
CREATE FUNCTION consent_events_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.seq IS NOT NULL OR NEW.seq IS NOT NULL
    OR NEW.workspace_id IS DISTINCT FROM OLD.workspace_id OR NEW.event_id IS DISTINCT FROM OLD.event_id
    OR NEW.flow_id IS DISTINCT FROM OLD.flow_id OR NEW.flow_version IS DISTINCT FROM OLD.flow_version
    OR NEW.purpose IS DISTINCT FROM OLD.purpose OR NEW.outcome IS DISTINCT FROM OLD.outcome
    OR NEW.text_hash IS DISTINCT FROM OLD.text_hash OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
    OR NEW.channel IS DISTINCT FROM OLD.channel THEN
    RAISE EXCEPTION 'consent_events is append-only: rows cannot be changed';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
  FOR EACH ROW EXECUTE FUNCTION consent_events_refuse_update();
--> statement-breakpoint
-- Deleting is refused while the workspace exists; deleting the whole workspace still cascades.
CREATE FUNCTION consent_events_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM workspaces WHERE id = OLD.workspace_id) THEN
    RAISE EXCEPTION 'consent_events is append-only: rows cannot be deleted';
  END IF;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
  FOR EACH ROW EXECUTE FUNCTION consent_events_refuse_delete();
