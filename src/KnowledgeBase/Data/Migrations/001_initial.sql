CREATE TABLE categories (
    slug        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_en     TEXT,
    description TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 1000
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    category      TEXT NOT NULL,
    source_path   TEXT NOT NULL UNIQUE,
    content_hash  TEXT NOT NULL,
    title         TEXT NOT NULL,
    title_en      TEXT,
    keywords      TEXT NOT NULL DEFAULT '[]',
    difficulty    INTEGER,
    sort_order    INTEGER NOT NULL DEFAULT 1000,
    markdown      TEXT NOT NULL,
    html          TEXT NOT NULL,
    toc           TEXT NOT NULL DEFAULT '[]',
    plain_text    TEXT NOT NULL,
    updated       TEXT NOT NULL
);
CREATE INDEX ix_articles_category ON articles(category, sort_order, title);
CREATE INDEX ix_articles_updated ON articles(updated DESC);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX ix_article_tags_tag ON article_tags(tag);
