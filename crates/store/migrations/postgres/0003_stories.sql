-- PostgreSQL storage format 3: stories, the situation across the current versions of stored
-- articles as `sitrep_story::situation` computes it; replaced as a whole after each ingest or
-- reanalysis (under an advisory lock), read by `sitrep report --db`. Released: never edit.

-- One row per story: its place in the situation (largest first), its days for range queries,
-- and the whole story as sitrep/1 JSON text (kept as written, so it reads back exactly).
CREATE TABLE stories (
    id        TEXT PRIMARY KEY,
    rank      BIGINT NOT NULL,
    title     TEXT NOT NULL,
    first_day TEXT,
    last_day  TEXT,
    articles  BIGINT NOT NULL,
    story     TEXT NOT NULL
);
CREATE INDEX stories_days ON stories(first_day, last_day);

-- Which story each article belongs to.
CREATE TABLE story_articles (
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles(article_id);
