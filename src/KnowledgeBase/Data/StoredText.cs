using System.Buffers;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Data;

/// <summary>
/// The one place that decides how article text is stored, which keeps the database a small multiple of the
/// Markdown. An article's Markdown, HTML, plain text and the whole text of its file (front matter + Markdown, what
/// a revision holds) are compressed TOGETHER into one Brotli BLOB kept in the <c>markdown</c> column (the HTML, plain
/// text and file repeat most of the Markdown, so together they cost about half of what separate streams do);
/// <c>html</c> and <c>plain_text</c> are then empty. Readers never decompress by hand: every connection from
/// <see cref="Db.Open"/> has the SQL function <c>unpack(column, a.markdown, part)</c> (part <see cref="Markdown"/> 0,
/// <see cref="Html"/> 1, <see cref="PlainText"/> 2, <see cref="File"/> 3), so a query selects
/// <c>unpack(a.html, a.markdown, 1) AS Html</c> and gets a string; one-argument <c>unpack(x)</c> reads a value packed
/// on its own (<see cref="Pack"/>, e.g. the table of contents). Rows written before either format, whose columns
/// hold plain TEXT, read back unchanged; BLOBs of three parts (before the file was kept) read back too.
/// </summary>
public static class StoredText
{
    public const string SqlFunction = "unpack";
    public const int Markdown = 0;
    public const int Html = 1;
    public const int PlainText = 2;
    public const int File = 3;

    // Mark an article BLOB: three texts, or four (with the file). A Brotli stream with the window used here starts
    // with 0x?B, never with either.
    private const byte ArticleFormat = 0x00;
    private const byte ArticleWithFileFormat = 0x01;

    // The import compresses every changed article, and compression was a tenth of its CPU. On the shipped articles'
    // four texts, quality 3 takes 0.39x the time of 5 for output 1.19x as large (0.108 against 0.091 of the input);
    // the database stays well under 3x the Markdown, and a 10k import is bounded by CPU.
    private const int Quality = 3;
    private const int Window = 22;
    private const int MinBytes = 128;

    /// <summary>The value to bind for a text column: compressed bytes, or the string itself when it is short.</summary>
    public static object Pack(string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount < MinBytes) { return text; }
        var utf8 = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, utf8);
            var output = new byte[BrotliEncoder.GetMaxCompressedLength(length)];
            if (!BrotliEncoder.TryCompress(utf8.AsSpan(0, length), output, out var written, Quality, Window))
            {
                throw new InvalidOperationException("Brotli could not compress the text");
            }
            return output[..written];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>The value for the <c>markdown</c> column: the article's four texts in one compressed BLOB.</summary>
    public static byte[] PackArticle(string markdown, string html, string plainText, string file)
    {
        // The import packs thousands of articles at once: the texts' bytes and the compressor's output go through pooled
        // buffers (an article's often exceed the large-object threshold), only the result is allocated.
        ReadOnlySpan<string> parts = [markdown, html, plainText, file];
        var header = 4 * parts.Length;
        var capacity = header;
        foreach (var part in parts) { capacity += Encoding.UTF8.GetMaxByteCount(part.Length); }
        var raw = ArrayPool<byte>.Shared.Rent(capacity);
        byte[]? output = null;
        try
        {
            var at = header;
            for (var i = 0; i < parts.Length; i++)
            {
                var length = Encoding.UTF8.GetBytes(parts[i], raw.AsSpan(at));
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(4 * i), length);
                at += length;
            }
            output = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(at));
            if (!BrotliEncoder.TryCompress(raw.AsSpan(0, at), output, out var written, Quality, Window))
            {
                throw new InvalidOperationException("Brotli could not compress the article");
            }
            var packed = new byte[1 + written];
            packed[0] = ArticleWithFileFormat;
            output.AsSpan(0, written).CopyTo(packed.AsSpan(1));
            return packed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            if (output is not null) { ArrayPool<byte>.Shared.Return(output); }
        }
    }

    /// <summary>A value packed on its own as text: BLOBs are decompressed, anything else is returned as it is.</summary>
    public static string? Unpack(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        byte[] { Length: > 0 } bytes when IsArticle(bytes) => Part(bytes, Markdown),
        byte[] bytes => Encoding.UTF8.GetString(Decompress(bytes)),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// One of an article's texts: <paramref name="value"/> itself when it holds text (older rows), otherwise part
    /// <paramref name="part"/> of the article BLOB <paramref name="packed"/> (the row's <c>markdown</c> column).
    /// </summary>
    public static string? Unpack(object? value, object? packed, long part) => value switch
    {
        string { Length: > 0 } s => s,
        byte[] { Length: > 0 } bytes when IsArticle(bytes) => Part(bytes, (int)part),
        byte[] { Length: > 0 } bytes => Encoding.UTF8.GetString(Decompress(bytes)),
        _ when packed is byte[] { Length: > 0 } article && IsArticle(article) => Part(article, (int)part),
        _ => Unpack(value),
    };

    private static bool IsArticle(byte[] bytes) => bytes[0] is ArticleFormat or ArticleWithFileFormat;

    /// <summary>Part <paramref name="part"/> of an article BLOB; null when it has no such part (the file, in a BLOB of three).</summary>
    private static string? Part(byte[] article, int part)
    {
        var count = article[0] == ArticleFormat ? 3 : 4;
        if (part < 0 || part >= count) { return null; }
        var raw = Decompress(article.AsSpan(1).ToArray());
        var at = 4 * count;
        for (var i = 0; i < part; i++) { at += System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(4 * i)); }
        return Encoding.UTF8.GetString(raw, at, System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(4 * part)));
    }

    private static byte[] Decompress(byte[] bytes)
    {
        using var input = new MemoryStream(bytes, writable: false);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        brotli.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Makes <c>unpack(x)</c> and <c>unpack(column, markdown, part)</c> available to the SQL run on this connection.</summary>
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<object?, string?>(SqlFunction, Unpack, isDeterministic: true);
        connection.CreateFunction<object?, object?, long, string?>(SqlFunction, Unpack, isDeterministic: true);
    }
}
