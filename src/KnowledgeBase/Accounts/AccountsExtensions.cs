using System.Net;
using System.Threading.RateLimiting;
using KnowledgeBase.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Accounts;

/// <summary>Local accounts: cookie sign-in for pages, API tokens for scripts, roles, lockout and rate limiting.</summary>
internal static class AccountsExtensions
{
    public const string LoginPath = "/account/login";
    public const string CookieName = "kb.auth";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher<AccountUser>, PasswordHasher<AccountUser>>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiTokenStore>();
        services.AddHostedService<BootstrapAdmin>();

        services.AddAuthentication(AuthPolicies.SelectScheme)
            .AddPolicyScheme(AuthPolicies.SelectScheme, null, o =>
                o.ForwardDefaultSelector = c => ApiTokenHandler.HasBearer(c.Request) ? AuthPolicies.TokenScheme : AuthPolicies.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(AuthPolicies.TokenScheme, null)
            .AddCookie(AuthPolicies.CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = LoginPath;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = CookieValidation.ValidateAsync,
                    // The API answers with a status, never a redirect to an HTML form.
                    OnRedirectToLogin = c =>
                    {
                        if (!IsApi(c.Request)) { c.Response.Redirect(c.RedirectUri); return Task.CompletedTask; }
                        c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        c.Response.Headers.WWWAuthenticate = "Bearer";
                        return Task.CompletedTask;
                    },
                    // A signed-in user without the role sees the 403 page where they are (no redirect).
                    OnRedirectToAccessDenied = c =>
                    {
                        c.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorizationBuilder().AddPolicies();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AccountsOptions>>((o, accounts) =>
        {
            if (accounts.Value.RequireSignInToRead) { o.FallbackPolicy = AuthPolicies.SignedIn; }
        });
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // Sign-in cookies and antiforgery tokens are encrypted with these keys: kept beside the database (the one
        // folder a deployment persists), they survive a restart or a new container, and nobody is signed out.
        services.AddDataProtection().SetApplicationName("KnowledgeBase");
        services.AddOptions<KeyManagementOptions>().Configure<Db, ILoggerFactory>((o, db, logs) =>
        {
            if (KeysFolder(db) is { } folder) { o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder), logs); }
        });

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AccountsOptions>>((o, accounts) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies, not the framework's default of loopback (see UseAccounts).
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in accounts.Value.KnownProxies)
            {
                if (proxy.Contains('/', StringComparison.Ordinal)) { o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy)); }
                else { o.KnownProxies.Add(IPAddress.Parse(proxy)); }
            }
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountsOptions>>((o, accounts) =>
        {
            var a = accounts.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (c, _) =>
            {
                c.HttpContext.Response.Headers.RetryAfter = a.SignInWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // Only sign-in posts are limited, per client address (after forwarded headers from known proxies).
            // Partitions are cached by key, so the two kinds must never share one.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(c => IsSignInPost(c.Request)
                ? RateLimitPartition.GetFixedWindowLimiter("sign-in " + c.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = a.SignInPermitLimit,
                    Window = TimeSpan.FromSeconds(a.SignInWindowSeconds),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("other"));
        });
        return services;
    }

    /// <summary>
    /// Early in the pipeline, before static files: forwarded headers first (the client address and scheme
    /// everything after relies on), then who the user is, the sign-in rate limit, and for a private wiki the
    /// article images (served by static files, which authorization does not see).
    /// </summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AccountsOptions>>().Value;
        // Not without proxies: the middleware with no known proxies believes the headers from anyone.
        if (options.KnownProxies.Length > 0) { app.UseForwardedHeaders(); }
        app.UseAuthentication();
        app.UseRateLimiter();
        if (options.RequireSignInToRead)
        {
            app.Use((context, next) =>
                context.Request.Path.StartsWithSegments("/media") && context.User.Identity?.IsAuthenticated != true
                    ? context.ChallengeAsync()
                    : next(context));
        }
        return app;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapAccountsApi();
        return app;
    }

    /// <summary><c>keys/</c> beside a database file; null for an in-memory database (the framework's default then).</summary>
    private static string? KeysFolder(Db db)
    {
        var source = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        return Path.IsPathRooted(source) ? Path.Combine(Path.GetDirectoryName(source)!, "keys") : null;
    }

    internal static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase);
}
