using BenchmarkDotNet.Attributes;
using Payload.Telemetry.Coding;
using Payload.Tests.Shared;

namespace Payload.Benchmarks.Telemetry;

/// <summary>
/// RS(255,223) encode against libfec's <c>encode_rs_ccsds</c> (the issue 3 baseline), same process, same data:
/// a batch of full codewords per invocation, reported per codeword.
/// </summary>
[MemoryDiagnoser]
public class ReedSolomonEncodeBenchmarks
{
    private const int Codewords = 64;
    private readonly byte[] _messages = new byte[Codewords * ReedSolomon255.MessageLength];
    private readonly byte[] _parity = new byte[Codewords * ReedSolomon255.ParityLength];

    [GlobalSetup]
    public void Setup()
    {
        RequireLibFec();
        new Random(1).NextBytes(_messages);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Codewords)]
    public void Libfec_encode_rs_ccsds()
    {
        for (int i = 0; i < Codewords; i++)
        {
            LibFec.Encode(_messages.AsSpan(i * ReedSolomon255.MessageLength, ReedSolomon255.MessageLength), _parity.AsSpan(i * ReedSolomon255.ParityLength), pad: 0);
        }
    }

    [Benchmark(OperationsPerInvoke = Codewords)]
    public void ReedSolomon255_Encode()
    {
        for (int i = 0; i < Codewords; i++)
        {
            ReedSolomon255.Encode(_messages.AsSpan(i * ReedSolomon255.MessageLength, ReedSolomon255.MessageLength), _parity.AsSpan(i * ReedSolomon255.ParityLength));
        }
    }

    internal static void RequireLibFec()
    {
        if (!LibFec.IsAvailable)
        {
            throw new InvalidOperationException(LibFec.InstallHint);
        }
    }
}

/// <summary>RS(255,223) decode of error-free codewords (the common case on a good link) against libfec's <c>decode_rs_ccsds</c>.</summary>
[MemoryDiagnoser]
public class ReedSolomonDecodeBenchmarks
{
    private const int Codewords = 64;
    private readonly byte[] _codewords = new byte[Codewords * ReedSolomon255.CodewordLength];

    [GlobalSetup]
    public void Setup()
    {
        ReedSolomonEncodeBenchmarks.RequireLibFec();
        var random = new Random(2);
        for (int i = 0; i < Codewords; i++)
        {
            Span<byte> codeword = _codewords.AsSpan(i * ReedSolomon255.CodewordLength, ReedSolomon255.CodewordLength);
            random.NextBytes(codeword[..ReedSolomon255.MessageLength]);
            ReedSolomon255.Encode(codeword[..ReedSolomon255.MessageLength], codeword[ReedSolomon255.MessageLength..]);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Codewords)]
    public int Libfec_decode_rs_ccsds()
    {
        int corrected = 0;
        for (int i = 0; i < Codewords; i++)
        {
            corrected += LibFec.Decode(_codewords.AsSpan(i * ReedSolomon255.CodewordLength, ReedSolomon255.CodewordLength), pad: 0);
        }

        return corrected;
    }

    [Benchmark(OperationsPerInvoke = Codewords)]
    public int ReedSolomon255_TryDecode()
    {
        int corrected = 0;
        for (int i = 0; i < Codewords; i++)
        {
            ReedSolomon255.TryDecode(_codewords.AsSpan(i * ReedSolomon255.CodewordLength, ReedSolomon255.CodewordLength), out int count);
            corrected += count;
        }

        return corrected;
    }
}

/// <summary>
/// RS(255,223) decode of codewords with 16 symbol errors each (the worst correctable case) against libfec's
/// <c>decode_rs_ccsds</c>; both restore the corrupted copy before decoding, so the copy cost is shared.
/// </summary>
[MemoryDiagnoser]
public class ReedSolomonCorrectionBenchmarks
{
    private const int Codewords = 16;
    private readonly byte[] _corrupted = new byte[Codewords * ReedSolomon255.CodewordLength];
    private readonly byte[] _work = new byte[Codewords * ReedSolomon255.CodewordLength];

    [GlobalSetup]
    public void Setup()
    {
        ReedSolomonEncodeBenchmarks.RequireLibFec();
        var random = new Random(4);
        int[] positions = Enumerable.Range(0, ReedSolomon255.CodewordLength).ToArray();
        for (int i = 0; i < Codewords; i++)
        {
            Span<byte> codeword = _corrupted.AsSpan(i * ReedSolomon255.CodewordLength, ReedSolomon255.CodewordLength);
            random.NextBytes(codeword[..ReedSolomon255.MessageLength]);
            ReedSolomon255.Encode(codeword[..ReedSolomon255.MessageLength], codeword[ReedSolomon255.MessageLength..]);
            random.Shuffle(positions);
            foreach (int position in positions.AsSpan(0, ReedSolomon255.CorrectableSymbols))
            {
                codeword[position] ^= (byte)random.Next(1, 256);
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Codewords)]
    public int Libfec_decode_rs_ccsds_16_errors()
    {
        _corrupted.CopyTo(_work, 0);
        int corrected = 0;
        for (int i = 0; i < Codewords; i++)
        {
            corrected += LibFec.Decode(_work.AsSpan(i * ReedSolomon255.CodewordLength, ReedSolomon255.CodewordLength), pad: 0);
        }

        return corrected;
    }

    [Benchmark(OperationsPerInvoke = Codewords)]
    public int ReedSolomon255_TryDecode_16_errors()
    {
        _corrupted.CopyTo(_work, 0);
        int corrected = 0;
        for (int i = 0; i < Codewords; i++)
        {
            ReedSolomon255.TryDecode(_work.AsSpan(i * ReedSolomon255.CodewordLength, ReedSolomon255.CodewordLength), out int count);
            corrected += count;
        }

        return corrected;
    }
}
