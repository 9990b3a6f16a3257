-- Trading: items, vouchers with their lines and history, and the numbering series.
--
-- Money on vouchers is stored as whole ten-thousandths (amount × 10^4) in
-- INTEGER columns: exact, and summable by SQLite without floating point.
-- Quantities, prices and rates are exact decimals kept as text.
-- Keyword columns (kind, method) are checked by the store, not by CHECK (… IN …):
-- such a CHECK builds a temporary table on every insert.

CREATE TABLE items (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    code_key       TEXT NOT NULL,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    sales_price    TEXT NOT NULL DEFAULT '0',
    purchase_price TEXT NOT NULL DEFAULT '0',
    tax_rate       TEXT NOT NULL DEFAULT '0',
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX items_by_code_key ON items (code_key);
CREATE INDEX items_by_name ON items (name_key);

CREATE TABLE voucher_series (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
) WITHOUT ROWID;

CREATE TABLE vouchers (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    date             TEXT NOT NULL,
    due_date         TEXT,
    supply           INTEGER NOT NULL,
    tax              INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    amount           INTEGER NOT NULL,
    payable_amount   INTEGER NOT NULL,
    -- the voucher's effect on the customer's account, derived by the store
    debit            INTEGER NOT NULL,
    credit           INTEGER NOT NULL,
    receivable_delta INTEGER NOT NULL,
    payable_delta    INTEGER NOT NULL,
    method           TEXT NOT NULL DEFAULT 'bank',
    reference        TEXT NOT NULL DEFAULT '',
    applies_to       TEXT,
    memo             TEXT NOT NULL DEFAULT '',
    voided           INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX vouchers_by_customer ON vouchers (customer_id, date, id);
-- Covers the balances of every customer: read in customer order, no table lookups.
CREATE INDEX vouchers_for_balances ON vouchers (customer_id, voided, receivable_delta, payable_delta);
CREATE INDEX vouchers_by_applies_to ON vouchers (applies_to) WHERE applies_to IS NOT NULL;
-- Covers the ageing of every customer: invoices and settlements of one side read
-- without touching the wider table rows.
CREATE INDEX vouchers_for_ageing ON vouchers (kind, voided, date, customer_id, due_date, total, amount, payable_amount, applies_to);

CREATE TABLE voucher_lines (
    id           INTEGER PRIMARY KEY,
    voucher_id   INTEGER NOT NULL REFERENCES vouchers(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    item_id      INTEGER NOT NULL REFERENCES items(id),
    item_code    TEXT NOT NULL,
    item_name    TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    quantity     TEXT NOT NULL,
    unit_price   TEXT NOT NULL,
    discount_pct TEXT NOT NULL DEFAULT '0',
    tax_rate     TEXT NOT NULL DEFAULT '0',
    supply       INTEGER NOT NULL,
    tax          INTEGER NOT NULL,
    total        INTEGER NOT NULL
);
CREATE INDEX voucher_lines_by_voucher ON voucher_lines (voucher_id, position);
CREATE INDEX voucher_lines_by_item ON voucher_lines (item_id);

CREATE TABLE voucher_history (
    id         INTEGER PRIMARY KEY,
    voucher_id INTEGER NOT NULL REFERENCES vouchers(id),
    changed_at TEXT NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX voucher_history_by_voucher ON voucher_history (voucher_id, id);
