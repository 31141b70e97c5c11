using KnowledgeBase.Tests.Infrastructure;
using KnowledgeBase.Search;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Tests.Search;

public class TextNormalizerTests
{
    private static string[] Texts(string s) => TextNormalizer.Tokenize(s).Select(t => t.Text).ToArray();

    [Theory]
    [InlineData("LSTM参数量", new[] { "lstm", "参", "数", "量" })]
    [InlineData("ＬＳＴＭ参数量", new[] { "lstm", "参", "数", "量" })]
    [InlineData("1×1 卷积", new[] { "1x1", "卷", "积" })]
    [InlineData("１×１卷积", new[] { "1x1", "卷", "积" })]
    [InlineData("ResNet-50", new[] { "resnet", "50" })]
    [InlineData("C++ 与 Café", new[] { "c", "与", "cafe" })]
    [InlineData("BN:均值，方差。", new[] { "bn", "均", "值", "方", "差" })]
    [InlineData("😀 \u0000\u200B*\"()", new string[0])]
    [InlineData("한국어 カタカナ", new[] { "한", "국", "어", "カ", "タ", "カ", "ナ" })]
    public void Tokenizes_cjk_per_character_and_folds_width_case_and_times(string input, string[] expected) =>
        Assert.Equal(expected, Texts(input));

    [Fact]
    public void Tokens_keep_the_span_of_the_original_text()
    {
        var tokens = TextNormalizer.Tokenize("用ＢＮ层𠀀");
        Assert.Equal(("bn", 1, 3), (tokens[1].Text, tokens[1].Start, tokens[1].End));
        // A supplementary-plane Han character is one token covering its surrogate pair.
        Assert.Equal(("𠀀", 4, 6, true), (tokens[3].Text, tokens[3].Start, tokens[3].End, tokens[3].Cjk));
    }

    [Fact]
    public void Index_text_separates_every_han_character()
    {
        Assert.Equal("梯 度 消 失 问 题 gradient", TextNormalizer.Words(TextNormalizer.Tokenize("梯度消失问题（Gradient）")));
    }

    [Theory]
    // Punctuation does not end a run (as for the single-character phrase); a word does, and a break token
    // then keeps the bigrams of the two runs from reading as one phrase. Lone characters add nothing.
    [InlineData("批归一化（BN）层，梯度", "批归 归一 一化 \uE000 层梯 梯度")]
    [InlineData("甲 x 乙 y 丙丁", "丙丁")]
    [InlineData("lstm 梯", "")]
    [InlineData("カタカナ", "カタ タカ カナ")]
    public void Bigram_text_pairs_adjacent_cjk_characters_per_run(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.BigramText(TextNormalizer.Tokenize(input)));

    /// <summary>
    /// The bigram phrase must find exactly what the single-character phrase found: random texts and queries
    /// over a small alphabet (so runs repeat and overlap), both evaluated by a real FTS5 table.
    /// </summary>
    [Fact]
    public void Bigram_phrases_match_exactly_what_single_character_phrases_match()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Exec(connection, "CREATE VIRTUAL TABLE t USING fts5(body, body_bi, tokenize = 'unicode61 remove_diacritics 2')");
        const string alphabet = "甲乙丙丁甲乙 ，x";
        var random = new Random(2026);
        string Random(int max) => new(Enumerable.Range(0, random.Next(1, max)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        for (var n = 0; n < 300; n++)
        {
            var tokens = TextNormalizer.Tokenize(Random(30));
            Exec(connection, "INSERT INTO t (body, body_bi) VALUES ($a, $b)", TextNormalizer.Words(tokens), TextNormalizer.BigramText(tokens));
        }
        int compared = 0, bigramHits = 0;
        for (var n = 0; n < 300; n++)
        {
            // A query run of Han characters, as an alternative of a concept: its bigram expression against the single characters.
            var run = new string(Enumerable.Range(0, random.Next(1, 6)).Select(_ => "甲乙丙丁"[random.Next(4)]).ToArray());
            var alternative = new Alternative(TextNormalizer.Tokenize(run).Select(t => t.Text).ToList(), false);
            var expected = Ids(connection, "{body} : \"" + string.Join(' ', alternative.Tokens) + "\"");
            Assert.Equal(expected, Ids(connection, alternative.ToFts()));
            compared++;
            if (expected.Count > 0 && alternative.Tokens.Count >= 3) { bigramHits++; }
        }
        Assert.True(compared > 200);
        // Not vacuous: many of the compared queries were multi-bigram phrases that found something.
        Assert.True(bigramHits > 20, $"{bigramHits}");
    }

    private static void Exec(SqliteConnection connection, string sql, params string[] args)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++) { command.Parameters.AddWithValue(i == 0 ? "$a" : "$b", args[i]); }
        command.ExecuteNonQuery();
    }

    private static List<long> Ids(SqliteConnection connection, string match)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM t WHERE t MATCH $m ORDER BY rowid";
        command.Parameters.AddWithValue("$m", match);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) { ids.Add(reader.GetInt64(0)); }
        return ids;
    }
}

