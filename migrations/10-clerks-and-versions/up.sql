-- Several clerks on one book: who made each change, and a version on customers and vouchers so
-- a clerk's save over a record another clerk changed since it was opened is refused, not lost.
--
-- `version` counts the saves of the row (1 when made); a save names the version it started
-- from. `updated_by` and the histories' `changed_by` hold the clerk: the database role on a
-- server book, the computer's user name on a book in a file; '' for changes made before.
ALTER TABLE customers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE customers ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE vouchers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE vouchers ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE customer_history ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE voucher_history ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';

-- Each run's popup is raised on the desks it is for: one row per run and computer that showed
-- it, so a PC shows a run once however many checkers there are, and a PC that was off shows it
-- when it starts (see alerts::checker).
CREATE TABLE alert_popups (
    run_id   INTEGER NOT NULL REFERENCES alert_runs(id) ON DELETE CASCADE,
    computer TEXT NOT NULL,
    shown_at TEXT NOT NULL,
    error    TEXT,
    PRIMARY KEY (run_id, computer)
) WITHOUT ROWID;
