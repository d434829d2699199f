-- Enrichment honours the integration that signed: an internal record belongs to one integration, and one uid may
-- exist under several. Rows already present (the demo's) belong to the demo integration of the README.
ALTER TABLE applicant ADD COLUMN integration_id VARCHAR(128) DEFAULT '00000000000000000001' NOT NULL;
ALTER TABLE applicant ALTER COLUMN integration_id DROP DEFAULT;
ALTER TABLE applicant DROP PRIMARY KEY;
ALTER TABLE applicant ADD PRIMARY KEY (integration_id, uid);
