using Payload.GroundTest.Commands;
using Payload.GroundTest.Products;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Products;

public class LoopbackDownlinkTests
{
    [Test]
    public void Bulk_and_alert_products_cross_the_link_intact_in_whole_cadus()
    {
        DownlinkOptions.TryCreate(4, null, DownlinkOptions.DefaultSpacecraftId, out var format, out var frames, out _);
        List<DecodedProduct> received = [];
        List<string> problems = [];
        LoopbackDownlink link = new(format, frames, received.Add, problems.Add);
        ProductEncoder encoder = new();
        Random random = new(4);
        List<byte[]> maps = [];
        for (int i = 0; i < 5; i++)
        {
            byte[] map = new byte[120 * 90];
            random.NextBytes(map);
            maps.Add(map);
            ProductHeader header = new() { Kind = ProductKind.ClassMap, SceneId = 1, TileId = (ushort)i, Width = 120, Height = 90, Bands = 1, BitsPerSample = 8 };
            byte[] buffer = new byte[encoder.MaxLength(header)];
            link.Send(buffer.AsSpan(0, encoder.Encode(header, map, buffer)), alert: false);
            ProductHeader alert = header with { Kind = ProductKind.Alert, Width = 2, Height = 2 };
            byte[] alertBuffer = new byte[encoder.MaxLength(alert)];
            link.Send(alertBuffer.AsSpan(0, encoder.EncodeAlert(alert, new AlertDetail(1, 0.5, 0.5, 120, 90), [1, 2, 3, 4], alertBuffer)), alert: true);
        }

        link.Finish();

        Assert.That(problems, Is.Empty);
        Assert.That((link.ProductsSent, link.ProductsDecoded, link.ProductsRejected), Is.EqualTo((10L, 10L, 0L)));
        Assert.That(link.CaduOctets % format.CaduLength, Is.Zero);
        Assert.That(link.Statistics.Cadus * format.CaduLength, Is.EqualTo(link.CaduOctets));
        DecodedProduct[] mapsBack = [.. received.Where(p => p.Header.Kind == ProductKind.ClassMap).OrderBy(p => p.Header.TileId)];
        Assert.That(mapsBack.Select(p => p.Samples.Select(s => (byte)s).ToArray()), Is.EqualTo(maps));
        Assert.That(received.Count(p => p.Alert is not null), Is.EqualTo(5));
    }
}