public class SearchQueryTests
{
    private static readonly SynonymSet Synonyms = new([
        ["BN", "batch normalization", "批归一化"],
        ["过拟合", "overfitting"],
    ]);

    [Theory]
    [InlineData("LSTM 参数", "\"lstm\"* AND \"参数\"")]
    [InlineData("BN 均值 方差", "\"bn\"* AND \"均值\" AND \"方差\"")]
    [InlineData("1×1 卷积", "\"1x1\"* AND \"卷积\"")]
    [InlineData("堆 排序", "\"堆排 排序\"")] // a lone character and the next word: a stray space, 堆排序 is meant
    [InlineData("为什么 1 x 1 卷积 有什么用", "\"1x1\"* AND \"卷积\"")]
    [InlineData("C++", "\"c\"")]
    [InlineData("\"NOT NEAR(", "\"not\"* AND \"near\"*")]
    [InlineData("BN: x* OR y", "\"bn\"* AND \"x\" AND \"y\"")] // "or" is a stopword, not an operator
    [InlineData("lstm LSTM ｌｓｔｍ", "\"lstm\"*")]
    public void Builds_a_quoted_match_expression(string input, string expected) =>
        Assert.Equal(expected, QueryAnalyzer.Analyze(input).Match);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*")]
    [InlineData("\"\"")]
    [InlineData("😀🤖")]
    [InlineData("\u0001\u0002\u001f")]
    [InlineData("()-+:^{}")]
    public void Input_without_words_is_an_empty_query(string input) => Assert.True(QueryAnalyzer.Analyze(input).IsEmpty);

    [Fact]
    public void An_ambiguous_abbreviation_finds_every_meaning_and_no_meaning_expands_to_it()
    {
        var synonyms = new SynonymSet([
            ["逻辑回归", "LR", "logistic regression"],
            ["学习率", "learning rate", "LR"],
            ["LDA", "linear discriminant analysis"],
            ["LDA", "latent dirichlet allocation"],
        ]);
        List<string> Terms(string q) => Assert.Single(QueryAnalyzer.Analyze(q, synonyms).Concepts).Alternatives.Select(a => string.Join(' ', a.Tokens)).ToList();
        Assert.Equal(["逻 辑 回 归", "lr", "logistic regression", "学 习 率", "learning rate"], Terms("LR"));
        Assert.Equal(["学 习 率", "learning rate"], Terms("学习率"));
        Assert.Equal(["逻 辑 回 归", "logistic regression"], Terms("logistic regression"));
        Assert.Equal(["linear discriminant analysi"], Terms("linear discriminant analysis"));
        Assert.Equal(["lda", "linear discriminant analysi", "latent dirichlet alloc"], Terms("lda"));
        // In the word index: the typed abbreviation itself or any group's token.
        Assert.Equal(3, Assert.Single(QueryAnalyzer.Analyze("LR", synonyms).Concepts).WordPhrases.Count);
    }

