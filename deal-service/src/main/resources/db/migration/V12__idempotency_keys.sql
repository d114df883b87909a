-- Idempotency-Key (service-support's idempotency package): per tenant and key, the first request's fingerprint
-- (SHA-256 of method, path and body) and, once answered, its answer; purged after momentum.api.idempotency.retention.
CREATE TABLE idempotency_keys (
    tenant_id       TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    state           TEXT        NOT NULL, -- IN_PROGRESS, COMPLETED
    response_status INT,
    content_type    TEXT,
    location        TEXT,
    response_body   BYTEA,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
