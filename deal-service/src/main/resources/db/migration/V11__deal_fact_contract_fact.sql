-- Each timeline fact keeps what the stall policy reads of it: the contract's DealFact, as
-- DealFacts.of made it from the contract event, in JSON with its "type" (see DealFactJson); null for a
-- withdrawal, which the policy ignores. kind is the contract's EventType the fact comes from.
-- Rows of older versions are converted here, then the columns the JSON replaces go.
ALTER TABLE deal_fact ADD COLUMN fact JSONB;

UPDATE deal_fact SET kind = 'DEAL_' || kind
WHERE kind IN ('OPENED', 'STAGE_CHANGED', 'EXPECTED_CLOSE_CHANGED', 'CLOSED');

UPDATE deal_fact
SET fact = jsonb_build_object(
        'type', CASE kind
                    WHEN 'DEAL_OPENED' THEN 'Opened'
                    WHEN 'DEAL_STAGE_CHANGED' THEN 'StageChanged'
                    WHEN 'DEAL_EXPECTED_CLOSE_CHANGED' THEN 'ExpectedCloseChanged'
                    WHEN 'DEAL_CLOSED' THEN 'Closed'
                    WHEN 'COMMITMENT_MADE' THEN 'CommitmentMade'
                    WHEN 'COMMITMENT_KEPT' THEN 'CommitmentKept'
                    WHEN 'COMMITMENT_MISSED' THEN 'CommitmentMissed'
                END,
        'factId', fact_id,
        'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || CASE
           WHEN kind IN ('DEAL_OPENED', 'DEAL_STAGE_CHANGED') THEN jsonb_build_object('stage', stage)
           WHEN kind = 'DEAL_EXPECTED_CLOSE_CHANGED' THEN jsonb_build_object('pushed', coalesce(pushed, false))
           WHEN kind = 'DEAL_CLOSED' THEN jsonb_build_object('outcome', outcome)
           ELSE jsonb_build_object('commitmentId', commitment_id, 'direction', direction)
       END
WHERE kind <> 'COMMITMENT_WITHDRAWN';

ALTER TABLE deal_fact DROP COLUMN stage, DROP COLUMN pushed, DROP COLUMN outcome, DROP COLUMN direction;
