using KnowledgeBase.Accounts;
using KnowledgeBase.BrowserTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AccountTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Sign_in_shows_your_name_and_sign_out_ends_it()
    {
        const string name = "浏览器用户";
        const string password = "browser test password";
        fixture.Factory.Services.GetRequiredService<UserStore>().Create(name, Roles.Editor, password);
        var (page, errors) = await fixture.NewPageAsync();

        await page.GotoAsync("/a/rnn-lstm-gru-params");
        await page.ClickAsync("a.account-signin");
        await page.WaitForURLAsync("**/account/login?returnUrl=*");
        await page.FillAsync("input[name=UserName]", name);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync(".account-form button[type=submit]");

        // Back on the page the visitor came from, with their name in the header.
        await page.WaitForURLAsync("**/a/rnn-lstm-gru-params");
        Assert.Equal(name, await page.InnerTextAsync(".account-name"));

        await page.ClickAsync(".logout-form button");
        await page.WaitForURLAsync(fixture.BaseUrl + "/");
        Assert.Equal(0, await page.Locator(".account-name").CountAsync());
        Assert.Equal(1, await page.Locator("a.account-signin").CountAsync());
        Assert.Empty(errors);
    }
}
