-- The column mapping a clerk last chose for a file's headers, so the next file with the same
-- headers (the monthly export of another program, say) comes in mapped the same way.
-- `headers` is the JSON list of the headers as `normalize_header` gives them; `targets` the JSON
-- list, one per column, of the target's key (code, group:Region, custom:tier) or null.
CREATE TABLE import_mappings (
    kind       TEXT NOT NULL,
    headers    TEXT NOT NULL,
    targets    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, headers)
);
