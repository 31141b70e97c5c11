-- Search: a word-level index next to search_index (which stays for 1–2 character queries and exact substrings).
-- Each column holds the article's words, space-joined: Chinese cut by jieba (Search/WordSegmenter.cs, with the
-- wiki's own terms in its dictionary, plus the dictionary words inside longer words), everything else as
-- TextNormalizer makes it (NFKC, lowercase, 1×1 → 1x1). porter stems English words (normalization and
-- normalize meet at "normal"); it leaves CJK tokens alone. Contentless: the text is never read back (snippets
-- come from articles.plain_text), only matched and ranked with bm25, so it is not stored twice;
-- contentless_delete lets the importer and the trigger delete a row by rowid.
-- Two tables, so that each has its own bm25 length normalization (as Lucene scores each field on its own):
-- in one table FTS5 divides by the whole row's length, and a title match in an article with a long body
-- would lose to the same match in a short one. search_words holds title, tags and keywords, search_words_body
-- the body. Which rows are current is kept in search_words_rows (a contentless table cannot hold an
-- unindexed column).
CREATE VIRTUAL TABLE search_words USING fts5(
    title, tags, keywords,
    tokenize = 'porter unicode61 remove_diacritics 2',
    content = '', contentless_delete = 1
);

CREATE VIRTUAL TABLE search_words_body USING fts5(
    body,
    tokenize = 'porter unicode61 remove_diacritics 2',
    content = '', contentless_delete = 1
);

CREATE TABLE search_words_rows (
    id   INTEGER PRIMARY KEY,
    hash TEXT NOT NULL
);

CREATE TRIGGER articles_search_words_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_words WHERE rowid = old.id;
    DELETE FROM search_words_body WHERE rowid = old.id;
    DELETE FROM search_words_rows WHERE id = old.id;
END;