    [Fact]
    public void The_shipped_synonyms_keep_lr_and_lda_ambiguous()
    {
        var shipped = SynonymSet.Parse(File.ReadAllText(Path.Combine(RepoPaths.Content, SynonymProvider.FileName)));
        string[] Expand(params string[] words)
        {
            var (length, groups) = shipped.LongestMatch(words, 0);
            Assert.Equal(words.Length, length);
            return shipped.Alternatives(groups, string.Join(' ', words)).Select(t => t.Key).ToArray();
        }
        Assert.Contains("learning rate", Expand("lr"));
        Assert.Contains("logistic regression", Expand("lr"));
        Assert.Contains("linear discriminant analysis", Expand("lda"));
        Assert.Contains("latent dirichlet allocation", Expand("lda"));
        Assert.Contains("learning rate", Expand("学习率"));
        Assert.DoesNotContain("lr", Expand("学习率"));
    }

    [Fact]
    public void Synonyms_expand_into_an_or_group()
    {
        Assert.Equal("(\"bn\"* OR \"batch normaliz\"* OR \"批归 归一 一化\") AND \"训练\"",
            QueryAnalyzer.Analyze("BN训练", Synonyms).Match);
        Assert.Equal("(\"bn\"* OR \"batch normaliz\"* OR \"批归 归一 一化\")", QueryAnalyzer.Analyze("Batch  Normalization", Synonyms).Match);
        // 怎么办 is a question word: only the concept is left.
        var overfitting = QueryAnalyzer.Analyze("过拟合怎么办", Synonyms);
        Assert.Equal("(\"过拟 拟合\" OR \"overfitt\"*)", overfitting.Match);
        Assert.Equal("过拟合", Assert.Single(overfitting.Concepts).Label);
        // In the word index a synonym is its group's token: every spelling counts as one term.
        Assert.Equal("\"" + SynonymSet.GroupToken(1) + "\"", overfitting.WordsMatch);
    }

    [Fact]
    public void Long_input_is_cut_and_term_count_is_capped()
    {
        var longQuery = QueryAnalyzer.Analyze(new string('梯', 5000));
        Assert.True(longQuery.Truncated);
        Assert.Equal(SearchQuery.MaxLength, longQuery.Text.Length);

        var manyWords = QueryAnalyzer.Analyze(string.Join(' ', Enumerable.Range(0, 90).Select(i => "w" + i)));
        Assert.Equal(SearchQuery.MaxConcepts, manyWords.Concepts.Count);

        // Cutting never leaves half a surrogate pair behind.
        var emoji = QueryAnalyzer.Analyze(new string('a', SearchQuery.MaxLength - 1) + "😀😀");
        Assert.False(char.IsHighSurrogate(emoji.Text[^1]));
    }

