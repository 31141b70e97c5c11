namespace KnowledgeBase.Search;

/// <summary>
/// Question words and particles that carry no weight in a query (为什么 怎么 吗 …, what how why is the …).
/// Applied to whole words after segmentation, never to substrings: 是 is dropped, 是否 too, but 什么 inside
/// 为什么 is simply part of a dropped word and 的 never cuts 目的.
/// </summary>
public static class Stopwords
{
    private static readonly HashSet<string> Chinese = new(StringComparer.Ordinal)
    {
        "为什么", "为啥", "为何", "怎么", "怎么样", "怎样", "怎么办", "咋", "咋样", "咋办", "如何", "什么", "啥", "干啥", "干嘛", "是什么",
        "哪些", "哪个", "哪里", "哪", "有哪些", "有什么", "有啥", "是否", "是不是", "能不能", "会不会", "要不要", "多少",
        "是", "的", "地", "得", "了", "着", "过", "吗", "呢", "吧", "啊", "呀", "嘛", "么", "哦", "和", "与", "及", "跟", "或", "或者",
        "还是", "在", "对", "把", "被", "从", "到", "给", "向", "用于", "以及", "而", "并", "且", "就", "也", "都", "还", "又", "才",
        "能", "要", "会", "用", "使用", "可以", "能够", "需要", "应该", "得到", "有", "没有", "一个", "一种", "这个", "那个", "这", "那", "其",
        "之", "中", "里", "上", "下", "时", "时候", "个", "些", "我", "你", "我们", "它", "他", "请问", "一下", "到底", "具体",
        "回事", "怎么回事", "是怎么", "如何是", "讲讲", "说说", "介绍", "解释", "通俗", "简单", "理解", "意思", "作用是什么",
    };

    private static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "what", "whats", "how", "why", "when", "where", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been",
        "being", "am", "do", "does", "did", "doing", "done", "the", "a", "an", "of", "to", "in", "on", "at", "for", "from", "by",
        "with", "into", "about", "as", "and", "or", "but", "if", "then", "than", "so", "that", "this", "these", "those", "it", "its",
        "i", "you", "we", "they", "he", "she", "me", "my", "your", "our", "their", "can", "could", "should", "would", "will",
        "shall", "may", "might", "must", "there", "here", "s", "t", "vs", "versus", "between", "explain", "mean", "means",
        "work", "works", "please", "tell", "some", "any", "all", "one", "get", "got", "have", "has", "had", "way", "ways",
        "actually", "really", "exactly", "need", "needed",
    };

    public static bool Contains(string word) => Chinese.Contains(word) || English.Contains(word);

    /// <summary>Whether a Chinese run holds a question word or particle: such a run is a phrase, not a term for the dictionary.</summary>
    public static bool ContainsFunctionWord(string run) =>
        run.Contains("什么", StringComparison.Ordinal) || run.Contains("怎么", StringComparison.Ordinal) || run.Contains("如何", StringComparison.Ordinal)
        || run.Contains("哪些", StringComparison.Ordinal) || run.Contains('的') || run.Contains('吗') || run.Contains('呢')
        || run.Contains('与') || run.Contains('和') || run.Contains('是');
}
