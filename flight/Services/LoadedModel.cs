using System.Buffers.Binary;
using System.Security.Cryptography;
using Payload.Flight.Configuration;
using Payload.Inference.Hardening;
using Payload.Inference.Manifests;
using Payload.Inference.Onnx;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;

namespace Payload.Flight.Services;

/// <summary>
/// The model the scene pipeline runs, under the configured protection: its manifest, the session or voted replicas over
/// weights we own, the scrubber walking those weights, the tile pipeline and the model hash that products carry.
/// Loaded and disposed as one, so a hot swap replaces all of it or nothing.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private readonly InferenceSession? plain;
    private readonly RedundantSession? replicas;

    private LoadedModel(ModelManifest manifest, TilePipeline pipeline, ulong hash, InferenceSession? plain, RedundantSession? replicas, WeightScrubber? scrubber)
    {
        Manifest = manifest;
        Pipeline = pipeline;
        Hash = hash;
        this.plain = plain;
        this.replicas = replicas;
        Scrubber = scrubber;
    }

    public ModelManifest Manifest { get; }

    public TilePipeline Pipeline { get; }

    /// <summary>First 8 octets of the model file's SHA-256, big-endian.</summary>
    public ulong Hash { get; }

    /// <summary>Null under <see cref="ProtectionMode.None"/>.</summary>
    public WeightScrubber? Scrubber { get; }

    /// <summary>The replicas over weights we own (one under <see cref="ProtectionMode.Scrub"/>); null under <see cref="ProtectionMode.None"/>.</summary>
    public RedundantSession? Replicas => replicas;

    /// <summary>Null under <see cref="ProtectionMode.None"/>.</summary>
    public TileProtectionCounters? Counters => Pipeline.Counters;

    /// <exception cref="ModelManifestException">The manifest is invalid.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime refused the model.</exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    public static LoadedModel Load(string modelPath, string manifestPath, ProtectionMode protection, TimeProvider time)
    {
        ModelManifest manifest = ModelManifest.Load(manifestPath);
        byte[] bytes = File.ReadAllBytes(modelPath);
        ulong hash = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(bytes));
        if (protection == ProtectionMode.None)
        {
            InferenceSession session = InferenceSession.FromBytes(bytes, new SessionOptions { IntraOpThreads = 1 });
            try
            {
                return new LoadedModel(manifest, new TilePipeline(session, manifest), hash, session, null, null);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        RedundancyMode mode = protection switch
        {
            ProtectionMode.Dmr => RedundancyMode.Dmr,
            ProtectionMode.Tmr => RedundancyMode.Tmr,
            _ => RedundancyMode.None,
        };
        RedundantSession redundant = RedundantSession.FromModel(OnnxModel.FromBytes(bytes), new RedundantSessionOptions { Mode = mode, IntraOpThreads = 1 });
        try
        {
            WeightScrubber scrubber = WeightScrubber.For(redundant, time: time);
            var pipeline = new TilePipeline(new TileProtection { Session = redundant, Scrubber = scrubber }, manifest);
            return new LoadedModel(manifest, pipeline, hash, null, redundant, scrubber);
        }
        catch
        {
            redundant.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Pipeline.Dispose();
        plain?.Dispose();
        replicas?.Dispose();
    }
}
