-- The inbox: every genuine webhook, stored as the exact bytes received before it is answered 200.
CREATE TABLE begini_event (
    id             UUID                     NOT NULL PRIMARY KEY,
    integration_id VARCHAR(128)             NOT NULL,
    uid            VARCHAR(128),
    event_type     VARCHAR(128),
    payload        BYTEA                    NOT NULL,
    payload_sha256 CHAR(64)                 NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    status         VARCHAR(16)              NOT NULL,
    status_reason  VARCHAR(200),
    CONSTRAINT begini_event_payload_sha256_key UNIQUE (payload_sha256),
    CONSTRAINT begini_event_status_check
        CHECK (status IN ('received', 'routed', 'unrouted', 'quarantined'))
);

CREATE INDEX begini_event_status_idx ON begini_event (status, received_at);
CREATE INDEX begini_event_applicant_idx ON begini_event (integration_id, uid);
