-- Ledger alerts: the rules, every run of a rule with the customers it matched, and the
-- e-mails each run owes its recipients.
--
-- A rule's scope and recipients are JSON written and read by the store only; they are
-- never queried by SQL. Thresholds and figures are exact decimals kept as text.

CREATE TABLE alert_rules (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    measure           TEXT NOT NULL,
    comparison        TEXT NOT NULL,
    threshold         TEXT NOT NULL,
    period            TEXT NOT NULL,
    scope             TEXT NOT NULL DEFAULT '{}',
    schedule          TEXT NOT NULL,
    recipients        TEXT NOT NULL DEFAULT '[]',
    enabled           INTEGER NOT NULL DEFAULT 1,
    notify_when_empty INTEGER NOT NULL DEFAULT 0,
    -- local 'YYYY-MM-DD HH:MM:SS'; slots before it are not caught up
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE alert_runs (
    id            INTEGER PRIMARY KEY,
    -- kept when the rule is deleted: the run carries the rule as it was
    rule_id       INTEGER REFERENCES alert_rules(id) ON DELETE SET NULL,
    rule_name     TEXT NOT NULL,
    rule_json     TEXT NOT NULL,
    condition     TEXT NOT NULL,
    -- the scheduled local time 'YYYY-MM-DD HH:MM'; NULL for a run the clerk asked for
    slot          TEXT,
    ran_at        TEXT NOT NULL,
    late          INTEGER NOT NULL DEFAULT 0,
    period_from   TEXT,
    period_to     TEXT,
    threshold     TEXT NOT NULL,
    match_count   INTEGER NOT NULL,
    notified_at   TEXT,
    notify_error  TEXT,
    read_at       TEXT,
    -- the claim: one run per rule and scheduled time, whichever process gets there first
    UNIQUE (rule_id, slot)
);
CREATE INDEX alert_runs_newest ON alert_runs (ran_at DESC, id DESC);

CREATE TABLE alert_matches (
    run_id      INTEGER NOT NULL REFERENCES alert_runs(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
) WITHOUT ROWID;

CREATE TABLE alert_deliveries (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES alert_runs(id) ON DELETE CASCADE,
    recipient       TEXT NOT NULL,
    email           TEXT NOT NULL,
    -- 'pending', 'sent' or 'failed' (failed ones are retried until they run out of attempts)
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    last_attempt_at TEXT,
    sent_at         TEXT
);
CREATE INDEX alert_deliveries_waiting ON alert_deliveries (status, run_id);
