using KnowledgeBase.Data;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Accounts;

/// <summary>
/// <c>KnowledgeBase:BootstrapAdmin:UserName</c>/<c>:Password</c>: creates that admin at start-up when the database
/// has none, so a container can come up with a first admin and no terminal. Once an admin exists it does nothing.
/// </summary>
internal sealed class BootstrapAdmin(Db db, UserStore users, IOptions<AccountsOptions> options, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.BootstrapAdmin;
        if (string.IsNullOrEmpty(o.UserName) && string.IsNullOrEmpty(o.Password)) { return Task.CompletedTask; }
        Migrator.Migrate(db);
        if (users.AnyAdmin())
        {
            logger.LogInformation("BootstrapAdmin is configured but an admin exists; it is ignored and its password can be removed from the configuration.");
            return Task.CompletedTask;
        }
        var problem = AccountRules.CheckUserName(o.UserName) ?? AccountRules.CheckPassword(o.Password, options.Value.MinPasswordLength);
        if (problem is not null)
        {
            logger.LogWarning("BootstrapAdmin not applied: {Problem}.", problem);
            return Task.CompletedTask;
        }
        if (users.Create(o.UserName, Roles.Admin, o.Password) is null)
        {
            logger.LogWarning("BootstrapAdmin not applied: a user named {UserName} exists (and is not an admin).", o.UserName);
            return Task.CompletedTask;
        }
        logger.LogInformation("Created the first admin {UserName} from BootstrapAdmin configuration.", o.UserName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
