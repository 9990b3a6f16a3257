-- The customer book: settings, group axes, custom fields, customers with
-- contacts, group memberships, custom values, change history and search index.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE group_axes (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE group_values (
    id      INTEGER PRIMARY KEY,
    axis_id INTEGER NOT NULL REFERENCES group_axes(id) ON DELETE CASCADE,
    name    TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (axis_id, name)
);

CREATE TABLE field_defs (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL,
    field_type   TEXT NOT NULL CHECK (field_type IN ('text', 'number', 'decimal', 'date', 'bool', 'choice')),
    choices      TEXT NOT NULL DEFAULT '[]',
    required     INTEGER NOT NULL DEFAULT 0,
    position     INTEGER NOT NULL DEFAULT 0,
    show_in_list INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    role               TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'vendor', 'both')),
    entity_type        TEXT NOT NULL DEFAULT 'company' CHECK (entity_type IN ('company', 'individual')),
    tax_id             TEXT NOT NULL DEFAULT '',
    representative     TEXT NOT NULL DEFAULT '',
    business_type      TEXT NOT NULL DEFAULT '',
    business_item      TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    mobile             TEXT NOT NULL DEFAULT '',
    fax                TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    website            TEXT NOT NULL DEFAULT '',
    bill_lines         TEXT NOT NULL DEFAULT '',
    bill_city          TEXT NOT NULL DEFAULT '',
    bill_region        TEXT NOT NULL DEFAULT '',
    bill_postal_code   TEXT NOT NULL DEFAULT '',
    bill_country       TEXT NOT NULL DEFAULT '',
    ship_lines         TEXT NOT NULL DEFAULT '',
    ship_city          TEXT NOT NULL DEFAULT '',
    ship_region        TEXT NOT NULL DEFAULT '',
    ship_postal_code   TEXT NOT NULL DEFAULT '',
    ship_country       TEXT NOT NULL DEFAULT '',
    person_in_charge   TEXT NOT NULL DEFAULT '',
    memo               TEXT NOT NULL DEFAULT '',
    active             INTEGER NOT NULL DEFAULT 1,
    price_level        TEXT NOT NULL DEFAULT '',
    -- exact decimals kept as text, never as floating point
    discount_rate      TEXT,
    credit_limit       TEXT,
    age_limit_days     INTEGER,
    on_exceed          TEXT NOT NULL DEFAULT 'off' CHECK (on_exceed IN ('off', 'warn', 'block')),
    payment_terms_days INTEGER,
    -- normalised keys the store maintains for search and duplicate warnings
    name_key           TEXT NOT NULL,
    code_key           TEXT NOT NULL,
    tax_key            TEXT NOT NULL,
    phone_key          TEXT NOT NULL,
    email_key          TEXT NOT NULL,
    dup_name_key       TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
-- active and role ride along so the list filters never visit the table rows
CREATE INDEX customers_by_name ON customers (name_key, id, active, role);
CREATE INDEX customers_by_code_key ON customers (code_key);
CREATE INDEX customers_by_tax ON customers (tax_key) WHERE tax_key <> '';
CREATE INDEX customers_by_phone ON customers (phone_key) WHERE phone_key <> '';
CREATE INDEX customers_by_dup_name ON customers (dup_name_key);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    is_primary  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contacts_by_customer ON contacts (customer_id, position);

CREATE TABLE customer_groups (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    axis_id     INTEGER NOT NULL REFERENCES group_axes(id) ON DELETE CASCADE,
    value_id    INTEGER NOT NULL REFERENCES group_values(id) ON DELETE CASCADE,
    PRIMARY KEY (customer_id, axis_id)
) WITHOUT ROWID;
CREATE INDEX customer_groups_by_value ON customer_groups (value_id, customer_id);

CREATE TABLE custom_values (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    field_id    INTEGER NOT NULL REFERENCES field_defs(id) ON DELETE CASCADE,
    value       TEXT NOT NULL,
    PRIMARY KEY (customer_id, field_id)
) WITHOUT ROWID;
CREATE INDEX custom_values_by_field ON custom_values (field_id);

CREATE TABLE customer_history (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    changed_at  TEXT NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL
);
CREATE INDEX customer_history_by_customer ON customer_history (customer_id, id);

-- Word search: each customer's searchable words (see domain::search), found
-- by word prefix; the rowid is the customer id. Contentless: the text itself
-- lives in customers, contacts and custom_values.
CREATE VIRTUAL TABLE customer_search USING fts5 (
    doc,
    tokenize = 'unicode61 remove_diacritics 2',
    detail = 'none',
    content = '',
    contentless_delete = 1
);
