-- Deliveries: one row per routed destination of an event, with its retry state and lease.
CREATE TABLE begini_delivery (
    id              UUID                     NOT NULL PRIMARY KEY,
    event_id        UUID                     NOT NULL REFERENCES begini_event (id),
    destination     VARCHAR(32)              NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_token     UUID,
    lease_until     TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(500),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT begini_delivery_event_destination_key UNIQUE (event_id, destination),
    CONSTRAINT begini_delivery_status_check
        CHECK (status IN ('pending', 'done', 'dead', 'unmatched', 'skipped'))
);
CREATE INDEX begini_delivery_due_idx ON begini_delivery (destination, status, next_attempt_at);

-- Every attempt of every delivery, for operators to see what happened.
CREATE TABLE begini_delivery_attempt (
    delivery_id UUID                     NOT NULL REFERENCES begini_delivery (id),
    attempt     INTEGER                  NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome     VARCHAR(16)              NOT NULL,
    error       VARCHAR(500),
    PRIMARY KEY (delivery_id, attempt)
);

-- One row per applicant: journey state and latest scores, each part updated only by a newer event.
CREATE TABLE begini_application (
    integration_id                VARCHAR(128)             NOT NULL,
    uid                           VARCHAR(128)             NOT NULL,
    application_started_at        BIGINT,
    journey_status                VARCHAR(32),
    journey_status_at             BIGINT,
    percentage_completed          VARCHAR(64),
    reasons                       CHARACTER VARYING,
    psychometric_score            INTEGER,
    psychometric_risk_band        VARCHAR(64),
    psychometric_score_confidence VARCHAR(64),
    psychometric_scored_at        BIGINT,
    android_score                 INTEGER,
    android_scored_at             BIGINT,
    ios_score                     INTEGER,
    ios_scored_at                 BIGINT,
    updated_at                    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (integration_id, uid)
);

-- Every score event, with everything Begini sent about it.
CREATE TABLE begini_score (
    event_id            UUID              NOT NULL PRIMARY KEY REFERENCES begini_event (id),
    integration_id      VARCHAR(128)      NOT NULL,
    uid                 VARCHAR(128)      NOT NULL,
    kind                VARCHAR(32)       NOT NULL,
    platform            CHARACTER VARYING,
    score               INTEGER,
    risk_band           CHARACTER VARYING,
    score_confidence    CHARACTER VARYING,
    scored_at           BIGINT,
    calculated          CHARACTER VARYING,
    flags               CHARACTER VARYING,
    permissions_granted CHARACTER VARYING,
    permissions_denied  CHARACTER VARYING
);
CREATE INDEX begini_score_applicant_idx ON begini_score (integration_id, uid);

CREATE TABLE begini_trait (
    event_id    UUID              NOT NULL REFERENCES begini_score (event_id),
    trait_index INTEGER           NOT NULL,
    trait_key   CHARACTER VARYING,
    trait_value CHARACTER VARYING,
    risk_band   CHARACTER VARYING,
    PRIMARY KEY (event_id, trait_index)
);

-- The demo's internal records, looked up by uid (enrich.sql). A real installation points enrich.sql at its own.
CREATE TABLE applicant (
    uid                VARCHAR(128) NOT NULL PRIMARY KEY,
    internal_id        VARCHAR(64)  NOT NULL,
    full_name          VARCHAR(200),
    email              VARCHAR(200),
    crm_id             VARCHAR(64),
    loan_officer_email VARCHAR(200)
);
