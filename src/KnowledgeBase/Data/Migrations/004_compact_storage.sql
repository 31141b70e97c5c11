-- Storage for a wiki of thousands of articles: the database stays a small multiple of the Markdown.
-- 1. The search index keeps no copy of the text it indexes (contentless FTS5): the normalized columns made
--    by Search/TextNormalizer.cs were a second and third copy of every article. Snippets are cut from the
--    article's own plain text (Search/Snippets.cs) and bm25() needs only the index, so nothing reads them.
--    contentless_delete lets the importer replace and delete rows; contentless_unindexed keeps the small
--    hash column (which rows are up to date) readable.
-- 2. Article text is written Brotli-compressed by Data/StoredText.cs (markdown, html and plain text together in
--    the markdown column, toc on its own) and read back through the SQL function unpack(). SQLite keeps BLOBs in
--    TEXT columns as they are, so no column
--    changes; clearing content_hash makes the next import rewrite every article compressed, and the new,
--    empty index is filled by that same import. Rows whose file is gone keep their readable text.
DROP TRIGGER IF EXISTS articles_search_delete;
DROP TABLE IF EXISTS search_index;

CREATE VIRTUAL TABLE search_index USING fts5(
    title, keywords, body, title_bi, keywords_bi, body_bi, hash UNINDEXED,
    content = '', contentless_delete = 1, contentless_unindexed = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
END;

UPDATE articles SET content_hash = '';
