using Payload.Hal.Imaging;
using Payload.Inference.Hardening;
using Payload.Inference.Manifests;
using Payload.Inference.Runtime;

namespace Payload.Inference.Pipeline;

/// <summary>
/// Scene to products: cuts a scene into tiles (<see cref="TileGrid"/>), writes each batch of tiles
/// into a pinned input tensor as the manifest says, runs the model in ONNX Runtime, decodes the
/// output into class maps and stitches them into <see cref="SceneProducts"/>. The same code runs on
/// the ground (<c>ground-test infer</c>, <c>ground-test run</c>) and in flight.
/// </summary>
/// <remarks>
/// Buffers are created once per pipeline (and once per distinct partial-batch size), so after
/// the first scene of a size, processing a tile allocates nothing. One pipeline serves one thread.
/// Made with a <see cref="TileProtection"/>, every batch runs through its replicas and vote, the
/// scrubber checks its due weight blocks after each run, and range-guard hits are counted
/// (<see cref="Counters"/>); tiles a corrupted block may have touched are re-run or flagged.
/// </remarks>
public sealed class TilePipeline : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ClassMapDecoder _decoder;
    private readonly int _outputIndex;
    private readonly int _elementsPerInputTile;
    private readonly long[][] _outputShapes;
    private readonly TensorBuffer?[][] _inputsByBatch;
    private readonly TensorBuffer?[][] _outputsByBatch;
    private readonly byte[] _classes;
    private readonly float[] _confidence;
    private readonly bool _dynamicBatch;
    private readonly TileProtection? _protection;
    private readonly int _extremesIndex = -1;
    private TileInputWriter? _writer;
    private long[] _tileResults = [];
    private long _sceneFirstResult;
    private long _faultsHandled;
    private bool _unrepairedFault;

    /// <summary>Checks <paramref name="manifest"/> against the model in <paramref name="session"/> and prepares the buffers.</summary>
    /// <exception cref="ModelManifestException">The manifest names a tensor the model lacks, or its bands, classes or tile size do not fit the model's shapes.</exception>
    public TilePipeline(InferenceSession session, ModelManifest manifest, TilePipelineOptions? options = null)
        : this(session, null, manifest, options)
    {
    }

    /// <summary>
    /// A pipeline that runs every batch through <paramref name="protection"/>'s replicas, scrubs between
    /// runs and counts range-guard hits; <paramref name="manifest"/> is checked against replica 0.
    /// </summary>
    /// <exception cref="ModelManifestException">The manifest does not fit the model.</exception>
    /// <exception cref="ArgumentException">Guards are given but the model has no extremes output.</exception>
    public TilePipeline(TileProtection protection, ModelManifest manifest, TilePipelineOptions? options = null)
        : this(protection?.Session.Session(0) ?? throw new ArgumentNullException(nameof(protection)), protection, manifest, options)
    {
    }

    private TilePipeline(InferenceSession session, TileProtection? protection, ModelManifest manifest, TilePipelineOptions? options)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new TilePipelineOptions();
        _session = session;
        _protection = protection;
        if (protection?.Guards is { } guards)
        {
            _extremesIndex = guards.ExtremesOutput is null ? -1 : session.OutputIndex(guards.ExtremesOutput);
            if (_extremesIndex < 0)
            {
                throw new ArgumentException(
                    $"Range guards need the model's extremes output '{guards.ExtremesOutput ?? "(none: hardened without ReportHits)"}'; its outputs are {string.Join(", ", session.Outputs.Select(o => o.Name))}.",
                    nameof(protection));
            }
        }
        Manifest = manifest;
        TileSize = options.TileSize ?? manifest.TileSize;
        TileOverlap = options.TileOverlap ?? manifest.TileOverlap;
        if (TileSize < 1 || TileOverlap < 0 || TileOverlap >= TileSize)
        {
            throw new ArgumentException($"Tile size {TileSize} with overlap {TileOverlap}: the size must be positive and the overlap in 0..size-1.", nameof(options));
        }

        if (options.BatchSize < 1)
        {
            throw new ArgumentException($"Batch size {options.BatchSize} must be at least 1.", nameof(options));
        }

        List<string> errors = [];
        TensorInfo? input = CheckInput(session, manifest, TileSize, errors);
        TensorInfo? output = CheckOutput(session, manifest, errors);
        if (input is null || output is null || errors.Count > 0)
        {
            throw new ModelManifestException($"'{manifest.Name}' for model {session}", errors);
        }

        long batchDim = input.Shape[0];
        _dynamicBatch = batchDim < 0;
        BatchSize = _dynamicBatch ? options.BatchSize : (int)batchDim;
        _outputIndex = session.OutputIndex(manifest.OutputName);
        _outputShapes = [.. session.Outputs.Select((o, i) => i == _extremesIndex ? [.. o.Shape] : ConcreteOutputShape(o, manifest, TileSize, errors))];
        if (errors.Count > 0)
        {
            throw new ModelManifestException($"'{manifest.Name}' for model {session}", errors);
        }

        OutputDecoding decoding = manifest.Decoding!;
        bool channelsLast = decoding.Kind == DecodingKind.Argmax && decoding.Axis is 3 or -1;
        int channels = (int)_outputShapes[_outputIndex][channelsLast ? 3 : 1];
        _decoder = new ClassMapDecoder(decoding, channels, TileSize * TileSize);
        _elementsPerInputTile = manifest.Bands.Count * TileSize * TileSize;
        _inputsByBatch = new TensorBuffer?[BatchSize + 1][];
        _outputsByBatch = new TensorBuffer?[BatchSize + 1][];
        _classes = new byte[TileSize * TileSize];
        _confidence = new float[TileSize * TileSize];
        EnsureBuffers(BatchSize);
        if (protection is not null)
        {
            Counters = new TileProtectionCounters(protection);
            _faultsHandled = protection.Scrubber?.Faults ?? 0;
            if (protection.Scrubber is not null)
            {
                protection.Scrubber.BlockFaulted += OnBlockFaulted;
            }
        }
    }

    /// <summary>What the protections saw (null for a pipeline made without <see cref="TileProtection"/>).</summary>
    public TileProtectionCounters? Counters { get; }

    /// <summary>The model's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Tile edge in use.</summary>
    public int TileSize { get; }

    /// <summary>Tile overlap in use.</summary>
    public int TileOverlap { get; }

    /// <summary>Tiles per model run.</summary>
    public int BatchSize { get; }

    /// <summary>Empty products sized for a <paramref name="width"/> x <paramref name="height"/> scene, to pass to <see cref="Process(MultispectralScene, SceneProducts)"/>.</summary>
    public SceneProducts CreateProducts(int width, int height) =>
        new(new TileGrid(width, height, TileSize, TileOverlap), Manifest.Classes);

    /// <summary>Processes <paramref name="scene"/> into new products.</summary>
    public SceneProducts Process(MultispectralScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        SceneProducts products = CreateProducts(scene.Width, scene.Height);
        Process(scene, products);
        return products;
    }

    /// <summary>Processes <paramref name="scene"/> into <paramref name="products"/> (reused: nothing is allocated per tile).</summary>
    /// <exception cref="ArgumentException">The products were made for another scene size or tiling, or the scene lacks a band the model needs.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed on a batch.</exception>
    public void Process(MultispectralScene scene, SceneProducts products)
    {
        ArgumentNullException.ThrowIfNull(products);
        ProcessTiles(scene, products, 0, products.Grid.Count);
    }

    /// <summary>
    /// Processes tiles <paramref name="firstTile"/> .. <paramref name="firstTile"/> + <paramref name="tileCount"/> − 1 of
    /// <paramref name="scene"/>: their tile products and their part of the stitched maps (the rest is left as it was).
    /// Lets the flight executive spread a scene over several polls, or redo a few tiles.
    /// </summary>
    /// <exception cref="ArgumentException">The products were made for another scene size or tiling, or the scene lacks a band the model needs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the grid.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed on a batch.</exception>
    public void ProcessTiles(MultispectralScene scene, SceneProducts products, int firstTile, int tileCount)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(products);
        TileGrid grid = products.Grid;
        if (grid.SceneWidth != scene.Width || grid.SceneHeight != scene.Height || grid.TileSize != TileSize || grid.Overlap != TileOverlap)
        {
            throw new ArgumentException(
                $"Products for a {grid.SceneWidth} x {grid.SceneHeight} scene in tiles of {grid.TileSize} (overlap {grid.Overlap}) cannot hold scene {scene.SceneId} ({scene.Width} x {scene.Height}, tiles of {TileSize}, overlap {TileOverlap}).",
                nameof(products));
        }

        if (firstTile < 0 || tileCount < 0 || firstTile > grid.Count - tileCount)
        {
            throw new ArgumentOutOfRangeException(nameof(tileCount), tileCount, $"Tiles {firstTile}..{firstTile + tileCount - 1} are not inside the grid's 0..{grid.Count - 1}.");
        }

        int end = firstTile + tileCount;
        TileInputWriter writer = WriterFor(scene);
        products.Begin(scene.SceneId);
        WeightScrubber? scrubber = _protection?.Scrubber;
        if (scrubber is not null)
        {
            if (_tileResults.Length < grid.Count)
            {
                _tileResults = new long[grid.Count];
            }

            _sceneFirstResult = scrubber.Results + 1;
        }

        for (int first = firstTile; first < end; first += BatchSize)
        {
            int count = Math.Min(BatchSize, end - first);
            RunBatch(scene, products, writer, first, count);
            if (scrubber is not null)
            {
                scrubber.ScrubDue();
                if (scrubber.Faults != _faultsHandled)
                {
                    HandleSuspectTiles(scene, products, writer, scrubber, firstTile, first + count);
                }
            }
        }
    }

    /// <summary>Releases the pinned buffers (not the session or the protections, which the caller owns).</summary>
    public void Dispose()
    {
        if (_protection?.Scrubber is not null)
        {
            _protection.Scrubber.BlockFaulted -= OnBlockFaulted;
        }

        foreach (TensorBuffer?[]? set in _inputsByBatch.Concat(_outputsByBatch))
        {
            if (set is null)
            {
                continue;
            }

            foreach (TensorBuffer? buffer in set)
            {
                buffer?.Dispose();
            }
        }
    }

    // Input, run (voted when protected), guard hits, result sequence, decode and stitch of tiles first..first+count-1.
    private void RunBatch(MultispectralScene scene, SceneProducts products, TileInputWriter writer, int first, int count)
    {
        TileGrid grid = products.Grid;
        int runBatch = _dynamicBatch ? count : BatchSize;
        EnsureBuffers(runBatch);
        TensorBuffer[] inputs = _inputsByBatch[runBatch]!;
        TensorBuffer[] outputs = _outputsByBatch[runBatch]!;

        Span<float> input = inputs[0].AsSpan<float>();
        for (int j = 0; j < count; j++)
        {
            writer.Write(scene, grid[first + j], input.Slice(j * _elementsPerInputTile, _elementsPerInputTile));
        }

        bool unresolved = false;
        int guardHits = 0;
        long result = 0;
        if (_protection is null)
        {
            _session.Run(inputs, outputs);
        }
        else
        {
            _protection.Guards?.GuardInput(Manifest.InputName, input);
            unresolved = _protection.Session.Run(inputs, outputs) == VoteOutcome.Unresolved;
            if (_protection.Guards is not null)
            {
                guardHits = _protection.Guards.Observe(outputs[_extremesIndex].AsSpan<float>());
                Counters!.GuardHits += guardHits;
            }

            result = _protection.Scrubber?.RecordResult() ?? 0;
            Counters!.Tiles += count;
            if (unresolved)
            {
                Counters.SuspectTiles += count;
            }
        }

        ReadOnlySpan<float> output = outputs[_outputIndex].AsSpan<float>();
        int perTile = _decoder.ElementsPerTile;
        for (int j = 0; j < count; j++)
        {
            _decoder.Decode(output.Slice(j * perTile, perTile), _classes, _confidence);
            products.Accept(first + j, _classes, _confidence);
            if (_protection is not null)
            {
                products.Tile(first + j).Mark(unresolved, guardHits);
            }

            if (_tileResults.Length > first + j)
            {
                _tileResults[first + j] = result;
            }
        }
    }

    // A scrub found corrupted blocks: tiles of this call (firstTile..done-1) whose result falls in a
    // suspect range ran on bad weights. Re-run their batches on the repaired weights, or flag them.
    private void HandleSuspectTiles(MultispectralScene scene, SceneProducts products, TileInputWriter writer, WeightScrubber scrubber, int firstTile, int done)
    {
        _faultsHandled = scrubber.Faults;
        bool rerun = _protection!.SuspectTiles == SuspectTileHandling.Rerun && !_unrepairedFault;
        _unrepairedFault = false;
        for (int tile = firstTile; tile < done; tile++)
        {
            if (!scrubber.IsSuspect(_tileResults[tile]))
            {
                continue;
            }

            if (rerun)
            {
                int batchFirst = firstTile + ((tile - firstTile) / BatchSize * BatchSize);
                int count = Math.Min(BatchSize, done - batchFirst);
                RunBatch(scene, products, writer, batchFirst, count);
                Counters!.RerunTiles += count;
                tile = batchFirst + count - 1;
            }
            else if (!products.Tile(tile).Suspect)
            {
                products.Tile(tile).Mark(suspect: true, products.Tile(tile).RangeGuardHits);
                Counters!.SuspectTiles++;
            }
        }
    }

    // Results of earlier scenes in the suspect range are already out; count them for housekeeping.
    private void OnBlockFaulted(object? sender, WeightBlockFault fault)
    {
        long lastEarlier = Math.Min(fault.LastSuspectResult, _sceneFirstResult - 1);
        if (lastEarlier >= fault.FirstSuspectResult)
        {
            Counters!.SuspectEarlierResults += lastEarlier - fault.FirstSuspectResult + 1;
        }

        _unrepairedFault |= !fault.Repaired;
    }

    private TileInputWriter WriterFor(MultispectralScene scene)
    {
        if (_writer is null || !_writer.Matches(scene.BandNames))
        {
            _writer = new TileInputWriter(Manifest, scene.BandNames, TileSize);
        }

        return _writer;
    }

    private void EnsureBuffers(int batch)
    {
        if (_inputsByBatch[batch] is not null)
        {
            return;
        }

        _inputsByBatch[batch] = [new TensorBuffer(TensorElementType.Float32, [batch, Manifest.Bands.Count, TileSize, TileSize])];
        TensorBuffer[] outputs = new TensorBuffer[_outputShapes.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            long[] shape = (long[])_outputShapes[i].Clone();
            if (i != _extremesIndex)
            {
                shape[0] = batch;
            }

            outputs[i] = new TensorBuffer(_session.Outputs[i].ElementType, shape);
        }

        _outputsByBatch[batch] = outputs;
    }

    private static TensorInfo? CheckInput(InferenceSession session, ModelManifest manifest, int tileSize, List<string> errors)
    {
        int index = session.InputIndex(manifest.InputName);
        if (index < 0)
        {
            errors.Add($"$.inputName: '{manifest.InputName}' is not an input of the model; its inputs are {string.Join(", ", session.Inputs)}");
            return null;
        }

        if (session.Inputs.Count != 1)
        {
            errors.Add($"$.inputName: the model has {session.Inputs.Count} inputs ({string.Join(", ", session.Inputs)}); the tile pipeline feeds exactly one");
        }

        TensorInfo input = session.Inputs[index];
        if (input.ElementType != TensorElementType.Float32 || input.Shape.Count != 4)
        {
            errors.Add($"$.inputName: '{input.Name}' is {input}; the tile pipeline feeds float32 [N, bands, H, W]");
            return input;
        }

        if (input.Shape[1] >= 0 && input.Shape[1] != manifest.Bands.Count)
        {
            errors.Add($"$.bands: {manifest.Bands.Count} bands but input '{input.Name}' takes {input.Shape[1]} channels ({input.ShapeText})");
        }

        for (int axis = 2; axis < 4; axis++)
        {
            if (input.Shape[axis] >= 0 && input.Shape[axis] != tileSize)
            {
                errors.Add($"$.tileSize: {tileSize} but input '{input.Name}' is fixed at {input.ShapeText}");
                break;
            }
        }

        return input;
    }

    private static TensorInfo? CheckOutput(InferenceSession session, ModelManifest manifest, List<string> errors)
    {
        int index = session.OutputIndex(manifest.OutputName);
        if (index < 0)
        {
            errors.Add($"$.outputName: '{manifest.OutputName}' is not an output of the model; its outputs are {string.Join(", ", session.Outputs)}");
            return null;
        }

        TensorInfo output = session.Outputs[index];
        if (output.ElementType != TensorElementType.Float32 || output.Shape.Count != 4)
        {
            errors.Add($"$.outputName: '{output.Name}' is {output}; the tile pipeline decodes float32 4-D outputs");
            return output;
        }

        OutputDecoding decoding = manifest.Decoding!;
        if (decoding.Kind == DecodingKind.Argmax)
        {
            int axis = decoding.Axis < 0 ? decoding.Axis + 4 : decoding.Axis;
            long channels = output.Shape[axis];
            if (channels >= 0 && channels != manifest.Classes.Count)
            {
                errors.Add($"$.classes: {manifest.Classes.Count} classes but output '{output.Name}' {output.ShapeText} has {channels} on axis {decoding.Axis}");
            }
        }
        else if (output.Shape[1] >= 0 && decoding.Channel >= output.Shape[1])
        {
            errors.Add($"$.decoding.channel: {decoding.Channel} but output '{output.Name}' {output.ShapeText} has {output.Shape[1]} channels");
        }

        return output;
    }

    // Dynamic dims: batch first, then the tile's H and W, then the class axis from the manifest.
    private static long[] ConcreteOutputShape(TensorInfo output, ModelManifest manifest, int tileSize, List<string> errors)
    {
        long[] shape = [.. output.Shape];
        if (shape.Length != 4)
        {
            errors.Add($"$.outputName: model output {output} is not 4-D; the tile pipeline cannot size a buffer for it");
            return [1];
        }

        OutputDecoding decoding = manifest.Decoding!;
        bool channelsLast = decoding.Kind == DecodingKind.Argmax && decoding.Axis is 3 or -1;
        int classAxis = channelsLast ? 3 : 1;
        long classCount = decoding.Kind == DecodingKind.Argmax ? manifest.Classes.Count : decoding.Channel + 1;
        for (int axis = 1; axis < 4; axis++)
        {
            if (shape[axis] < 0)
            {
                shape[axis] = axis == classAxis ? classCount : tileSize;
            }
        }

        shape[0] = Math.Max(shape[0], 1);
        return shape;
    }
}
