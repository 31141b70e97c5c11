using System.Buffers;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Data;

/// <summary>
/// The one place that decides how long article text (Markdown, HTML, plain text) is stored: Brotli-compressed
/// as a BLOB, which keeps the database a small multiple of the Markdown. Readers never decompress by hand:
/// every connection from <see cref="Db.Open"/> has the SQL function <c>unpack(x)</c>, so queries select
/// <c>unpack(a.html) AS Html</c> and still get a string. TEXT values pass through <c>unpack</c> unchanged:
/// rows written before compression, and short strings that Brotli would not shrink, stay readable.
/// </summary>
public static class StoredText
{
    public const string SqlFunction = "unpack";

    // Quality 5 compresses Chinese Markdown/HTML to about a quarter at a fraction of the cost of 11;
    // the import does this for every changed article.
    private const int Quality = 5;
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

    /// <summary>A column value as text: BLOBs are decompressed, anything else is returned as it is.</summary>
    public static string? Unpack(object? value)
    {
        switch (value)
        {
            case null or DBNull: return null;
            case string s: return s;
            case byte[] bytes:
                using (var input = new MemoryStream(bytes, writable: false))
                using (var brotli = new BrotliStream(input, CompressionMode.Decompress))
                using (var reader = new StreamReader(brotli, Encoding.UTF8))
                {
                    return reader.ReadToEnd();
                }
            default: return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Makes <c>unpack(x)</c> available to the SQL run on this connection.</summary>
    public static void Register(SqliteConnection connection) =>
        connection.CreateFunction<object?, string?>(SqlFunction, Unpack, isDeterministic: true);
}
