using Microsoft.Playwright;
using Payload.Flight.Commanding;
using Payload.GroundTest.Commands;
using Payload.GroundTest.Dashboard;
using Payload.GroundTest.Station;
using Payload.GroundTest.Tests.Commands;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using static Microsoft.Playwright.Assertions;

namespace Payload.GroundTest.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium over a live session with the real flight process: commands clicked on the page
/// go up the authenticated COP-1 uplink and their acknowledgements and the new mode come back down the telemetry.
/// </summary>
[NonParallelizable]
public sealed class LiveDashboardBrowserTests
{
    private HeadlessChromium _chromium = null!;
    private TempFolder _folder = null!;
    private GroundSession _session = null!;
    private LiveDashboard _dashboard = null!;

    [OneTimeSetUp]
    public async Task StartFlightAndDashboard()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        _folder = new TempFolder();
        ModelManifest manifest = ModelManifest.Load(Path.Combine(RunCommand.DefaultModelFolder, LandCoverModel.ManifestFileName));
        _session = await GroundSession.StartAsync(new GroundSessionOptions { RunFolder = _folder.Path }, CancellationToken.None);
        _dashboard = await LiveDashboard.StartAsync(_session, $"{manifest.Name} {manifest.Version}", manifest.Classes, port: 0, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopFlightAndDashboard()
    {
        // Each is null when Chromium was missing and the fixture was ignored before it was made.
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }

        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        _folder?.Dispose();
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }

    [Test]
    public async Task Mode_change_clicked_on_the_page_round_trips_through_the_flight_process()
    {
        IPage page = await _chromium.NewPageAsync();
        await page.GotoAsync(_dashboard.Address.ToString());
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await Expect(page.Locator("#status-source")).ToHaveTextAsync("live flight process");
        await Expect(page.Locator("#status-mode")).ToHaveTextAsync("IDLE");
        await Expect(page.Locator("#class-legend")).ToContainTextAsync("water");

        ILocator uptime = page.Locator(".hk-value[data-channel=\"UPTIME\"]");
        string first = await uptime.TextContentAsync() ?? "";
        await page.WaitForFunctionAsync("first => document.querySelector('.hk-value[data-channel=\"UPTIME\"]').textContent !== first", first);

        await page.Locator("button[data-command=\"SET_MODE\"][data-args=\"OPERATE\"]").ClickAsync();
        await Expect(page.Locator("#command-log li[data-command=\"SET_MODE OPERATE\"]")).ToHaveAttributeAsync("data-stage", "Completed");
        await Expect(page.Locator("#status-mode")).ToHaveTextAsync("OPERATE");
        await Expect(page.Locator("#event-rows")).ToContainTextAsync("mode Idle -> Operate: commanded");

        using CancellationTokenSource patience = new(LiveDashboard.CommandTimeout);
        CommandAcknowledgement imaged = await _session.SendCommandAsync("IMAGE_SCENES", ["1", "7"], patience.Token);
        Assert.That(imaged.Stage, Is.EqualTo(AcknowledgementStage.Completed), imaged.Reason);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#product-list img.product')].some(i => i.complete && i.naturalWidth > 0)");

        await page.Locator("button[data-command=\"SET_MODE\"][data-args=\"IDLE\"]").ClickAsync();
        await Expect(page.Locator("#command-log li[data-command=\"SET_MODE IDLE\"]")).ToHaveAttributeAsync("data-stage", "Completed");
        await Expect(page.Locator("#status-mode")).ToHaveTextAsync("IDLE");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = HeadlessChromium.ScreenshotPath("dashboard-live"), FullPage = true });
        TestContext.AddTestAttachment(HeadlessChromium.ScreenshotPath("dashboard-live"), "dashboard over the live flight process");
        await page.CloseAsync();
    }

    [TestCase("SET_MODE", "[\"WARP\"]", "WARP")]
    [TestCase("SET_MODE", "[]", "SET_MODE")]
    [TestCase("IMAGE_SCENES", "[\"1\",\"7\"]", "not offered")]
    public async Task Bad_command_from_the_page_is_refused_naming_what_is_wrong(string name, string args, string expected)
    {
        using HttpClient http = new() { BaseAddress = _dashboard.Address, Timeout = LiveDashboard.CommandTimeout };
        using StringContent body = new($"{{\"name\":\"{name}\",\"args\":{args}}}", System.Text.Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await http.PostAsync(new Uri("/commands", UriKind.Relative), body);
        string answer = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.BadRequest), answer);
        Assert.That(answer, Does.Contain(expected));
    }
}
