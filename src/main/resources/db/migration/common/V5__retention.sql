-- When the payload of a fully delivered event was purged (retention.days); the row and its results stay.
ALTER TABLE begini_event ADD COLUMN payload_purged_at TIMESTAMP WITH TIME ZONE;
