-- Enrichment honours the integration that signed: an internal record belongs to one integration, and one uid may
-- exist under several. Rows already present are given the demo integration of the README: an installation that
-- filled this table itself sets each row's integration_id after the upgrade.
ALTER TABLE applicant ADD COLUMN integration_id VARCHAR(128) DEFAULT '00000000000000000001' NOT NULL;
ALTER TABLE applicant ALTER COLUMN integration_id DROP DEFAULT;
ALTER TABLE applicant DROP CONSTRAINT applicant_pkey;
ALTER TABLE applicant ADD PRIMARY KEY (integration_id, uid);