    [Fact]
    public void Random_hostile_input_always_yields_valid_fts5_syntax()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE VIRTUAL TABLE t USING fts5(title, keywords, body, title_bi, keywords_bi, body_bi, hash UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');"
                + "INSERT INTO t (title, keywords, body, title_bi) VALUES ('lstm 参 数', 'bn', 'c 50 resnet not near', '参数');";
            create.ExecuteNonQuery();
        }
        const string alphabet = "\"'*()[]{}:^+-NOTANDORNEAR ,.;\\/%_\u0000\u0007\u200B\uFEFF梯度ＢＮ×😀bnc1x";
        var random = new Random(12345);
        for (var n = 0; n < 2000; n++)
        {
            var chars = Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
            var query = QueryAnalyzer.Analyze(new string(chars), Synonyms);
            if (query.IsEmpty) { continue; }
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM t WHERE t MATCH $m";
            command.Parameters.AddWithValue("$m", query.Match);
            var ex = Record.Exception(() => command.ExecuteScalar());
            Assert.True(ex is null, $"input {new string(chars)} → {query.Match}: {ex?.Message}");
        }
    }

    [Theory]
    [InlineData("½", new[] { "1", "2" })]
    [InlineData("㍻ 2", new[] { "平", "成", "2" })]
    public void A_character_that_folds_to_two_tokens_is_read_without_error(string input, string[] expected)
    {
        // Both tokens carry the span of the one character: no gap, nor a star, lies between them.
        Assert.Equal(expected, WordSegmenter.Words(input, forIndex: true).Select(w => w.Text));
        Assert.False(QueryAnalyzer.Analyze(input, Synonyms).IsEmpty);
    }

    [Fact]
    public void A_term_made_of_characters_unknown_to_the_dictionary_is_one_word_once_added()
    {
        // Neither character is in jieba's dictionary (nor in any test's terms): the cut reads single characters from a
        // table, which must follow the dictionary when a term makes the first one a word's prefix.
        Assert.Equal(["鼀", "鼁"], WordSegmenter.Words("鼀鼁", forIndex: false).Select(w => w.Text));

        WordSegmenter.AddTerms(["鼀鼁"]);

        Assert.Equal(["鼀鼁"], WordSegmenter.Words("鼀鼁", forIndex: false).Select(w => w.Text));
    }
}

public class SnippetTests
{
    private static string Snip(string text, string q) => Snippets.Build(text, QueryAnalyzer.Analyze(q));

    [Fact]
    public void Marks_a_chinese_word_inside_a_sentence() =>
        Assert.Equal("<mark>梯度</mark>消失问题很常见", Snip("梯度消失问题很常见", "梯度"));

    [Fact]
    public void Highlights_the_original_characters_of_width_and_times_variants()
    {
        Assert.Equal("用 <mark>ＢＮ</mark> 层", Snip("用 ＢＮ 层", "bn"));
        Assert.Equal("<mark>1×1</mark> <mark>卷积</mark>降维", Snip("1×1 卷积降维", "1x1卷积"));
        Assert.Equal("<mark>Normalization</mark> layers", Snip("Normalization layers", "normaliz"));
    }

    [Fact]
    public void Escapes_html_and_drops_invisible_separators()
    {
        var snippet = Snip("a<b> & \"LSTM\"\u200B 门\n\n控", "lstm");
        Assert.Equal("a&lt;b&gt; &amp; &quot;<mark>LSTM</mark>&quot; 门 控", snippet);
        Assert.DoesNotContain('\u200B', snippet);
    }

    [Fact]
    public void Cuts_a_window_around_the_densest_cluster()
    {
        var filler = string.Concat(Enumerable.Repeat("这是一段无关的填充文字。", 40));
        var text = "感受野在开头。" + filler + "两个 3×3 卷积的感受野等于 5×5。" + filler;
        var snippet = Snip(text, "3x3 感受野");
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Contains("<mark>3×3</mark> 卷积的<mark>感受野</mark>", snippet);
        Assert.True(snippet.Replace("<mark>", "").Replace("</mark>", "").Length <= Snippets.Width + 2);
    }

    [Fact]
    public void A_window_starts_at_the_sentence_holding_the_match()
    {
        var filler = string.Concat(Enumerable.Repeat("无关的填充文字。", 30));
        var snippet = Snip(filler + "池化层没有参数，但梯度要传回上一层。" + filler, "梯度");
        Assert.StartsWith("…池化层没有参数，但<mark>梯度</mark>", snippet);
    }

    [Fact]
    public void Without_a_body_match_shows_the_beginning()
    {
        var text = string.Concat(Enumerable.Repeat("正文内容。", 60));
        var snippet = Snip(text, "标题里的词");
        Assert.StartsWith("正文内容", snippet);
        Assert.DoesNotContain("<mark>", snippet);
    }
}
