-- A replayed delivery gets a fresh budget of attempts: attempts made before its last replay do not count.
ALTER TABLE begini_delivery ADD COLUMN attempt_base INTEGER DEFAULT 0 NOT NULL;
