-- The ops console and the admin API look an applicant up by uid alone (journey, exact uid filter), across
-- integrations: the (integration_id, uid) index cannot serve that.
CREATE INDEX begini_event_uid_idx ON begini_event (uid);
