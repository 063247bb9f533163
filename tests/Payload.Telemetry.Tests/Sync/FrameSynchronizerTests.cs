using System.IO.Pipelines;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Sync;

namespace Payload.Telemetry.Tests.Sync;

public class FrameSynchronizerTests
{
    private const int CodeblockLength = 64;
    private const int CaduBits = (4 + CodeblockLength) * 8;

    private static IEnumerable<TestCaseData> OffsetsAndErrors()
    {
        for (int offset = 0; offset < 8; offset++)
        {
            for (int errors = 0; errors <= 2; errors++)
            {
                yield return new TestCaseData(offset, errors).SetName($"offset {offset} bits, {errors} marker bit errors");
            }
        }
    }

    [TestCaseSource(nameof(OffsetsAndErrors))]
    public void Marker_is_found_at_every_bit_offset_with_tolerated_bit_errors(int offset, int errors)
    {
        var random = new Random(offset * 10 + errors);
        byte[][] bodies = Bodies(5, random);
        var stream = new BitStreamBuilder().AppendBits(0b1011_0110, offset);
        foreach (byte[] body in bodies)
        {
            stream.AppendMarker(DistinctBits(errors, random)).AppendBytes(body);
        }

        Received received = Run(Options(), stream.ToArray());

        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
        Assert.That(received.Infos.Select(i => i.MarkerBitErrors), Is.All.EqualTo(errors));
        Assert.That(received.Infos.Select(i => i.StreamBitOffset), Is.EqualTo(Enumerable.Range(0, 5).Select(k => offset + ((long)k * CaduBits))));
        Assert.That(received.Infos.Select(i => i.Inverted || i.Flywheel), Is.All.False);
    }

    [Test]
    public void Marker_with_more_bit_errors_than_the_search_tolerates_is_not_acquired()
    {
        var random = new Random(1);
        byte[][] bodies = Bodies(4, random);
        var stream = new BitStreamBuilder().AppendMarker(0, 9, 20).AppendBytes(bodies[0]);
        foreach (byte[] body in bodies[1..])
        {
            stream.AppendMarker().AppendBytes(body);
        }

        Received received = Run(Options() with { SearchBitErrors = 2 }, stream.ToArray());

        Assert.That(received.Codeblocks, Is.EqualTo(bodies[1..]));
    }

    [TestCase(0)]
    [TestCase(5)]
    public void Inverted_polarity_is_detected_and_the_codeblocks_are_inverted_back(int offset)
    {
        var random = new Random(offset);
        byte[][] bodies = Bodies(4, random);
        byte[] stream = Stream(bodies, leadingBits: offset).ToArray(inverted: true);

        Received received = Run(Options(), stream);

        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
        Assert.That(received.Infos.Select(i => i.Inverted), Is.All.True);
    }

    [Test]
    public void Inverted_stream_is_ignored_when_polarity_detection_is_off()
    {
        byte[] stream = Stream(Bodies(4, new Random(2))).ToArray(inverted: true);

        Received received = Run(Options() with { DetectInvertedPolarity = false }, stream);

        Assert.That(received.Codeblocks, Is.Empty);
    }

    [Test]
    public void False_markers_inside_the_data_do_not_lose_lock()
    {
        var random = new Random(3);
        byte[][] bodies = Bodies(8, random);
        byte[] marker = [0x1A, 0xCF, 0xFC, 0x1D];
        marker.CopyTo(bodies[1], 10);
        marker.CopyTo(bodies[3], 0);
        marker.CopyTo(bodies[5], CodeblockLength - 4);
        byte[] shifted = new BitStreamBuilder().AppendBits(1, 3).AppendMarker().AppendBits(0, 5).ToArray();
        shifted.CopyTo(bodies[6], 20);

        var synchronizer = Run(Options(), Stream(bodies).ToArray(), out Received received);

        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
        Assert.That(synchronizer.Statistics.LocksAcquired, Is.EqualTo(1));
        Assert.That(synchronizer.Statistics.LocksLost, Is.Zero);
    }

