using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using KnowledgeBase.Content;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Pages;

/// <summary>Razor Pages, localization (zh-CN first, en second), caching, static files and error handling.</summary>
public static class SiteSetup
{
    public const string CachePolicy = "content";
    public const long OutputCacheBytes = 32L * 1024 * 1024;
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>wwwroot/ is at the repository root; the build copies it beside the app.</summary>
    public static string FindWebRoot()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(beside)) { return beside; }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot");
            if (File.Exists(Path.Combine(candidate, "css", "site.css"))) { return candidate; }
        }
        return beside;
    }

    public static IServiceCollection AddSite(this IServiceCollection services)
    {
        // Razor would otherwise write every Chinese character as &#x...; — valid, but triples page size and
        // makes the HTML unreadable. Encoding of <, >, &, quotes is unaffected.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages().AddViewLocalization();
        services.AddProblemDetails();
        services.AddOutputCache(o =>
        {
            // Pages vary by query string, which anyone can make unique per request: the store's size, not the
            // traffic, bounds its memory (least recently used entries go first).
            o.SizeLimit = OutputCacheBytes;
            o.AddPolicy(CachePolicy, b => b
                .Expire(TimeSpan.FromMinutes(30))
                .Tag(ContentImportService.CacheTag)
                .SetVaryByQuery("*")
                .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name)));
        });
        return services;
    }

    public static WebApplication UseSiteErrorHandling(this WebApplication app)
    {
        // API callers get problem+json; people get a friendly page.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), site =>
        {
            site.UseExceptionHandler("/Error");
            site.UseStatusCodePagesWithReExecute("/Status/{0}");
        });
        return app;
    }

    public static WebApplication UseSiteStaticFiles(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                // Vendored libraries are pinned by folder, so they can be cached for long.
                if (ctx.Context.Request.Path.StartsWithSegments("/lib"))
                {
                    ctx.Context.Response.Headers.CacheControl = "public, max-age=604800";
                }
            },
        });

        // Article images from content/<category>/..., images only: the Markdown sources are not published.
        var contentPath = app.Services.GetRequiredService<IOptions<ContentOptions>>().Value.ContentPath;
        if (Directory.Exists(contentPath))
        {
            var types = new FileExtensionContentTypeProvider();
            var allowed = new[] { ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp" };
            foreach (var ext in types.Mappings.Keys.Except(allowed, StringComparer.OrdinalIgnoreCase).ToList())
            {
                types.Mappings.Remove(ext);
            }
            app.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = "/media",
                // Not a bare PhysicalFileProvider: it follows symbolic links out of the folder.
                FileProvider = new ContentFolder(contentPath).FileProvider(),
                ContentTypeProvider = types,
                OnPrepareResponse = ctx =>
                {
                    // An SVG opened directly must not run script from our origin.
                    ctx.Context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
                    ctx.Context.Response.Headers.XContentTypeOptions = "nosniff";
                },
            });
        }
        return app;
    }

    public static WebApplication UseSiteLocalization(this WebApplication app)
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("zh-CN"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
        };
        // Chinese for everyone unless they pick English (?culture=en or the switch's cookie); the browser's
        // Accept-Language is not consulted, so a shared link reads the same for the whole team.
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        app.UseRequestLocalization(options);
        return app;
    }

    public static WebApplication MapSite(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/culture/{name}", (string name, string? returnUrl, HttpContext http) =>
        {
            var culture = Cultures.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            // The same test LocalRedirect applies (which throws on a failure): "//host", "/\\host", "/\t/x" fall back to /.
            return TypedResults.LocalRedirect(RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription().AllowAnonymous(); // the sign-in page of a private wiki has the language switch too
        return app;
    }
}
