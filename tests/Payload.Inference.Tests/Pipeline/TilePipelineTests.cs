using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Pipeline;

public class TilePipelineTests
{
    private static readonly string[] Rgbn = ["red", "green", "blue", "nir"];
    private InferenceSession _session = null!;

    [OneTimeSetUp]
    public void OpenDefaultModel() => _session = InferenceSession.FromBytes(LandCoverModel.Build().ToBytes(), new SessionOptions { IntraOpThreads = 1 });

    [OneTimeTearDown]
    public void CloseDefaultModel() => _session.Dispose();

    private static ModelManifest DefaultManifest(int tileSize = 64, int overlap = 8) => new()
    {
        Name = LandCoverModel.Name,
        Version = LandCoverModel.Version,
        InputName = LandCoverModel.InputName,
        OutputName = LandCoverModel.OutputName,
        Bands = LandCoverModel.Manifest().Bands,
        Scale = LandCoverModel.Manifest().Scale,
        Offset = LandCoverModel.Manifest().Offset,
        TileSize = tileSize,
        TileOverlap = overlap,
        Classes = LandCoverModel.Classes,
        Decoding = new OutputDecoding { Kind = DecodingKind.Argmax, Axis = 1 },
    };

    [Test]
    public void Stitched_overlapping_tiles_match_inference_on_the_whole_scene()
    {
        MultispectralScene scene = new SyntheticSceneGenerator(150, 110).Generate(77).Scene;
        using TilePipeline whole = new(_session, DefaultManifest(tileSize: 160, overlap: 0));
        using TilePipeline tiled = new(_session, DefaultManifest(tileSize: 48, overlap: 6));

        SceneProducts reference = whole.Process(scene);
        SceneProducts products = tiled.Process(scene);

        Assert.That(products.Grid.Count, Is.EqualTo(4 * 3));
        Assert.That(products.ClassMap.SequenceEqual(reference.ClassMap), Is.True);
        for (int i = 0; i < scene.PixelCount; i++)
        {
            Assert.That(products.Confidence[i], Is.EqualTo(reference.Confidence[i]).Within(1e-5f), $"pixel {i}");
        }
    }

    [Test]
    public void Batches_of_several_tiles_give_the_same_products_as_one_at_a_time()
    {
        MultispectralScene scene = new SyntheticSceneGenerator(100, 70).Generate(5).Scene;
        using TilePipeline single = new(_session, DefaultManifest(32, 4));
        using TilePipeline batched = new(_session, DefaultManifest(32, 4), new TilePipelineOptions { BatchSize = 4 });

        SceneProducts a = single.Process(scene);
        SceneProducts b = batched.Process(scene);

        Assert.That(a.Grid.Count, Is.EqualTo(12), "three full batches of four... and checks the partial-batch path below");
        Assert.That(b.ClassMap.SequenceEqual(a.ClassMap), Is.True);
        Assert.That(b.Tiles.Select(t => t.ConfidenceMean), Is.EqualTo(a.Tiles.Select(t => t.ConfidenceMean)).Within(1e-5f));

        using TilePipeline partial = new(_session, DefaultManifest(32, 4), new TilePipelineOptions { BatchSize = 5 });
        Assert.That(partial.Process(scene).ClassMap.SequenceEqual(a.ClassMap), Is.True, "12 tiles in batches of 5, 5 and 2");
    }

    [Test]
    public void Tiles_processed_a_few_at_a_time_give_the_same_products_as_the_whole_scene()
    {
        MultispectralScene scene = new SyntheticSceneGenerator(100, 70).Generate(5).Scene;
        using TilePipeline pipeline = new(_session, DefaultManifest(32, 4), new TilePipelineOptions { BatchSize = 2 });
        SceneProducts whole = pipeline.Process(scene);
        SceneProducts pieces = pipeline.CreateProducts(100, 70);

        pipeline.ProcessTiles(scene, pieces, 0, 5);
        pipeline.ProcessTiles(scene, pieces, 5, 1);
        pipeline.ProcessTiles(scene, pieces, 6, 6);

        Assert.That(pieces.ClassMap.SequenceEqual(whole.ClassMap), Is.True);
        for (int i = 0; i < whole.Tiles.Count; i++)
        {
            Assert.That(pieces.Tiles[i].ConfidenceMap.SequenceEqual(whole.Tiles[i].ConfidenceMap), Is.True, $"tile {i}");
        }
    }

