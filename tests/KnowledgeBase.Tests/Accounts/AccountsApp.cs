using KnowledgeBase.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KnowledgeBase.Tests.Accounts;

/// <summary>An app with its own database and no content import (accounts need no articles), plus the given settings.</summary>
public sealed class AccountsApp : IDisposable
{
    private readonly KbFactory _root = new();

    public AccountsApp() : this([]) { }

    internal AccountsApp(Dictionary<string, string?> settings)
    {
        settings.TryAdd("KnowledgeBase:ImportOnStart", "false");
        Factory = _root.WithSettings(settings);
    }

    public WebApplicationFactory<Program> Factory { get; }
    public string DatabasePath => _root.DatabasePath;

    public void Dispose() => _root.Dispose();
}
