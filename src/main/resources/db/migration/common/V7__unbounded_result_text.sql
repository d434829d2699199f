-- Begini does not bound these values (risk bands, confidences and percentages are not enumerated): a longer one than
-- 64 characters must be stored, not fail its delivery until it is dead.
ALTER TABLE begini_application ALTER COLUMN percentage_completed SET DATA TYPE CHARACTER VARYING;
ALTER TABLE begini_application ALTER COLUMN psychometric_risk_band SET DATA TYPE CHARACTER VARYING;
ALTER TABLE begini_application ALTER COLUMN psychometric_score_confidence SET DATA TYPE CHARACTER VARYING;
