-- Editing in the browser: revisions, trash, redirects and which articles the browser owns. Once an article
-- is edited in the browser the database is its truth; content/ only seeds and bulk-imports (Editing/ImportGuard.cs).

-- Every stored version of an article: each import that changed it, each save, each restore, and each file
-- version the importer refused to store over a browser edit (kind 'conflict', not current, listed for admins).
-- text is the whole file (front matter + Markdown) exactly as it was stored or would be exported.
CREATE TABLE revisions (
    id        INTEGER PRIMARY KEY,
    slug      TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('edit', 'import', 'conflict', 'restore')),
    author    TEXT NOT NULL,
    created   TEXT NOT NULL,
    message   TEXT,
    category  TEXT NOT NULL,
    text      TEXT NOT NULL,
    file_hash TEXT,
    resolved  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (slug, revision)
);
CREATE INDEX ix_revisions_created ON revisions(created DESC);
CREATE INDEX ix_revisions_conflicts ON revisions(kind, resolved) WHERE kind = 'conflict';

-- Per article slug: the hash of the content/ file the importer saw last, and whether the article was edited
-- in the browser since (the importer then never overwrites it).
CREATE TABLE article_sources (
    slug      TEXT PRIMARY KEY,
    file_hash TEXT,
    edited    INTEGER NOT NULL DEFAULT 0
);

-- Soft delete: the last version of a deleted article, restorable by an admin.
CREATE TABLE trash (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL,
    category   TEXT NOT NULL,
    text       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    deleted_by TEXT NOT NULL,
    deleted    TEXT NOT NULL
);
CREATE INDEX ix_trash_slug ON trash(slug);

-- Renamed slugs: the old URL answers with a permanent redirect to the new one.
CREATE TABLE redirects (
    old_slug TEXT PRIMARY KEY,
    new_slug TEXT NOT NULL
);

-- Images uploaded in the editor, served at /media/{category}/{name} like those in content/.
CREATE TABLE media (
    category     TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    author       TEXT NOT NULL,
    created      TEXT NOT NULL,
    PRIMARY KEY (category, name)
);

-- Set when an admin edits categories in the browser: categories.yml then no longer replaces them.
CREATE TABLE site_flags (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
