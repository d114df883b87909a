-- Pipelines defined by tenants (buyer-journey is built in and never stored).
CREATE TABLE pipeline (
    tenant_id  TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    stages     TEXT        NOT NULL, -- JSON array of stage names, in order
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

-- The read model behind the GET endpoints, updated in the same transaction as the events.
-- stall_check_at: when an open, not stalled deal becomes stalled for inactivity if nothing happens,
-- so that lists can filter on the status as of now without waiting for the deadline.
CREATE TABLE deal_view (
    tenant_id         TEXT        NOT NULL,
    deal_id           TEXT        NOT NULL,
    name              TEXT        NOT NULL,
    account           TEXT,
    segment           TEXT,
    amount            NUMERIC,
    currency          TEXT,
    owner             TEXT,
    pipeline          TEXT        NOT NULL,
    stages            TEXT        NOT NULL,
    stage             TEXT        NOT NULL,
    stage_entered_at  TIMESTAMPTZ NOT NULL,
    expected_close_on DATE,
    close_pushes      INT         NOT NULL,
    opened_at         TIMESTAMPTZ NOT NULL,
    closed_at         TIMESTAMPTZ,
    outcome           TEXT,
    stalled           BOOLEAN     NOT NULL,
    stall_check_at    TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, deal_id)
);
CREATE INDEX deal_view_opened_idx ON deal_view (tenant_id, opened_at, deal_id);
CREATE INDEX deal_view_stage_idx ON deal_view (tenant_id, stage);
CREATE INDEX deal_view_owner_idx ON deal_view (tenant_id, owner);

-- Each deal's timeline: its own events and the commitment facts about it (also before it opened).
-- The GET view applies the stall policy to these at read time.
CREATE TABLE deal_fact (
    tenant_id     TEXT        NOT NULL,
    deal_id       TEXT        NOT NULL,
    fact_id       TEXT        NOT NULL, -- the event's ce_id
    kind          TEXT        NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    stage         TEXT,
    pushed        BOOLEAN,
    outcome       TEXT,
    commitment_id TEXT,
    direction     TEXT,
    sequence      BIGINT,
    late          BOOLEAN,
    PRIMARY KEY (tenant_id, deal_id, fact_id)
);
