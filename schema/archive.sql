-- The SQLite archive of `shinchoku extract --sqlite FILE`, schema version 1.
-- This file is the schema itself: shinchoku runs it on an empty archive
-- (src/output/sqlite/schema.rs includes it). schema/archive.md explains it.

CREATE TABLE schema_version (
    version INTEGER NOT NULL              -- exactly one row
);
INSERT INTO schema_version (version) VALUES (1);

-- One row per converted PDF, keyed by its bytes.
CREATE TABLE reports (
    sha256             TEXT PRIMARY KEY,  -- source.sha256
    file               TEXT NOT NULL,     -- source.file (the PDF's name)
    path               TEXT NOT NULL,     -- absolute path when written
    body               TEXT,              -- こども連絡会
    body_key           TEXT,              -- body folded as compare folds it
    title              TEXT,
    fiscal_year        INTEGER,           -- period.fiscal_year
    period_raw         TEXT,
    period_start       TEXT,              -- YYYY-MM(-DD)
    period_end         TEXT,
    mode               TEXT NOT NULL,     -- report | generic (later: table | form)
    pages              INTEGER,
    note               TEXT,
    footnote           TEXT,
    decision           TEXT,              -- a form's own decision value
    decision_label     TEXT,              -- the words of that decision
    json_schema        TEXT,              -- the report JSON's schema_version
    tool_version       TEXT NOT NULL,     -- shinchoku version that wrote it
    options            TEXT NOT NULL,     -- extract options as JSON (no password)
    written_seq        INTEGER NOT NULL,  -- write order; the latest of a body and year is its timeline report
    written_at         TEXT NOT NULL      -- UTC, ISO 8601
);
CREATE INDEX reports_body ON reports (body);
CREATE INDEX reports_fiscal_year ON reports (fiscal_year);
CREATE INDEX reports_body_key_year ON reports (body_key, fiscal_year);
CREATE INDEX reports_path ON reports (path);

-- One row per table row (report `records`).
CREATE TABLE records (
    report_sha256      TEXT NOT NULL REFERENCES reports (sha256) ON DELETE CASCADE,
    idx                INTEGER NOT NULL,  -- records[].index
    id                 TEXT NOT NULL,     -- p{page}-r{row}
    page               INTEGER,
    row                INTEGER,
    purpose            TEXT,
    method             TEXT,
    plan_pages         TEXT NOT NULL,     -- JSON array of page numbers
    status             TEXT,
    evaluation         TEXT,
    reason             TEXT,
    decision           TEXT,              -- end | continue_same | continue_change | continue | unmarked | ambiguous
    decision_label     TEXT,              -- the encircled / printed words
    confidence         REAL,
    participants_total INTEGER,
    events_count       INTEGER NOT NULL,
    cells              TEXT NOT NULL,     -- JSON object: every cell by header text
    PRIMARY KEY (report_sha256, idx)
);

-- One row per event read from a status cell.
CREATE TABLE events (
    report_sha256      TEXT NOT NULL,
    record_idx         INTEGER NOT NULL,
    idx                INTEGER NOT NULL,
    label              TEXT,              -- ①
    text               TEXT NOT NULL,
    date_raw           TEXT,
    date_iso           TEXT,              -- YYYY-MM-DD, YYYY-MM or YYYY
    date_precision     TEXT,              -- day | month | year
    date_first         TEXT,              -- first day covered
    date_last          TEXT,              -- last day covered
    action             TEXT,              -- held | implemented | cancelled
    participants       INTEGER,
    participants_raw   TEXT,
    PRIMARY KEY (report_sha256, record_idx, idx),
    FOREIGN KEY (report_sha256, record_idx) REFERENCES records (report_sha256, idx) ON DELETE CASCADE
);

-- One row per quantity with a unit in a record.
CREATE TABLE counts (
    report_sha256      TEXT NOT NULL,
    record_idx         INTEGER NOT NULL,
    idx                INTEGER NOT NULL,
    raw                TEXT NOT NULL,
    value              INTEGER NOT NULL,
    value_max          INTEGER,
    unit               TEXT,
    role               TEXT NOT NULL,     -- participants | applicants | organizations | other | none
    label              TEXT,
    approx             INTEGER NOT NULL,  -- 0/1
    cumulative         INTEGER NOT NULL,  -- 0/1
    PRIMARY KEY (report_sha256, record_idx, idx),
    FOREIGN KEY (report_sha256, record_idx) REFERENCES records (report_sha256, idx) ON DELETE CASCADE
);

-- Form fields and choice groups (mode form).
CREATE TABLE fields (
    report_sha256      TEXT NOT NULL REFERENCES reports (sha256) ON DELETE CASCADE,
    idx                INTEGER NOT NULL,
    kind               TEXT NOT NULL,     -- field | choice
    page               INTEGER,
    section            TEXT,              -- 「(4)事業費」
    label              TEXT,
    value              TEXT,              -- a field's text; a choice's chosen options joined with ・
    options            TEXT,              -- a choice's options, JSON array
    PRIMARY KEY (report_sha256, idx)
);

-- The report's warnings.
CREATE TABLE warnings (
    report_sha256      TEXT NOT NULL REFERENCES reports (sha256) ON DELETE CASCADE,
    idx                INTEGER NOT NULL,
    page               INTEGER,
    row                INTEGER,
    code               TEXT NOT NULL,
    message            TEXT NOT NULL,
    PRIMARY KEY (report_sha256, idx)
);
CREATE INDEX warnings_code ON warnings (code);

-- Files that failed, one row per path (the latest attempt).
CREATE TABLE errors (
    path               TEXT PRIMARY KEY,
    file               TEXT NOT NULL,
    sha256             TEXT,              -- null when the file could not be read
    code               TEXT NOT NULL,     -- not_pdf | encrypted | damaged | no_text_layer | no_table | internal
    message            TEXT NOT NULL,
    tool_version       TEXT NOT NULL,
    written_at         TEXT NOT NULL
);

-- Items across years, matched by shinchoku's compare (recomputed at the end
-- of every run): one row per record of a body's timeline report.
CREATE TABLE timeline (
    report_sha256      TEXT NOT NULL,
    record_idx         INTEGER NOT NULL,
    body_key           TEXT NOT NULL,
    item               INTEGER NOT NULL,  -- 1-based row of compare's timeline for this body
    score              REAL,              -- match score with the previous year; null in an item's first year
    PRIMARY KEY (report_sha256, record_idx),
    FOREIGN KEY (report_sha256, record_idx) REFERENCES records (report_sha256, idx) ON DELETE CASCADE
);
CREATE INDEX timeline_item ON timeline (body_key, item);

-- Records with their report's body, title and year.
CREATE VIEW v_records AS
SELECT p.body, p.fiscal_year, p.title, p.file, r.*
FROM records r JOIN reports p ON p.sha256 = r.report_sha256;

-- One row per item and year: `item` is the same across years when compare
-- matched the records of consecutive years.
CREATE VIEW v_timeline AS
SELECT p.body, t.body_key, t.item, p.fiscal_year, r.id AS record_id, r.page, r.row,
       r.purpose, r.method, r.decision, r.participants_total, r.events_count,
       t.score, p.file, t.report_sha256, t.record_idx
FROM timeline t
JOIN records r ON r.report_sha256 = t.report_sha256 AND r.idx = t.record_idx
JOIN reports p ON p.sha256 = t.report_sha256;
