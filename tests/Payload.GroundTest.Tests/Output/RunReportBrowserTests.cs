using Microsoft.Playwright;
using Payload.GroundTest.Tests.Dashboard;
using Payload.GroundTest.Tests.Imaging;

namespace Payload.GroundTest.Tests.Output;

/// <summary>report.html of a real <c>ground-test run</c> opened in headless Chromium.</summary>
[NonParallelizable]
public sealed class RunReportBrowserTests
{
    [Test]
    public async Task Report_opens_with_plots_and_a_product_image_that_is_drawn()
    {
        await using HeadlessChromium chromium = await HeadlessChromium.LaunchAsync();
        SimulatedRunFolder run = SimulatedRunFolder.Shared;
        IPage page = await chromium.NewPageAsync();

        await page.GotoAsync(new Uri(run.File("report.html")).AbsoluteUri);

        ILocator plot = page.Locator("#housekeeping svg polyline").First;
        await Assertions.Expect(plot).ToBeAttachedAsync();
        ILocator image = page.Locator("#products figure img").First;
        await image.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#products figure img'); return i.complete && i.naturalWidth > 0; }");
        LocatorBoundingBoxResult box = (await image.BoundingBoxAsync())!;
        string path = HeadlessChromium.ScreenshotPath("report");
        byte[] screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = HeadlessChromium.ScreenshotPath("report-full"), FullPage = true });
        TestContext.AddTestAttachment(path, "report.html with the first product image in view");

        PngImage shot = PngReader.Read(screenshot);
        Assert.That((shot.Width, shot.Height), Is.EqualTo((1280, 1000)));
        Assert.That(box.Width, Is.GreaterThan(16));
        Assert.That(box.Height, Is.GreaterThan(16));
        Assert.That(ColoursWithin(shot, box), Is.GreaterThanOrEqualTo(2), "the product image's box in the screenshot is one flat colour: the image was not drawn");
        Assert.That(await plot.GetAttributeAsync("points"), Is.Not.Empty);
    }

    // Distinct colours of the screenshot's pixels inside the box (CSS pixels = screenshot pixels at scale 1).
    private static int ColoursWithin(PngImage shot, LocatorBoundingBoxResult box)
    {
        int channels = shot.Pixels.Length / (shot.Width * shot.Height);
        HashSet<int> colours = [];
        for (int y = (int)Math.Ceiling(box.Y); y < Math.Min(shot.Height, (int)(box.Y + box.Height)); y++)
        {
            for (int x = (int)Math.Ceiling(box.X); x < Math.Min(shot.Width, (int)(box.X + box.Width)); x++)
            {
                int at = ((y * shot.Width) + x) * channels;
                colours.Add((shot.Pixels[at] << 16) | (shot.Pixels[at + 1] << 8) | shot.Pixels[at + 2]);
            }
        }

        return colours.Count;
    }
}