    [TestCase(-1, 1)]
    [TestCase(11, 2)]
    [TestCase(0, 13)]
    public void A_tile_range_outside_the_grid_is_refused(int first, int count)
    {
        MultispectralScene scene = new SyntheticSceneGenerator(100, 70).Generate(5).Scene;
        using TilePipeline pipeline = new(_session, DefaultManifest(32, 4));
        SceneProducts products = pipeline.CreateProducts(100, 70);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.ProcessTiles(scene, products, first, count))!;

        Assert.That(e.Message, Does.Contain("0..11"));
    }

    [Test]
    public void Confidence_map_quantises_each_pixels_confidence_to_eight_bits()
    {
        MultispectralScene scene = new SyntheticSceneGenerator(64, 64).Generate(9).Scene;
        using TilePipeline pipeline = new(_session, DefaultManifest(64, 0));

        SceneProducts products = pipeline.Process(scene);

        ReadOnlySpan<byte> quantised = products.Tiles[0].ConfidenceMap;
        Assert.That(quantised.Length, Is.EqualTo(64 * 64));
        for (int i = 0; i < quantised.Length; i++)
        {
            Assert.That(quantised[i] / 255.0, Is.EqualTo(products.Confidence[i]).Within(0.5 / 255 + 1e-6), $"pixel {i}");
        }
    }

    [Test]
    public void A_scene_smaller_than_a_tile_is_padded_and_classified()
    {
        MultispectralScene scene = new SyntheticSceneGenerator(20, 9).Generate(3).Scene;
        using TilePipeline pipeline = new(_session, DefaultManifest(64, 8));

        SceneProducts products = pipeline.Process(scene);

        Assert.That(products.Tiles, Has.Count.EqualTo(1));
        Assert.That(products.Tiles[0].ValidPixels, Is.EqualTo(180));
        Assert.That(products.Summarise().ClassFractions.Sum(), Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void Processing_another_scene_of_the_same_size_allocates_nothing()
    {
        SyntheticSceneGenerator generator = new(128, 96);
        MultispectralScene first = generator.Generate(1).Scene;
        MultispectralScene second = generator.Generate(2).Scene;
        using TilePipeline pipeline = new(_session, DefaultManifest(48, 8), new TilePipelineOptions { BatchSize = 2 });
        SceneProducts products = pipeline.CreateProducts(128, 96);
        pipeline.Process(first, products);

        long before = GC.GetAllocatedBytesForCurrentThread();
        pipeline.Process(second, products);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(products.Grid.Count, Is.EqualTo(9));
        Assert.That(allocated, Is.Zero);
        Assert.That(products.SceneId, Is.EqualTo(second.SceneId));
    }

    [Test]
    public void A_manifest_naming_a_tensor_the_model_lacks_is_refused_naming_both()
    {
        ModelManifest manifest = new()
        {
            Name = "wrong",
            Version = "1",
            InputName = "image",
            OutputName = "probabilities",
            Bands = ["blue", "green", "red", "nir"],
            Scale = [1, 1, 1, 1],
            Offset = [0, 0, 0, 0],
            TileSize = 32,
            Classes = ["a", "b", "c", "d"],
            Decoding = new OutputDecoding(),
        };

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => _ = new TilePipeline(_session, manifest))!;

        Assert.That(error.Errors, Has.Some.Contains("$.inputName: 'image' is not an input of the model").And.Some.Contains("bands: float32[N,4,H,W]"));
    }

    [Test]
    public void A_manifest_whose_classes_do_not_fit_the_output_is_refused()
    {
        ModelManifest manifest = DefaultManifest();
        manifest = new ModelManifest
        {
            Name = manifest.Name, Version = manifest.Version, InputName = manifest.InputName, OutputName = manifest.OutputName,
            Bands = manifest.Bands, Scale = manifest.Scale, Offset = manifest.Offset, TileSize = 32,
            Classes = ["clear", "cloud"], Decoding = manifest.Decoding,
        };

        Assert.That(() => new TilePipeline(_session, manifest), Throws.TypeOf<ModelManifestException>().With.Message.Contains("$.classes: 2 classes"));
    }

    [Test]
    public void A_scene_without_a_band_the_model_needs_is_refused_and_the_pipeline_keeps_working()
    {
        using TilePipeline pipeline = new(_session, DefaultManifest(32, 0));
        MultispectralScene rgb = MultispectralScene.CreateEmpty("rgb", DateTimeOffset.UnixEpoch, 10, 10, ["blue", "green", "red"], 12);

        Assert.That(() => pipeline.Process(rgb), Throws.ArgumentException.With.Message.Contains("'nir'"));
        Assert.That(pipeline.Process(new SyntheticSceneGenerator(40, 40).Generate(1).Scene).Tiles, Has.Count.EqualTo(4));
    }

    [Test]
    public void Cunet_through_the_pipeline_reproduces_the_reference_output_on_the_38Cloud_patch()
    {
        string model = Require.SharedData("models/cloud38-cunet-l8-rgb384.onnx");
        NpyArray stack = NpyFile.Read(Require.SharedData("tiles/38cloud-sample/derived/patch_192_10_by_12.rgbn_chw.uint16.npy"));
        NpyArray reference = NpyFile.Read(Require.SharedData("reference-outputs/cloud38-cunet-l8-rgb384__38cloud_patch_192_10_by_12.output.npy"));
        MultispectralScene scene = MultispectralScene.FromNpy(stack, "patch_192_10_by_12", DateTimeOffset.UnixEpoch, Rgbn, 16);
        using InferenceSession session = InferenceSession.Open(model);
        using TilePipeline pipeline = new(session, ModelManifest.Load(Path.Combine(RepositoryPaths.Root, "inference", "models", "cloud38-cunet-l8-rgb384.json")));

        SceneProducts products = pipeline.Process(scene);

        ReadOnlySpan<float> expected = reference.AsSpan<float>();
        int plane = 384 * 384;
        int mismatched = 0;
        for (int i = 0; i < plane; i++)
        {
            float clear = expected[i];
            float cloud = expected[plane + i];
            Assert.That(products.Confidence[i], Is.EqualTo(Math.Max(clear, cloud)).Within(1e-5f), $"pixel {i}");
            mismatched += products.ClassMap[i] == (cloud > clear ? 1 : 0) ? 0 : 1;
        }

        Assert.That(mismatched, Is.Zero);
        TestContext.Out.WriteLine($"C-UNet cloud fraction on the 38-Cloud patch: {products.Summarise().ClassFractions[1]:P1} (PROVENANCE: 31.5 %)");
        Assert.That(products.Summarise().ClassFractions[1], Is.EqualTo(0.315).Within(0.001));
    }

    [Test]
    public void S2cloud_runs_through_the_pipeline_with_a_tile_z_score_and_threshold_decoding()
    {
        string model = Require.SharedData("models/s2cloud-unet-rgbn224.onnx");
        NpyArray stack = NpyFile.Read(Require.SharedData("tiles/38cloud-sample/derived/patch_192_10_by_12.rgbn_chw.uint16.npy"));
        MultispectralScene scene = MultispectralScene.FromNpy(stack, "patch", DateTimeOffset.UnixEpoch, Rgbn, 16);
        using InferenceSession session = InferenceSession.Open(model);
        using TilePipeline pipeline = new(session, ModelManifest.Load(Path.Combine(RepositoryPaths.Root, "inference", "models", "s2cloud-unet-rgbn224.json")));

        SceneProducts products = pipeline.Process(scene);

        Assert.That(products.Grid.Count, Is.EqualTo(4), "384 in tiles of 224: two per axis, the second padded");
        Assert.That(products.Summarise().ClassFractions.Sum(), Is.EqualTo(1).Within(1e-12));
        Assert.That(products.Tiles.Select(t => t.ConfidenceMin), Has.All.GreaterThanOrEqualTo(0.5f));
    }

    [Test]
    public void A_fixed_size_model_refuses_another_tile_size()
    {
        string model = Require.SharedData("models/cloud38-cfcn-l8-rgb384.onnx");
        using InferenceSession session = InferenceSession.Open(model);
        ModelManifest manifest = ModelManifest.Load(Path.Combine(RepositoryPaths.Root, "inference", "models", "cloud38-cfcn-l8-rgb384.json"));

        Assert.That(
            () => new TilePipeline(session, manifest, new TilePipelineOptions { TileSize = 256 }),
            Throws.TypeOf<ModelManifestException>().With.Message.Contains("$.tileSize: 256").And.Message.Contains("[batch_size,3,384,384]"));
    }
}
