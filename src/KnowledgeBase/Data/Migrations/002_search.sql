-- Full-text search (issue 3). The columns hold a NORMALIZED copy made by Search/TextNormalizer.cs:
-- NFKC, lowercase, every CJK character a token of its own, tokens separated by spaces. unicode61 then
-- only splits on those spaces, so a one-character Chinese query can match inside any sentence.
-- hash (not indexed) = normalizer version + article content hash: which rows are up to date.
-- prefix='2 3' keeps short English prefix queries ("no"*, "bat"*) cheap on large corpora.
CREATE VIRTUAL TABLE search_index USING fts5(
    title, keywords, body, hash UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Deleting an article (importer, or by hand) never leaves a stale search row behind.
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
END;
