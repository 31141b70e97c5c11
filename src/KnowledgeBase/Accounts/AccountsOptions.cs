using System.ComponentModel.DataAnnotations;

namespace KnowledgeBase.Accounts;

/// <summary>Accounts and sign-in, bound from the <c>KnowledgeBase</c> configuration section.</summary>
public sealed class AccountsOptions
{
    public const string Section = "KnowledgeBase";

    /// <summary>A private wiki: every page and API needs sign-in, except the health probes and the sign-in page.</summary>
    public bool RequireSignInToRead { get; set; }

    /// <summary>Creates this admin at start-up when the database has no admin yet; ignored afterwards.</summary>
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    /// <summary>
    /// Reverse proxies (IP addresses, or networks as <c>10.0.0.0/8</c>) whose X-Forwarded-For / -Proto headers are
    /// believed. Empty: the headers are ignored, so a client cannot fake its address to the sign-in rate limiter.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    [Range(1, 1000)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in attempts (form posts) one IP address may make per <see cref="SignInWindowSeconds"/>.</summary>
    [Range(1, 100_000)]
    public int SignInPermitLimit { get; set; } = 10;

    [Range(1, 24 * 60 * 60)]
    public int SignInWindowSeconds { get; set; } = 60;

    [Range(8, 128)]
    public int MinPasswordLength { get; set; } = 8;
}

public sealed class BootstrapAdminOptions
{
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
}
