-- The read model behind the GET endpoints, updated in the same transaction as the events.
CREATE TABLE commitment_view (
    tenant_id      TEXT        NOT NULL,
    commitment_id  TEXT        NOT NULL,
    deal_id        TEXT        NOT NULL,
    category       TEXT        NOT NULL,
    direction      TEXT        NOT NULL,
    description    TEXT,
    made_by_party  TEXT        NOT NULL,
    made_by_role   TEXT        NOT NULL,
    made_by_name   TEXT,
    made_to_party  TEXT        NOT NULL,
    made_to_role   TEXT        NOT NULL,
    made_to_name   TEXT,
    due_at         TIMESTAMPTZ NOT NULL,
    status         TEXT        NOT NULL,
    late           BOOLEAN     NOT NULL,
    renegotiations INT         NOT NULL,
    made_at        TIMESTAMPTZ NOT NULL,
    resolved_at    TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, commitment_id)
);
CREATE INDEX commitment_view_deal_idx ON commitment_view (tenant_id, deal_id, made_at);
CREATE INDEX commitment_view_status_idx ON commitment_view (tenant_id, status, made_at);
