-- PostgreSQL storage format 1: the tables of SQLite format 2 in PostgreSQL's dialect.
-- Released: never edit this file; change the schema with a new numbered migration. The
-- database records the last migration applied in sitrep_schema.
--
-- Dialect differences from migrations/sqlite: identity columns instead of rowids (derived
-- rows keep their insertion order through `id`), JSONB for the stored document and the
-- pipeline, BYTEA for signatures, and a generated tsvector column with a GIN index instead
-- of an FTS5 table.

CREATE TABLE articles (
    id              TEXT PRIMARY KEY,
    url             TEXT,
    source          TEXT,
    current_version BIGINT,
    versions        BIGINT NOT NULL DEFAULT 0,
    first_seen      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_current ON articles(current_version);

CREATE TABLE article_versions (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id          TEXT NOT NULL REFERENCES articles(id),
    version             BIGINT NOT NULL,
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
    content_hash        TEXT NOT NULL UNIQUE,
    shingles            BIGINT NOT NULL,
    minhash             BYTEA NOT NULL,
    figures             BYTEA NOT NULL,
    near_duplicate_of   BIGINT REFERENCES article_versions(id),
    similarity          DOUBLE PRECISION,
    input_diagnostics   JSONB NOT NULL,
    stored_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- full text of title and text; 'simple' keeps every word (no stemming or stop words),
    -- as the SQLite index does
    fts                 TSVECTOR GENERATED ALWAYS AS
                          (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED,
    UNIQUE (article_id, version)
);
CREATE INDEX article_versions_published ON article_versions(published);
CREATE INDEX article_versions_fts ON article_versions USING GIN (fts);

CREATE TABLE lsh_bands (
    band        BIGINT NOT NULL,
    hash        BIGINT NOT NULL,
    version_id  BIGINT NOT NULL REFERENCES article_versions(id)
);
CREATE INDEX lsh_bands_key ON lsh_bands(band, hash);

CREATE TABLE duplicates (
    content_hash    TEXT NOT NULL,
    version_id      BIGINT NOT NULL REFERENCES article_versions(id),
    origin          TEXT NOT NULL,
    url             TEXT NOT NULL,
    UNIQUE (content_hash, origin, url)
);

CREATE TABLE analyses (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id      BIGINT NOT NULL UNIQUE REFERENCES article_versions(id),
    pipeline_code   TEXT NOT NULL,
    lexicons_hash   TEXT NOT NULL,
    pipeline        JSONB NOT NULL,
    document        JSONB NOT NULL,
    analysed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE mentions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analysis_id BIGINT NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    mid         TEXT NOT NULL,
    start_byte  BIGINT NOT NULL,
    end_byte    BIGINT NOT NULL,
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
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analysis_id BIGINT NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    tid         TEXT NOT NULL,
    start_byte  BIGINT NOT NULL,
    end_byte    BIGINT NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    mod         TEXT,
    anchor      TEXT NOT NULL
);
CREATE INDEX times_analysis ON times(analysis_id);

CREATE TABLE places (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analysis_id BIGINT NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    pid         TEXT NOT NULL,
    start_byte  BIGINT NOT NULL,
    end_byte    BIGINT NOT NULL,
    text        TEXT NOT NULL,
    name        TEXT NOT NULL,
    country     TEXT,
    admin1      TEXT,
    lat         DOUBLE PRECISION,
    lon         DOUBLE PRECISION,
    geonames_id BIGINT,
    confidence  DOUBLE PRECISION NOT NULL
);
CREATE INDEX places_analysis ON places(analysis_id);
CREATE INDEX places_name ON places(name);

CREATE TABLE quotes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analysis_id     BIGINT NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    qid             TEXT NOT NULL,
    start_byte      BIGINT NOT NULL,
    end_byte        BIGINT NOT NULL,
    text            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    direct          BOOLEAN NOT NULL,
    cue             TEXT NOT NULL,
    source_text     TEXT,
    speaker_mention TEXT,
    speaker_id      TEXT,
    speaker_name    TEXT,
    speaker_code    TEXT,
    channel         TEXT,
    sourcing        TEXT NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_analysis ON quotes(analysis_id);

CREATE TABLE events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analysis_id     BIGINT NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    eid             TEXT NOT NULL,
    sentence        BIGINT NOT NULL,
    sentence_text   TEXT NOT NULL,
    trigger         TEXT NOT NULL,
    code            TEXT NOT NULL,
    root            TEXT NOT NULL,
    quad_class      BIGINT NOT NULL,
    goldstein       DOUBLE PRECISION NOT NULL,
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
    place_lat       DOUBLE PRECISION,
    place_lon       DOUBLE PRECISION,
    place_geonames  BIGINT,
    date            TEXT,
    day             TEXT,
    date_precision  TEXT,
    polarity        TEXT NOT NULL,
    status          TEXT NOT NULL,
    background      BOOLEAN NOT NULL,
    killed          BIGINT,
    injured         BIGINT,
    sourcing        TEXT NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL,
    rule            TEXT NOT NULL
);
CREATE INDEX events_source ON events(source_id);
CREATE INDEX events_target ON events(target_id);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_analysis ON events(analysis_id);

CREATE TABLE claims (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analysis_id     BIGINT NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    cid             TEXT NOT NULL,
    claimant_mention TEXT,
    claimant_id     TEXT,
    claimant_name   TEXT,
    claimant_code   TEXT,
    quote           TEXT,
    event           TEXT,
    stance          TEXT NOT NULL,
    act             TEXT,
    text            TEXT NOT NULL,
    sourcing        TEXT NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL
);
CREATE INDEX claims_claimant ON claims(claimant_id);
CREATE INDEX claims_code ON claims(claimant_code);
CREATE INDEX claims_analysis ON claims(analysis_id);
