-- The server twin of migrations/10-clerks-and-versions: who made each change, and a version on
-- customers and vouchers for refusing a save over another clerk's change.
ALTER TABLE customers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE customers ADD COLUMN updated_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE vouchers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE vouchers ADD COLUMN updated_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE customer_history ADD COLUMN changed_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE voucher_history ADD COLUMN changed_by TEXT COLLATE "C" NOT NULL DEFAULT '';

-- Each run's popup on the desks it is for (see migrations/10).
CREATE TABLE alert_popups (
    run_id   BIGINT NOT NULL REFERENCES alert_runs(id) ON DELETE CASCADE,
    computer TEXT COLLATE "C" NOT NULL,
    shown_at TEXT COLLATE "C" NOT NULL,
    error    TEXT COLLATE "C",
    PRIMARY KEY (run_id, computer)
);