    [Test]
    public void False_marker_in_leading_garbage_is_rejected_without_losing_the_real_CADUs()
    {
        var random = new Random(4);
        byte[][] bodies = Bodies(4, random);
        byte[] garbage = new byte[100];
        random.NextBytes(garbage);
        var stream = new BitStreamBuilder().AppendBytes(garbage.AsSpan(0, 30)).AppendMarker().AppendBytes(garbage.AsSpan(30)).AppendBits(0, 3);
        foreach (byte[] body in bodies)
        {
            stream.AppendMarker().AppendBytes(body);
        }

        var synchronizer = Run(Options(), stream.ToArray(), out Received received);

        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
        Assert.That(synchronizer.Statistics.FalseMarkers, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Garbage_between_CADUs_loses_lock_and_the_search_finds_the_next_marker()
    {
        var random = new Random(5);
        byte[][] bodies = Bodies(10, random);
        byte[] garbage = new byte[37];
        random.NextBytes(garbage);
        var stream = new BitStreamBuilder();
        for (int k = 0; k < bodies.Length; k++)
        {
            if (k == 5)
            {
                stream.AppendBytes(garbage).AppendBits(0b101, 3);
            }

            stream.AppendMarker().AppendBytes(bodies[k]);
        }

        var synchronizer = Run(Options() with { FlywheelCount = 1 }, stream.ToArray(), out Received received);

        Assert.That(received.Recognised, Is.EqualTo(bodies));
        Assert.That(received.Infos.Count(i => i.Flywheel), Is.EqualTo(1));
        Assert.That(synchronizer.Statistics.LocksLost, Is.EqualTo(1));
        Assert.That(synchronizer.Statistics.LocksAcquired, Is.EqualTo(2));
    }

    [Test]
    public void Bit_slip_is_recovered_and_later_CADUs_arrive_intact()
    {
        var random = new Random(6);
        byte[][] bodies = Bodies(10, random);
        byte[] original = Stream(bodies).ToArray();
        var slipped = new BitStreamBuilder();
        long dropBit = (4L * CaduBits) + 100;
        for (long i = 0; i < original.Length * 8L; i++)
        {
            if (i != dropBit)
            {
                slipped.AppendBits((ulong)(original[i / 8] >> (7 - (int)(i % 8))) & 1, 1);
            }
        }

        var synchronizer = Run(Options(), slipped.ToArray(), out Received received);

        // CADU 4 keeps its marker but loses a bit of its body; the rest must arrive intact.
        byte[][] recognised = received.Recognised.ToArray();
        Assert.That(recognised, Has.Length.EqualTo(10));
        Assert.That(recognised[4], Is.Not.EqualTo(bodies[4]));
        Assert.That(recognised.Where((_, k) => k != 4), Is.EqualTo(bodies.Where((_, k) => k != 4)));
        Assert.That(synchronizer.Statistics.LocksLost, Is.EqualTo(1));
    }

    [Test]
    public void Corrupted_marker_in_lock_is_bridged_by_the_flywheel()
    {
        var random = new Random(7);
        byte[][] bodies = Bodies(5, random);
        var stream = new BitStreamBuilder();
        for (int k = 0; k < bodies.Length; k++)
        {
            stream.AppendMarker(k == 2 ? [0, 3, 5, 8, 13, 21, 27, 31] : []).AppendBytes(bodies[k]);
        }

        var synchronizer = Run(Options(), stream.ToArray(), out Received received);

        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
        Assert.That(received.Infos.Select(i => i.Flywheel), Is.EqualTo(new[] { false, false, true, false, false }));
        Assert.That(received.Infos[2].MarkerBitErrors, Is.EqualTo(8));
        Assert.That(synchronizer.Statistics.LocksLost, Is.Zero);
        Assert.That(synchronizer.Statistics.FlywheelCodeblocks, Is.EqualTo(1));
    }

    [Test]
    public void Truncated_CADU_at_the_end_of_the_stream_is_counted_not_delivered()
    {
        var random = new Random(8);
        byte[][] bodies = Bodies(4, random);
        var stream = Stream(bodies[..3]).AppendMarker().AppendBytes(bodies[3].AsSpan(0, 20));

        var synchronizer = Run(Options(), stream.ToArray(), out Received received);

        Assert.That(received.Codeblocks, Is.EqualTo(bodies[..3]));
        Assert.That(synchronizer.Statistics.TruncatedCodeblocks, Is.EqualTo(1));
    }

    [Test]
    public void Lone_CADU_is_delivered_when_the_stream_completes()
    {
        byte[][] bodies = Bodies(1, new Random(9));

        var synchronizer = Run(Options() with { CheckCount = 2 }, Stream(bodies, leadingBits: 6).ToArray(), out Received received);

        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
        Assert.That(synchronizer.State, Is.EqualTo(SynchronizerState.Lock));
    }

    [Test]
    public void Check_count_zero_locks_on_the_first_marker()
    {
        byte[][] bodies = Bodies(3, new Random(10));
        var synchronizer = new FrameSynchronizer(Options() with { CheckCount = 0 }, (_, _) => { });

        synchronizer.Push(Stream(bodies).ToArray().AsSpan(0, 4 + CodeblockLength + 1));

        Assert.That(synchronizer.State, Is.EqualTo(SynchronizerState.Lock));
        Assert.That(synchronizer.Statistics.CodeblocksDelivered, Is.EqualTo(1));
    }

    [Test]
    public void States_go_from_search_to_check_to_lock()
    {
        byte[] stream = Stream(Bodies(3, new Random(11))).ToArray();
        var synchronizer = new FrameSynchronizer(Options(), (_, _) => { });
        Assert.That(synchronizer.State, Is.EqualTo(SynchronizerState.Search));

        synchronizer.Push(stream.AsSpan(0, 10));
        Assert.That(synchronizer.State, Is.EqualTo(SynchronizerState.Check));

        synchronizer.Push(stream.AsSpan(10, 4 + CodeblockLength));
        Assert.That(synchronizer.State, Is.EqualTo(SynchronizerState.Lock));
    }

    [Test]
    public void Input_one_byte_at_a_time_gives_the_same_codeblocks_as_one_push()
    {
        var random = new Random(12);
        byte[][] bodies = Bodies(40, random);
        byte[] stream = Stream(bodies, leadingBits: 3).AppendBits(0x5A, 8).ToArray();
        var received = new Received();
        var synchronizer = new FrameSynchronizer(Options(), received.Handler);

        foreach (byte b in stream)
        {
            synchronizer.Push([b]);
        }

        synchronizer.Complete();
        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
    }

    [Test]
    public void Input_in_random_chunks_gives_the_same_codeblocks_as_one_push()
    {
        var random = new Random(13);
        byte[][] bodies = Bodies(200, random);
        byte[] stream = Stream(bodies, leadingBits: 7).ToArray();
        var received = new Received();
        var synchronizer = new FrameSynchronizer(Options(), received.Handler);

        for (int offset = 0; offset < stream.Length;)
        {
            int n = Math.Min(random.Next(1, 3000), stream.Length - offset);
            synchronizer.Push(stream.AsSpan(offset, n));
            offset += n;
        }

        synchronizer.Complete();
        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
    }

    [Test]
    public async Task Pipe_reader_feeds_the_synchronizer_until_the_writer_completes()
    {
        byte[][] bodies = Bodies(30, new Random(14));
        byte[] stream = Stream(bodies, leadingBits: 2).ToArray();
        var pipe = new Pipe();
        var received = new Received();
        var synchronizer = new FrameSynchronizer(Options(), received.Handler);

        Task reading = synchronizer.ReadFromAsync(pipe.Reader);
        for (int offset = 0; offset < stream.Length; offset += 100)
        {
            await pipe.Writer.WriteAsync(stream.AsMemory(offset, Math.Min(100, stream.Length - offset)));
        }

        await pipe.Writer.CompleteAsync();
        await reading;

        Assert.That(received.Codeblocks, Is.EqualTo(bodies));
    }

    [Test]
    public void Coded_CADUs_at_a_bit_offset_with_channel_errors_decode_to_the_frames()
    {
        var format = new CaduFormat(892, 4);
        var codec = new CaduCodec(format);
        var random = new Random(15);
        byte[][] frames = Enumerable.Range(0, 12).Select(_ => { byte[] f = new byte[892]; random.NextBytes(f); return f; }).ToArray();
        var stream = new BitStreamBuilder().AppendBits(0b110, 3);
        byte[] cadu = new byte[format.CaduLength];
        foreach (byte[] frame in frames)
        {
            codec.Encode(frame, cadu);
            for (int e = 0; e < 20; e++)
            {
                cadu[4 + random.Next(format.CodeblockLength)] ^= (byte)(1 << random.Next(8));
            }

            stream.AppendBytes(cadu);
        }

        var decoded = new List<byte[]>();
        int[] perCodeword = new int[4];
        int corrected = 0;
        var synchronizer = new FrameSynchronizer(
            new FrameSynchronizerOptions { CodeblockLength = format.CodeblockLength },
            (codeblock, _) =>
            {
                CodeblockDecodeResult result = codec.Decode(codeblock, perCodeword);
                Assert.That(result.IsCorrectable, Is.True);
                corrected += result.CorrectedSymbols;
                decoded.Add(codeblock[..format.FrameLength].ToArray());
            });

        synchronizer.Push(stream.ToArray());
        synchronizer.Complete();

        Assert.That(decoded, Is.EqualTo(frames));
        Assert.That(corrected, Is.InRange(12 * 17, 12 * 20));
    }

    [Test]
    public void Steady_state_allocates_nothing_per_CADU()
    {
        byte[] stream = Stream(Bodies(400, new Random(16)), leadingBits: 5).ToArray();
        long delivered = 0;
        var synchronizer = new FrameSynchronizer(Options(), (_, _) => delivered++);
        int half = stream.Length / 2;
        synchronizer.Push(stream.AsSpan(0, half));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int offset = half; offset < stream.Length; offset += 512)
        {
            synchronizer.Push(stream.AsSpan(offset, Math.Min(512, stream.Length - offset)));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(delivered, Is.EqualTo(400));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Push_after_complete_is_refused()
    {
        var synchronizer = new FrameSynchronizer(Options(), (_, _) => { });
        synchronizer.Complete();

        Assert.That(() => synchronizer.Push(new byte[1]), Throws.InvalidOperationException);
    }

    private static IEnumerable<TestCaseData> BadOptions()
    {
        yield return new TestCaseData(Options() with { CodeblockLength = 0 }, "CodeblockLength");
        yield return new TestCaseData(Options() with { SearchBitErrors = 16 }, "SearchBitErrors");
        yield return new TestCaseData(Options() with { LockBitErrors = -1 }, "LockBitErrors");
        yield return new TestCaseData(Options() with { CheckCount = 17 }, "CheckCount");
        yield return new TestCaseData(Options() with { FlywheelCount = -2 }, "FlywheelCount");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Options_out_of_range_are_rejected_naming_the_setting(FrameSynchronizerOptions options, string name)
    {
        Assert.That(() => new FrameSynchronizer(options, (_, _) => { }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(name));
    }

    private static FrameSynchronizerOptions Options() => new() { CodeblockLength = CodeblockLength };

    private static byte[][] Bodies(int count, Random random) => Enumerable.Range(0, count).Select(_ =>
    {
        byte[] body = new byte[CodeblockLength];
        random.NextBytes(body);
        return body;
    }).ToArray();

    private static BitStreamBuilder Stream(byte[][] bodies, int leadingBits = 0)
    {
        var stream = new BitStreamBuilder().AppendBits(0x2A5, leadingBits);
        foreach (byte[] body in bodies)
        {
            stream.AppendMarker().AppendBytes(body);
        }

        return stream;
    }

    private static int[] DistinctBits(int count, Random random)
    {
        int[] bits = Enumerable.Range(0, 32).ToArray();
        random.Shuffle(bits);
        return bits[..count];
    }

    private static Received Run(FrameSynchronizerOptions options, byte[] stream)
    {
        Run(options, stream, out Received received);
        return received;
    }

    private static FrameSynchronizer Run(FrameSynchronizerOptions options, byte[] stream, out Received received)
    {
        received = new Received();
        var synchronizer = new FrameSynchronizer(options, received.Handler);
        synchronizer.Push(stream);
        synchronizer.Complete();
        return synchronizer;
    }

    private sealed class Received
    {
        public Received() => Handler = (codeblock, info) =>
        {
            Codeblocks.Add(codeblock.ToArray());
            Infos.Add(info);
        };

        public CaduHandler Handler { get; }

        public List<byte[]> Codeblocks { get; } = [];

        public List<CaduSyncInfo> Infos { get; } = [];

        public IEnumerable<byte[]> Recognised => Codeblocks.Where((_, i) => !Infos[i].Flywheel);
    }
}
