-- Search (issue 3): CJK bigram columns. A Chinese query run of two or more characters is matched as a
-- phrase of overlapping bigrams ("批归 归一 一化") in *_bi instead of a phrase of single characters
-- ("批 归 一 化") in title/keywords/body: FTS5 then reads the position lists of rare bigrams instead of
-- those of very common characters (一, 化, 的). Single characters and English words stay in the first
-- three columns (made by Search/TextNormalizer.cs, see docs/search.md). Same table, not a parallel one:
-- one MATCH, one rowid walk and one bm25() see both kinds of term, and the column weights still apply.
-- FTS5 tables cannot gain columns, so the table is recreated empty; SearchIndexer.Sync re-indexes every
-- article on the next import (no row has a hash any more).
DROP TRIGGER IF EXISTS articles_search_delete;
DROP TABLE IF EXISTS search_index;

CREATE VIRTUAL TABLE search_index USING fts5(
    title, keywords, body, title_bi, keywords_bi, body_bi, hash UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
END;
