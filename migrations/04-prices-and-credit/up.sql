-- Prices by customer and credit control: named price levels with a price per
-- item, special prices for one customer (or vendor) and one item, and the
-- terms a group value passes to its customers.
--
-- Prices and quantities are exact decimals kept as text, like the items' own
-- prices; keyword columns (side, on_exceed) are checked by the store.

CREATE TABLE price_levels (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE level_prices (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    level_id INTEGER NOT NULL REFERENCES price_levels(id) ON DELETE CASCADE,
    price    TEXT NOT NULL,
    PRIMARY KEY (item_id, level_id)
) WITHOUT ROWID;
CREATE INDEX level_prices_by_level ON level_prices (level_id, item_id);

CREATE TABLE special_prices (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    -- 'sales' or 'purchase'
    side         TEXT NOT NULL,
    price        TEXT NOT NULL,
    min_quantity TEXT,
    valid_from   TEXT,
    valid_to     TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX special_prices_by_customer ON special_prices (customer_id, item_id, side);
CREATE INDEX special_prices_by_item ON special_prices (item_id, customer_id);

-- What a group value passes to its customers unless set on the customer; NULL is "not set here".
CREATE TABLE group_terms (
    value_id       INTEGER PRIMARY KEY REFERENCES group_values(id) ON DELETE CASCADE,
    price_level    TEXT,
    discount_pct   TEXT,
    credit_limit   TEXT,
    age_limit_days INTEGER,
    on_exceed      TEXT
);

-- The credit warning a clerk saved a sale over, as it was worded then.
ALTER TABLE vouchers ADD COLUMN credit_override TEXT;
