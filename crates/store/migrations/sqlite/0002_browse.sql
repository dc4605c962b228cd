-- Storage format 2: what the HTTP API browses. Released: never edit this file.
--
-- Places get a queryable table like the other layers, claims keep their claimant's CAMEO code
-- (so `--actor IRN` means the same for claims as for events), and article texts get a
-- full-text index. Existing analyses are backfilled from their stored documents.

CREATE TABLE places (
    analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    pid         TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    name        TEXT NOT NULL,
    country     TEXT,
    admin1      TEXT,
    lat         REAL,
    lon         REAL,
    geonames_id INTEGER,
    confidence  REAL NOT NULL
);
CREATE INDEX places_analysis ON places(analysis_id);
CREATE INDEX places_name ON places(name);

INSERT INTO places
SELECT an.id, json_extract(p.value, '$.id'), json_extract(p.value, '$.start'), json_extract(p.value, '$.end'),
       json_extract(p.value, '$.text'), json_extract(p.value, '$.name'), json_extract(p.value, '$.country'),
       json_extract(p.value, '$.admin1'), json_extract(p.value, '$.lat'), json_extract(p.value, '$.lon'),
       json_extract(p.value, '$.geonames_id'), json_extract(p.value, '$.confidence')
FROM analyses an, json_each(an.document, '$.places') p;

ALTER TABLE claims ADD COLUMN claimant_code TEXT;
UPDATE claims SET claimant_code = (
    SELECT json_extract(c.value, '$.claimant.actor.code')
    FROM analyses an, json_each(an.document, '$.claims') c
    WHERE an.id = claims.analysis_id AND json_extract(c.value, '$.id') = claims.cid
);
CREATE INDEX claims_code ON claims(claimant_code);

-- Full text of every version (title and text), kept in step with article_versions by triggers.
-- An external-content table: the text is stored once, in article_versions.
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, text, content = 'article_versions', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO article_fts(article_fts) VALUES ('rebuild');
CREATE TRIGGER article_versions_fts_insert AFTER INSERT ON article_versions BEGIN
    INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER article_versions_fts_delete AFTER DELETE ON article_versions BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER article_versions_fts_update AFTER UPDATE OF title, text ON article_versions BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
