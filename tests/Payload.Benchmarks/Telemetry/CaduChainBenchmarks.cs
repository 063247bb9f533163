using BenchmarkDotNet.Attributes;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Sync;

namespace Payload.Benchmarks.Telemetry;

/// <summary>
/// Per-CADU cost of the coding layer with full-length frames (223·I bytes): encode (RS + randomise) on the
/// flight side, and on the ground side synchronise a bit-shifted stream and decode every codeblock. No
/// external baseline; shows throughput and that nothing is allocated per CADU.
/// </summary>
[MemoryDiagnoser]
public class CaduChainBenchmarks
{
    private const int Cadus = 32;
    private readonly int[] _perCodeword = new int[8];
    private CaduCodec _codec = null!;
    private byte[] _frames = [];
    private byte[] _cadus = [];
    private byte[] _shiftedStream = [];
    private FrameSynchronizer _synchronizer = null!;
    private long _corrected;

    [Params(1, 5)]
    public int InterleaveDepth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _codec = new CaduCodec(new CaduFormat(ReedSolomon255.MessageLength * InterleaveDepth, InterleaveDepth));
        _frames = new byte[Cadus * _codec.Format.FrameLength];
        _cadus = new byte[Cadus * _codec.Format.CaduLength];
        new Random(3).NextBytes(_frames);
        EncodeCadus();

        // The same stream three bits late, as a receiver without byte alignment sees it; wrapped around so
        // that pushing it again and again continues one seamless stream.
        _shiftedStream = new byte[_cadus.Length];
        for (int i = 0; i < _cadus.Length; i++)
        {
            byte previous = _cadus[(i + _cadus.Length - 1) % _cadus.Length];
            _shiftedStream[i] = (byte)(previous << 5 | _cadus[i] >> 3);
        }

        _synchronizer = new FrameSynchronizer(
            new FrameSynchronizerOptions { CodeblockLength = _codec.Format.CodeblockLength },
            (codeblock, _) => _corrected += _codec.Decode(codeblock, _perCodeword).CorrectedSymbols);
    }

    [Benchmark(OperationsPerInvoke = Cadus)]
    public void EncodeCadus()
    {
        int frameLength = _codec.Format.FrameLength;
        int caduLength = _codec.Format.CaduLength;
        for (int i = 0; i < Cadus; i++)
        {
            _codec.Encode(_frames.AsSpan(i * frameLength, frameLength), _cadus.AsSpan(i * caduLength, caduLength));
        }
    }

    [Benchmark(OperationsPerInvoke = Cadus)]
    public long SynchronizeAndDecodeCadus()
    {
        _synchronizer.Push(_shiftedStream);
        return _corrected;
    }
}
