-- Storage format 1. Released: never edit this file; change the schema with a new numbered
-- migration. A database records the number of the last migration applied (PRAGMA user_version).

-- One row per distinct article: a canonical URL, or (without one) the given id or text hash.
CREATE TABLE articles (
    id              TEXT PRIMARY KEY,
    url             TEXT,
    source          TEXT,
    -- the newest stored version (article_versions.id)
    current_version INTEGER,
    versions        INTEGER NOT NULL DEFAULT 0,
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL
);
CREATE INDEX articles_url ON articles(url);

-- Each distinct text an article has had: an updated page is a new version of its article.
CREATE TABLE article_versions (
    id                  INTEGER PRIMARY KEY,
    article_id          TEXT NOT NULL REFERENCES articles(id),
    version             INTEGER NOT NULL,
    -- how the text reached us: page, feed, text, jsonl
    kind                TEXT NOT NULL,
    origin              TEXT NOT NULL,
    title               TEXT,
    author              TEXT,
    source              TEXT,
    lang                TEXT,
    published           TEXT,
    published_source    TEXT NOT NULL,
    url                 TEXT,
    text                TEXT NOT NULL,
    -- xxh3 of the normalised text, as 16 hex digits: exact duplicates share it
    content_hash        TEXT NOT NULL UNIQUE,
    shingles            INTEGER NOT NULL,
    minhash             BLOB NOT NULL,
    -- hashes of the figures the text quotes, for the near-duplicate check
    figures             BLOB NOT NULL,
    -- a near-duplicate of an earlier version, with the estimated similarity
    near_duplicate_of   INTEGER REFERENCES article_versions(id),
    similarity          REAL,
    input_diagnostics   TEXT NOT NULL,
    stored_at           TEXT NOT NULL,
    UNIQUE (article_id, version)
);
CREATE INDEX article_versions_published ON article_versions(published);

-- MinHash-LSH bands of every version, for near-duplicate candidates.
CREATE TABLE lsh_bands (
    band        INTEGER NOT NULL,
    hash        INTEGER NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES article_versions(id)
);
CREATE INDEX lsh_bands_key ON lsh_bands(band, hash);

-- Inputs whose text was already stored (another URL or file with the same content).
CREATE TABLE duplicates (
    content_hash    TEXT NOT NULL,
    version_id      INTEGER NOT NULL REFERENCES article_versions(id),
    origin          TEXT NOT NULL,
    -- '' when the input had no URL, so the uniqueness below holds
    url             TEXT NOT NULL,
    UNIQUE (content_hash, origin, url)
);

-- The analysis of a version: the whole sitrep/1 document and the pipeline that made it.
CREATE TABLE analyses (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL UNIQUE REFERENCES article_versions(id),
    pipeline_code   TEXT NOT NULL,
    -- xxh3 of the lexicon name/hash list: with the code, what makes two pipelines equal
    lexicons_hash   TEXT NOT NULL,
    pipeline        TEXT NOT NULL,
    document        TEXT NOT NULL,
    analysed_at     TEXT NOT NULL
);

-- Queryable layers, derived from the document; deleted with their analysis.
CREATE TABLE mentions (
    analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    mid         TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT,
    actor_code  TEXT,
    country     TEXT,
    sector      TEXT
);
CREATE INDEX mentions_actor ON mentions(actor_id);
CREATE INDEX mentions_analysis ON mentions(analysis_id);

CREATE TABLE times (
    analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    tid         TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    mod         TEXT,
    anchor      TEXT NOT NULL
);
CREATE INDEX times_analysis ON times(analysis_id);

CREATE TABLE quotes (
    analysis_id     INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    qid             TEXT NOT NULL,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    text            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    direct          INTEGER NOT NULL,
    cue             TEXT NOT NULL,
    source_text     TEXT,
    speaker_mention TEXT,
    speaker_id      TEXT,
    speaker_name    TEXT,
    speaker_code    TEXT,
    channel         TEXT,
    sourcing        TEXT NOT NULL,
    confidence      REAL NOT NULL
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_analysis ON quotes(analysis_id);

CREATE TABLE events (
    analysis_id     INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    eid             TEXT NOT NULL,
    sentence        INTEGER NOT NULL,
    -- the sentence's text, so an exported event carries its evidence
    sentence_text   TEXT NOT NULL,
    trigger         TEXT NOT NULL,
    code            TEXT NOT NULL,
    root            TEXT NOT NULL,
    quad_class      INTEGER NOT NULL,
    goldstein       REAL NOT NULL,
    plover_type     TEXT NOT NULL,
    plover_mode     TEXT,
    plover_context  TEXT,
    source_text     TEXT,
    source_id       TEXT,
    source_name     TEXT,
    source_code     TEXT,
    source_country  TEXT,
    source_sector   TEXT,
    target_text     TEXT,
    target_id       TEXT,
    target_name     TEXT,
    target_code     TEXT,
    target_country  TEXT,
    target_sector   TEXT,
    place_name      TEXT,
    place_country   TEXT,
    place_admin1    TEXT,
    place_lat       REAL,
    place_lon       REAL,
    place_geonames  INTEGER,
    date            TEXT,
    -- the event's day when known, else the article's publication day: what date filters use
    day             TEXT,
    date_precision  TEXT,
    polarity        TEXT NOT NULL,
    status          TEXT NOT NULL,
    background      INTEGER NOT NULL,
    killed          INTEGER,
    injured         INTEGER,
    sourcing        TEXT NOT NULL,
    confidence      REAL NOT NULL,
    rule            TEXT NOT NULL
);
CREATE INDEX events_source ON events(source_id);
CREATE INDEX events_target ON events(target_id);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_analysis ON events(analysis_id);

CREATE TABLE claims (
    analysis_id     INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    cid             TEXT NOT NULL,
    claimant_mention TEXT,
    claimant_id     TEXT,
    claimant_name   TEXT,
    quote           TEXT,
    event           TEXT,
    stance          TEXT NOT NULL,
    act             TEXT,
    text            TEXT NOT NULL,
    sourcing        TEXT NOT NULL,
    confidence      REAL NOT NULL
);
CREATE INDEX claims_claimant ON claims(claimant_id);
CREATE INDEX claims_analysis ON claims(analysis_id);
