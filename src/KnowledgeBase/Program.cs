using KnowledgeBase.Accounts;
using KnowledgeBase.Articles;
using KnowledgeBase.Calculators;
using KnowledgeBase.Content;
using KnowledgeBase.Data;
using KnowledgeBase.Hosting;
using KnowledgeBase.Pages;
using KnowledgeBase.Practice;
using KnowledgeBase.Search;

if (HealthCheckCommand.IsRequested(args)) { return await HealthCheckCommand.RunAsync(args); }
if (await Cli.TryRunAsync(args) is int exitCode) { return exitCode; }

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = SiteSetup.FindWebRoot() });

builder.Services.AddSecurityHeaders();
builder.Services.AddData();
builder.Services.AddAccounts();
builder.Services.AddContent();
builder.Services.AddArticles();
builder.Services.AddPractice();
builder.Services.AddSearch();
builder.Services.AddSite();
builder.Services.AddHealth();
builder.Services.AddCalculators();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseSiteErrorHandling();
app.UseAccounts();
app.UseSiteStaticFiles();
// Explicit, after the error handlers: their re-executed request must be routed again.
app.UseRouting();
app.UseAuthorization();
app.UseSiteLocalization();
app.UseOutputCache();

app.MapHealth();
app.MapAccounts();
app.MapArticlesApi();
app.MapPracticeApi();
app.MapSearchApi();
app.MapCalculatorsApi();
app.MapSite();

app.Run();
return 0;

public partial class Program;
