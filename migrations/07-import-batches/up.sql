-- Each applied import is a batch that can be undone: the file, when, the counts, and for every
-- record it created or changed the profile before and after (JSON), so undo can put it back
-- and can tell when someone changed the record since.
CREATE TABLE import_batches (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    file       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created    INTEGER NOT NULL,
    updated    INTEGER NOT NULL,
    unchanged  INTEGER NOT NULL,
    skipped    INTEGER NOT NULL,
    undone_at  TEXT
);

CREATE TABLE import_records (
    batch_id    INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    record_id   INTEGER NOT NULL,
    -- 'created' or 'updated'
    action      TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT NOT NULL
);
CREATE INDEX import_records_by_batch ON import_records (batch_id);
