-- Storage for a wiki of 10,000 articles: the database stays at most 3× the Markdown.
-- 1. search_index keeps its tables and columns but indexes prefixes of three characters only. A two-character
--    prefix index duplicated every CJK bigram of the *_bi columns (a bigram is its own two-character prefix): a
--    quarter of the file at 10,000 articles. Only English words are looked up as prefixes (QueryAnalyzer); a
--    two-letter prefix is now answered from the terms themselves, with the same result. FTS5 tables cannot change
--    their options, so the table is recreated empty; SearchIndexer.Sync re-indexes every article on the next import.
DROP TRIGGER IF EXISTS articles_search_delete;
DROP TABLE IF EXISTS search_index;
-- SQLite leaves the shadow table of a contentless_unindexed table behind when the table is dropped.
DROP TABLE IF EXISTS search_index_content;

CREATE VIRTUAL TABLE search_index USING fts5(
    title, keywords, body, title_bi, keywords_bi, body_bi, hash UNINDEXED,
    content = '', contentless_delete = 1, contentless_unindexed = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
END;

-- 2. An article's row now also holds the whole text of the file it was made from (Data/StoredText.cs, compressed
--    with its Markdown, HTML and plain text, which repeat it, so it costs little). The import revision of an
--    article is then stored with an empty text, meaning "the text the article's row holds" (Editing/RevisionStore.cs):
--    otherwise every imported article was stored twice. Before the row changes or goes, its text is copied into
--    that revision, so history never loses a version, whichever code changes the row.
CREATE TRIGGER articles_revision_text_update BEFORE UPDATE ON articles
WHEN old.markdown IS NOT new.markdown OR old.slug IS NOT new.slug BEGIN
    UPDATE revisions SET text = old.markdown WHERE slug = old.slug AND text = '';
END;

CREATE TRIGGER articles_revision_text_delete BEFORE DELETE ON articles BEGIN
    UPDATE revisions SET text = old.markdown WHERE slug = old.slug AND text = '';
END;

-- The next import writes every article again (rows with their file's text; import revisions by reference).
UPDATE articles SET content_hash = '';
