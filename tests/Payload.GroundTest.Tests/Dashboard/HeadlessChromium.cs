using Microsoft.Playwright;
using Payload.Tests.Shared;

namespace Payload.GroundTest.Tests.Dashboard;

/// <summary>
/// Debian's chromium driven headless by Playwright (its own browser downloads are not used: the executable path is
/// explicit). Tests that need it are ignored with a message when it is not installed.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>How long page conditions may take on a loaded machine before a test fails.</summary>
    public const float PatienceMilliseconds = 30_000;

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        Require.Tool(ExecutablePath, "install Debian's chromium package (apt-get install chromium) to run the browser tests");
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = PatienceMilliseconds * 2,
        });
        Assertions.SetDefaultExpectTimeout(PatienceMilliseconds);
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A page of 1280 x 1000 CSS pixels at one device pixel each, so element boxes are screenshot pixels.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IPage page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 }, DeviceScaleFactor = 1 });
        page.SetDefaultTimeout(PatienceMilliseconds);
        page.SetDefaultNavigationTimeout(PatienceMilliseconds);
        return page;
    }

    /// <summary>Where a test's screenshot goes: <c>screenshots/NAME.png</c> under the test output folder, attached to the result.</summary>
    public static string ScreenshotPath(string name)
    {
        string folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
