using Microsoft.Playwright;
using Payload.GroundTest.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace Payload.GroundTest.Tests.Dashboard;

/// <summary>The dashboard page in headless Chromium over a finished run made by <c>ground-test run</c>, fed live by the test.</summary>
[NonParallelizable]
public sealed class DashboardBrowserTests
{
    private HeadlessChromium _chromium = null!;
    private DashboardState _state = null!;
    private DashboardServer _server = null!;

    [OneTimeSetUp]
    public async Task StartDashboard()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        _state = new DashboardState();
        RunFolderFeed.Load(SimulatedRunFolder.Shared.Path, _state);
        _server = await DashboardServer.StartAsync(_state, uplink: null, port: 0, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopDashboard()
    {
        // Each is null when Chromium was missing and the fixture was ignored before it was made.
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }

    [Test]
    public async Task Finished_run_shows_product_images_with_class_overlay_and_housekeeping_that_updates_live()
    {
        IPage page = await _chromium.NewPageAsync();
        await page.GotoAsync(_server.Address.ToString());

        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await Expect(page.Locator("#status-source")).ToHaveTextAsync("finished run dash");
        await Expect(page.Locator("#status-mode")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(IDLE|OPERATE)$"));
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#product-list img.product')].some(i => i.complete && i.naturalWidth > 0)");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#scene-list img.tile')].some(i => i.complete && i.naturalWidth > 0 && parseFloat(i.style.opacity) > 0)");
        await Expect(page.Locator("table[data-group=\"link\"]")).ToContainTextAsync("CADUS_SENT");
        await Expect(page.Locator("#event-rows tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("button[data-command=\"SET_MODE\"][data-args=\"IDLE\"]")).ToBeDisabledAsync();
        await Expect(page.Locator("#command-note")).ToContainTextAsync("Read-only");

        // A channel the finished run does not have, so its plot holds exactly the points fed here.
        _state.AddHousekeeping(DateTimeOffset.UtcNow, "BENCH_PROBE_TEMPERATURE", 40.25);
        ILocator probe = page.Locator(".hk-value[data-channel=\"BENCH_PROBE_TEMPERATURE\"]");
        await Expect(probe).ToHaveTextAsync("40.25");
        _state.AddHousekeeping(DateTimeOffset.UtcNow.AddSeconds(1), "BENCH_PROBE_TEMPERATURE", 41.5);
        await Expect(probe).ToHaveTextAsync("41.5");
        await page.WaitForFunctionAsync("() => document.querySelector('.hk[data-channel=\"BENCH_PROBE_TEMPERATURE\"] polyline').getAttribute('points').trim().split(' ').length === 2");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = HeadlessChromium.ScreenshotPath("dashboard-finished-run"), FullPage = true });
        TestContext.AddTestAttachment(HeadlessChromium.ScreenshotPath("dashboard-finished-run"), "dashboard over a finished run");
        await page.CloseAsync();
    }

    [Test]
    public async Task Reloaded_page_gets_the_whole_state_again_with_what_changed_meanwhile()
    {
        IPage page = await _chromium.NewPageAsync();
        await page.GotoAsync(_server.Address.ToString());
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");

        _state.AddHousekeeping(DateTimeOffset.UtcNow, "UPTIME", 1234);
        _state.AddEvent(DateTimeOffset.UtcNow, "HARDWARE", "imager: reconnect check");
        await page.ReloadAsync();

        await Expect(page.Locator(".hk-value[data-channel=\"UPTIME\"]")).ToHaveTextAsync("1234");
        await Expect(page.Locator("#event-rows")).ToContainTextAsync("imager: reconnect check");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#product-list img.product')].some(i => i.complete && i.naturalWidth > 0)");
        await page.CloseAsync();
    }
}
