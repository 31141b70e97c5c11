using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace KnowledgeBase.Content;

/// <summary>
/// Keeps reads inside the content folder. A symbolic link in content/ may point anywhere the process can
/// read (<c>leak.png -> /etc/passwd</c>, or the database); both the importer and <c>/media</c> refuse a path
/// whose real location, after every link on the way is resolved, is outside the folder's real location.
/// Links that stay inside the folder are followed.
/// </summary>
public sealed class ContentFolder
{
    private const int MaxLinkHops = 40;

    public ContentFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        RealPath = Resolve(Path);
    }

    /// <summary>The folder as configured.</summary>
    public string Path { get; }

    /// <summary>The folder with every symbolic link on its path resolved.</summary>
    public string RealPath { get; }

    /// <summary>True when <paramref name="path"/> exists and really lies inside the folder.</summary>
    public bool Contains(string path)
    {
        try
        {
            var real = Resolve(System.IO.Path.GetFullPath(path));
            return real.StartsWith(RealPath + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            // A link loop or a dangling link.
            return false;
        }
    }

    /// <summary>Like realpath(3): every component that is a link is replaced by its target.</summary>
    internal static string Resolve(string fullPath)
    {
        var hops = 0;
        return Resolve(fullPath, ref hops);
    }

    private static string Resolve(string fullPath, ref int hops)
    {
        var root = System.IO.Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = System.IO.Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is not null)
            {
                if (++hops > MaxLinkHops) { throw new IOException($"too many symbolic links at {next}"); }
                next = Resolve(System.IO.Path.GetFullPath(target, current), ref hops);
            }
            current = next;
        }
        return current;
    }

    /// <summary>Files for <c>/media</c>: those of a <see cref="PhysicalFileProvider"/> that <see cref="Contains"/> accepts.</summary>
    public IFileProvider FileProvider() => new ContainedFileProvider(this, new PhysicalFileProvider(Path));

    private sealed class ContainedFileProvider(ContentFolder folder, PhysicalFileProvider inner) : IFileProvider, IDisposable
    {
        public IFileInfo GetFileInfo(string subpath)
        {
            var file = inner.GetFileInfo(subpath);
            return file.Exists && (file.PhysicalPath is null || !folder.Contains(file.PhysicalPath)) ? new NotFoundFileInfo(subpath) : file;
        }

        // Directory listings are not served (no directory browser), and watching is not needed for media.
        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

        public void Dispose() => inner.Dispose();
    }
}
