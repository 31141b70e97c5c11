using System.Security.Cryptography;

namespace KnowledgeBase.Editing;

/// <summary>
/// Images uploaded in the editor. The type comes from the file's first bytes, never from its name or the browser's
/// Content-Type; SVG is refused (it can carry script). The stored name is generated from the content hash, so
/// nothing the uploader chose reaches a path, and the same image uploaded twice is stored once. Stored in the
/// database (not content/), served at /media/{category}/{name} and exported beside the category's articles.
/// </summary>
public sealed class MediaUploads(RevisionStore store)
{
    public const int MaxBytes = 2 * 1024 * 1024;

    private static readonly (string Extension, string ContentType, byte[] Magic)[] Types =
    [
        (".png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        (".jpg", "image/jpeg", [0xFF, 0xD8, 0xFF]),
        (".gif", "image/gif", "GIF87a"u8.ToArray()),
        (".gif", "image/gif", "GIF89a"u8.ToArray()),
    ];

    /// <summary>The Markdown-relative file name of the stored image, or the reason it was refused.</summary>
    public (string? Name, string? Error) Save(string category, byte[] bytes, string author)
    {
        if (bytes.Length == 0) { return (null, "The file is empty."); }
        if (bytes.Length > MaxBytes) { return (null, $"Images are limited to {MaxBytes / 1024 / 1024} MB."); }
        var type = Detect(bytes);
        if (type is null) { return (null, "Only PNG, JPEG, GIF and WebP images can be uploaded."); }
        var name = "upload-" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + type.Value.Extension;
        store.SaveMedia(category, name, type.Value.ContentType, bytes, author);
        return (name, null);
    }

    internal static (string Extension, string ContentType)? Detect(ReadOnlySpan<byte> bytes)
    {
        foreach (var t in Types)
        {
            if (bytes.StartsWith(t.Magic)) { return (t.Extension, t.ContentType); }
        }
        // RIFF....WEBP
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) { return (".webp", "image/webp"); }
        return null;
    }
}
