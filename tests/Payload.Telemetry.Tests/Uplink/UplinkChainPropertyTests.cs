using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.Uplink;

/// <summary>
/// Random and mutated CLTUs through CLTU decoder → TC parser → authentication → FARM-1: nothing escapes but the typed
/// rejection, and nothing is accepted unless it is byte-for-byte a frame the ground signed.
/// </summary>
public class UplinkChainPropertyTests
{
    private const ushort Spi = 5;
    private const byte Vc = 2;
    private static readonly TcFrameFormat Format = new(0x155);
    private static readonly TcSecurityOptions Security = new();
    private static readonly TcKeyStore Keys = new([new(Spi, Enumerable.Repeat((byte)0x5A, 32).ToArray())]);
    private static readonly TcKeyStore ForgerKeys = new([new(Spi, Enumerable.Repeat((byte)0xA5, 32).ToArray())]);

    private enum Source
    {
        SignedBd,
        SignedAd,
        ForgedKey,
        Unsigned,
        RandomBytes,
    }

    private enum MutationKind
    {
        FlipBit,
        Truncate,
        Insert,
        Overwrite,
    }

    private sealed record Mutation(MutationKind Kind, int Position, byte[] Bytes);

    private sealed record UplinkCase(Source Source, byte[] Payload, Mutation[] Mutations);

    private static Gen<UplinkCase> CaseGenerator()
    {
        Gen<byte> octet = Gen.Choose(0, 255).Select(i => (byte)i);
        Gen<Mutation> mutation =
            from kind in Gen.Elements(Enum.GetValues<MutationKind>())
            from position in Gen.Choose(0, 8 * 320)
            from bytes in Gen.ArrayOf(octet, 4)
            select new Mutation(kind, position, bytes);
        return
            from source in Gen.Elements(Enum.GetValues<Source>())
            from length in Gen.Choose(0, 200)
            from payload in Gen.ArrayOf(octet, length)
            from count in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 2)), (2, Gen.Choose(3, 8)))
            from mutations in Gen.ArrayOf(mutation, count)
            select new UplinkCase(source, payload, mutations);
    }

    private static byte[] FrameFor(UplinkCase input, TcFrameSigner signer, TcFrameSigner forger)
    {
        ITcFrameWriter writer = input.Source switch
        {
            Source.ForgedKey => forger,
            Source.Unsigned => new TcFrameEncoder(Format),
            _ => signer,
        };
        if (input.Source == Source.RandomBytes)
        {
            return input.Payload.Length == 0 ? [0] : input.Payload;
        }

        var header = new TcFrameHeader(input.Source == Source.SignedAd ? TcFrameType.Ad : TcFrameType.Bd, Vc, 0);
        var frame = new byte[writer.GetFrameLength(header.Type, input.Payload.Length)];
        writer.Write(header, input.Payload, frame);
        return frame;
    }

    private static byte[] Mutate(byte[] cltu, Mutation[] mutations)
    {
        var bytes = new List<byte>(cltu);
        foreach (Mutation m in mutations)
        {
            int at = bytes.Count == 0 ? 0 : m.Position / 8 % bytes.Count;
            switch (m.Kind)
            {
                case MutationKind.FlipBit when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (m.Position % 8));
                    break;
                case MutationKind.Truncate:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case MutationKind.Insert:
                    bytes.InsertRange(at, m.Bytes);
                    break;
                case MutationKind.Overwrite when bytes.Count > 0:
                    bytes[at] = m.Bytes[0];
                    break;
            }
        }

        return [.. bytes];
    }

    [TestCase(0x5EEDUL)]
    [TestCase(0xC0FFEEUL)]
    [TestCase(0xB16B00B5UL)]
    public void Random_and_mutated_CLTUs_are_rejected_with_a_typed_reason_and_forgeries_never_accepted(ulong seed)
    {
        int accepted = 0;
        var stages = new HashSet<TcReceptionStage>();
        var authReasons = new HashSet<TcAuthFailureReason>();

        Property property = Prop.ForAll(CaseGenerator().ToArbitrary(), input =>
        {
            var signer = new TcFrameSigner(Format, Keys, Spi, Security);
            var forger = new TcFrameSigner(Format, ForgerKeys, Spi, Security);
            var receiver = new TcUplinkReceiver(new CltuDecoder(), new TcFrameParser(Format), new TcFrameVerifier(Keys, Security), [new Farm1(Vc, 10)]);
            byte[] frame = FrameFor(input, signer, forger);
            bool genuine = input.Source is Source.SignedAd or Source.SignedBd;
            var cltu = new byte[CltuEncoder.GetCltuLength(frame.Length)];
            new CltuEncoder().Encode(frame, cltu);
            byte[] mutated = Mutate(cltu, input.Mutations);
            var workspace = new byte[TcUplinkReceiver.WorkspaceLength(mutated.Length)];

            for (int attempt = 0; attempt < 2; attempt++)
            {
                TcReception reception = receiver.Receive(mutated, workspace);
                stages.Add(reception.Stage);
                authReasons.Add(reception.AuthFailure.Reason);
                Assert.That(reception.Message, Is.Not.Empty);
                if (reception.IsAccepted)
                {
                    accepted++;
                    Assert.That(genuine, Is.True, $"accepted a {input.Source} frame");
                    Assert.That(workspace.AsSpan(0, frame.Length).SequenceEqual(frame), Is.True, "accepted frame differs from the one the ground signed");
                    Assert.That(attempt, Is.Zero, "the same signed frame was accepted twice");
                }
            }
        });

        Config config = Config.QuickThrowOnFailure
            .WithMaxTest(400)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));
        Check.One(config, property);

        Assert.That(accepted, Is.GreaterThan(0), "the generator must also produce frames that get through");
        Assert.That(stages, Is.SupersetOf(new[] { TcReceptionStage.Accepted, TcReceptionStage.Cltu, TcReceptionStage.Frame, TcReceptionStage.Authentication }));
        Assert.That(authReasons, Is.SupersetOf(new[] { TcAuthFailureReason.BadMac, TcAuthFailureReason.Replayed, TcAuthFailureReason.UnknownSpi }));
    }
}
