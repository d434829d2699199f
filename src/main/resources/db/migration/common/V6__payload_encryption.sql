-- Which key encrypted the stored payload (AES-GCM, payload.encryption-keys); null: stored in clear.
ALTER TABLE begini_event ADD COLUMN payload_key_id VARCHAR(64);
