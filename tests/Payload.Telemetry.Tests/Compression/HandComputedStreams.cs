using Payload.Telemetry.Compression;

namespace Payload.Telemetry.Tests.Compression;

/// <summary>
/// Tiny streams worked out bit by bit from the CCSDS 121.0-B-3 syntax (option ID, reference
/// sample, FS codewords, split LSBs, zero-run codes), each naming the option it shows.
/// </summary>
public static class HandComputedStreams
{
    public static IEnumerable<TestCaseData> All()
    {
        // ID 000, zero-block bit 0, reference 00000101, one block: FS(0) = 1 → 0000 0000 0101 1|000.
        yield return Case("zero block with reference", new(8, 8, 1), Repeat(5, 8), 0x00, 0x58);

        // Two intervals of one block: the reference sample is sent again for the second.
        yield return Case("reference sample every interval", new(8, 8, 1), Repeat(5, 16), 0x00, 0x58, 0x02, 0xC0);

        // Signed reference −3 is sent as its 8-bit two's complement 11111101.
        yield return Case("signed reference sample", new(8, 8, 1, signed: true), Repeat(unchecked((uint)-3), 8), 0x0F, 0xD8);

        // n = 32: 5-bit ID 00000, bit 0, 32-bit reference 0xDEADBEEF, FS(0).
        yield return Case("32-bit reference sample", new(32, 8, 1), Repeat(0xDEADBEEF, 8), 0x03, 0x7A, 0xB6, 0xFB, 0xBE);

        // k = 1 (ID 010): FS of v>>1 = 1 01 01 1 01 01 1 01, then LSBs 10110110; 21 bits beat k = 0 (23) and k = 2 (24).
        yield return Case("split-sample k = 1", new(8, 8, 1, preprocess: false), [1, 2, 3, 1, 2, 3, 1, 2], 0x55, 0xAD, 0xB6);

        // Second extension (ID 000, bit 1): pairs (0,0) (0,1) (0,0) (0,0) → γ = 0, 2, 0, 0 → 1 001 1 1.
        yield return Case("second extension", new(8, 8, 1, preprocess: false), [0, 0, 0, 1, 0, 0, 0, 0], 0x19, 0xC0);

        // No compression (ID 111) then the eight samples as they are: 67 bits.
        yield return Case("no compression", new(8, 8, 1, preprocess: false), [255, 0, 255, 0, 255, 0, 255, 0], 0xFF, 0xE0, 0x1F, 0xE0, 0x1F, 0xE0, 0x1F, 0xE0, 0x00);

        // Six zero blocks end the interval: more than four, so ROS = 00001.
        yield return Case("zero run to interval end codes ROS", new(8, 8, 6, preprocess: false), Repeat(0, 48), 0x00, 0x80);

        // Three zero blocks end the interval: four or fewer are counted, FS(3 − 1) = 001.
        yield return Case("short zero run at interval end is counted", new(8, 8, 3, preprocess: false), Repeat(0, 24), 0x02);

        // Five zero blocks before a data block: FS(5) = 000001, then the second-extension block.
        yield return Case(
            "zero run of five before data codes FS(5)",
            new(8, 8, 8, preprocess: false),
            [.. Repeat(0, 40), 0, 0, 0, 1, 0, 0, 0, 0],
            0x00,
            0x46,
            0x70);

        // 70 zero blocks: the run stops at the 64-block segment end (ROS), then six more to the end (ROS).
        yield return Case("zero runs stop at segment boundaries", new(8, 8, 128, preprocess: false), Repeat(0, 560), 0x00, 0x80, 0x40);
    }

    private static TestCaseData Case(string name, Ccsds121Parameters parameters, uint[] samples, params byte[] stream) =>
        new TestCaseData(parameters, samples, stream).SetName($"{{m}}({name})");

    private static uint[] Repeat(uint value, int count) => Enumerable.Repeat(value, count).ToArray();
}
