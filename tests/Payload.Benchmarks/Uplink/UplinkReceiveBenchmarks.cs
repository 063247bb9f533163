using BenchmarkDotNet.Attributes;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Benchmarks.Uplink;

/// <summary>
/// Per-CLTU cost of the on-board uplink chain for a maximum-size (1024-octet) authenticated Type-BD frame.
/// Issue 6 names no baseline; the figures show the chain is far below any TC bit rate and allocates nothing.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class UplinkReceiveBenchmarks
{
    private static readonly TcFrameFormat Format = new(0x155);
    private static readonly TcSecurityOptions Security = new();
    private static readonly TcKeyStore Keys = new([new(5, Enumerable.Repeat((byte)0x5A, 32).ToArray())]);

    private readonly CltuDecoder decoder = new(derandomize: true);
    private readonly CltuEncoder encoder = new(randomize: true);
    private TcFrameSigner signer = null!;
    private TcUplinkReceiver receiver = null!;
    private byte[] data = null!;
    private byte[] frame = null!;
    private byte[] cltu = null!;
    private byte[] workspace = null!;

    [GlobalSetup]
    public void Setup()
    {
        signer = new TcFrameSigner(Format, Keys, 5, Security);
        receiver = new TcUplinkReceiver(decoder, new TcFrameParser(Format), new TcFrameVerifier(Keys, Security), [new Farm1(2, 10)]);
        data = new byte[1024 - 6 - 2 - Security.Overhead - 2];
        new Random(1).NextBytes(data);
        frame = new byte[signer.GetFrameLength(TcFrameType.Bd, data.Length)];
        cltu = new byte[CltuEncoder.GetCltuLength(frame.Length)];
        workspace = new byte[cltu.Length];
        signer.Write(new TcFrameHeader(TcFrameType.Bd, 2, 0), data, frame);
        encoder.Encode(frame, cltu);
    }

    [Benchmark]
    public int DecodeCltu() => decoder.Decode(cltu, workspace).DataLength;

    [Benchmark]
    public int SignAndEncode()
    {
        signer.Write(new TcFrameHeader(TcFrameType.Bd, 2, 0), data, frame);
        return encoder.Encode(frame, cltu);
    }

    /// <summary>Sign, encode, then decode → parse → verify → FARM: a fresh sequence number each time, so every CLTU is accepted.</summary>
    [Benchmark]
    public bool SignEncodeAndReceive()
    {
        signer.Write(new TcFrameHeader(TcFrameType.Bd, 2, 0), data, frame);
        encoder.Encode(frame, cltu);
        return receiver.Receive(cltu, workspace).IsAccepted;
    }
}
