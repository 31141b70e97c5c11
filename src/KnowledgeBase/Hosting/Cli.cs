using KnowledgeBase.Accounts;
using KnowledgeBase.Data;

namespace KnowledgeBase.Hosting;

/// <summary>Where a command writes, and how it reads secrets; tests pass their own.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<string, string?> Environment, Func<string, string?> ReadSecret)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, global::System.Environment.GetEnvironmentVariable, ReadHidden);

    /// <summary>Asks on the terminal without echoing; one line from standard input when it is redirected.</summary>
    private static string? ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        if (Console.IsInputRedirected) { return Console.ReadLine(); }
        var text = new global::System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) { break; }
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) { text.Length--; } continue; }
            if (!char.IsControl(key.KeyChar)) { text.Append(key.KeyChar); }
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}

/// <summary>What a command gets: its positional arguments, the app's services (database migrated) and the console.</summary>
internal sealed record CliContext(string[] Args, IServiceProvider Services, CliConsole Console);

/// <summary>
/// A command: its name, usage line, the number of positional arguments, the services it needs beyond the
/// database, and what it does (returning the exit code).
/// </summary>
internal sealed record CliCommand(string Name, string Usage, int Arity, Action<IServiceCollection> AddServices, Func<CliContext, Task<int>> RunAsync);

/// <summary>
/// <c>dotnet KnowledgeBase.dll COMMAND ARGS… [--Key=Value…]</c>: runs one command against the configured
/// database instead of starting the web app. Configuration is read as the web app reads it (appsettings,
/// environment, and the <c>--Key=Value</c> options after the arguments), so a command sees the same database.
/// </summary>
internal static class Cli
{
    private static readonly CliCommand[] Commands = [.. AccountsCli.Commands];

    /// <summary>The command's exit code, or null when <paramref name="args"/> names no command (start the web app).</summary>
    public static async Task<int?> TryRunAsync(string[] args, CliConsole? console = null)
    {
        var command = args.Length > 0 ? Commands.FirstOrDefault(c => c.Name == args[0]) : null;
        if (command is null) { return null; }
        console ??= CliConsole.System;
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (positional.Length != command.Arity)
        {
            await console.Error.WriteLineAsync($"usage: {command.Usage}");
            return 2;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[(1 + positional.Length)..] });
        builder.Logging.ClearProviders();
        builder.Services.AddData();
        command.AddServices(builder.Services);
        await using var app = builder.Build();
        Migrator.Migrate(app.Services.GetRequiredService<Db>());
        return await command.RunAsync(new CliContext(positional, app.Services, console));
    }
}
