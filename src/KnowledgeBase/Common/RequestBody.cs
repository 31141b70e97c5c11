namespace KnowledgeBase.Common;

/// <summary>Bodies read by hand (JSON parsed with field paths): never more than a bound is held in memory.</summary>
internal static class RequestBody
{
    /// <summary>The whole body, or null when it exceeds <paramref name="maxBytes"/> (read no further than that).</summary>
    /// <exception cref="BadHttpRequestException">Kestrel's own limits or a truncated upload.</exception>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) { return null; }
        using var buffer = new MemoryStream(request.ContentLength is long n ? (int)n : 4096);
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) { return null; }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
