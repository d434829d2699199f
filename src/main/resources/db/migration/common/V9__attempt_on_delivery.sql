-- The latest attempt's times on the delivery itself: a first attempt that succeeds is recorded there alone, with no
-- row in begini_delivery_attempt (which keeps every failure and every attempt after the first).
ALTER TABLE begini_delivery ADD COLUMN last_attempt_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE begini_delivery ADD COLUMN last_attempt_finished_at TIMESTAMP WITH TIME ZONE;
