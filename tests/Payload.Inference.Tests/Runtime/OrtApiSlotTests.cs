using System.Runtime.InteropServices;
using Payload.Inference.Runtime;
using Payload.Inference.Runtime.Interop;
using Payload.Inference.Tests.Onnx;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Runtime;

/// <summary>
/// Anchors for the OrtApi slot indices in <see cref="OrtApi.Slot"/>: each test calls slots whose
/// behaviour only the intended function has, so a wrong index fails (or crashes) here rather than
/// misbehaving quietly. The signature, shape and run tests cover the session and tensor slots.
/// </summary>
public unsafe class OrtApiSlotTests
{
    [Test]
    public void Library_offers_API_version_24_of_ORT_1_24()
    {
        Assert.That(OnnxRuntime.Version, Is.EqualTo("1.24.3"));
        Assert.That(OnnxRuntime.ApiVersion, Is.EqualTo(24));
        Assert.That(Path.IsPathRooted(OnnxRuntime.LibraryPath), Is.True);
        Assert.That(Path.GetFileName(OnnxRuntime.LibraryPath), Is.EqualTo("libonnxruntime.so.1"));
    }

    [Test]
    public void GetBuildInfoString_describes_this_build()
    {
        Assert.That(OnnxRuntime.BuildInfo, Does.StartWith("ORT Build Info:").And.Contain("build type="));
    }

    [TestCase(OrtErrorCode.InvalidArgument, "shape mismatch on 'input'")]
    [TestCase(OrtErrorCode.NoSuchFile, "ünïcødé path ✓")]
    public void CreateStatus_GetErrorCode_GetErrorMessage_round_trip(OrtErrorCode code, string message)
    {
        fixed (byte* m = OrtEnvironment.Utf8(message))
        {
            nint status = OrtApi.CreateStatus((int)code, m);

            OnnxRuntimeException e = OrtStatus.ToException(status, "Anchor", null);

            Assert.That(e.ErrorCode, Is.EqualTo(code));
            Assert.That(e.OrtMessage, Is.EqualTo(message));
            Assert.That(e.Message, Does.Contain("Anchor").And.Contain(message));
        }
    }

    [Test]
    public void CreateEnv_twice_returns_the_same_ref_counted_env()
    {
        nint shared = OrtEnvironment.Env.DangerousGetHandle();
        nint again;
        fixed (byte* logId = OrtEnvironment.Utf8("anchor"))
        {
            OrtStatus.Check(OrtApi.CreateEnv(OrtApi.ORT_LOGGING_LEVEL_WARNING, logId, &again), "CreateEnv");
        }

        Assert.That(again, Is.EqualTo(shared));
        OrtApi.ReleaseEnv(again);
        // The process-wide env is still alive: a session can still be made with it.
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn));
        Assert.That(session.Inputs, Has.Count.EqualTo(1));
    }

    [Test]
    public void AddSessionConfigEntry_is_read_back_by_Has_and_GetSessionConfigEntry()
    {
        nint options;
        OrtStatus.Check(OrtApi.CreateSessionOptions(&options), "CreateSessionOptions");
        try
        {
            InferenceSession.AddConfigEntry(options, SessionConfigKeys.IntraOpAllowSpinning, "0");
            int has;
            byte* value = stackalloc byte[16];
            nuint size = 16;
            fixed (byte* key = OrtEnvironment.Utf8(SessionConfigKeys.IntraOpAllowSpinning))
            {
                OrtStatus.Check(OrtApi.HasSessionConfigEntry(options, key, &has), "HasSessionConfigEntry");
                OrtStatus.Check(OrtApi.GetSessionConfigEntry(options, key, value, &size), "GetSessionConfigEntry");
            }

            Assert.That(has, Is.EqualTo(1));
            Assert.That(Marshal.PtrToStringUTF8((nint)value), Is.EqualTo("0"));
        }
        finally
        {
            OrtApi.ReleaseSessionOptions(options);
        }
    }

    [Test]
    public void Tensor_value_reports_our_memory_type_and_shape()
    {
        using TensorBuffer buffer = TensorBuffer.Create<ushort>(2, 3, 5);
        nint value = buffer.Value.DangerousGetHandle();
        int isTensor;
        int valueType;
        void* data;
        nint info;
        nuint elementCount;

        OrtStatus.Check(OrtApi.IsTensor(value, &isTensor), "IsTensor");
        OrtStatus.Check(OrtApi.GetValueType(value, &valueType), "GetValueType");
        OrtStatus.Check(OrtApi.GetTensorMutableData(value, &data), "GetTensorMutableData");
        OrtStatus.Check(OrtApi.GetTensorTypeAndShape(value, &info), "GetTensorTypeAndShape");
        TensorInfo described;
        try
        {
            OrtStatus.Check(OrtApi.GetTensorShapeElementCount(info, &elementCount), "GetTensorShapeElementCount");
            described = InferenceSession.ReadTensorInfo(info, "anchor");
        }
        finally
        {
            OrtApi.ReleaseTensorTypeAndShapeInfo(info);
        }

        Assert.That(isTensor, Is.EqualTo(1));
        Assert.That(valueType, Is.EqualTo(OrtApi.ONNX_TYPE_TENSOR));
        Assert.That((nint)data, Is.EqualTo((nint)buffer.Value.Data));
        Assert.That(elementCount, Is.EqualTo((nuint)30));
        Assert.That(described.ElementType, Is.EqualTo(TensorElementType.UInt16));
        Assert.That(described.Shape, Is.EqualTo(new long[] { 2, 3, 5 }));
    }

    [Test]
    public void Optimisation_level_and_optimised_model_path_reach_ORT()
    {
        // Extended fuses C-FCN's Conv+Relu pairs and drops nodes; Disabled keeps the graph as stored.
        string model = Require.SharedData(SharedModels.CFcn);
        int stored = Payload.Inference.Onnx.OnnxModel.Load(model).Nodes.Count;
        int[] counts = new int[2];
        GraphOptimizationLevel[] levels = [GraphOptimizationLevel.Disabled, GraphOptimizationLevel.Extended];
        for (int i = 0; i < levels.Length; i++)
        {
            string path = Path.Combine(Path.GetTempPath(), $"payload-optimised-{Environment.ProcessId}-{i}.onnx");
            try
            {
                using (InferenceSession.Open(model, new SessionOptions { GraphOptimization = levels[i], OptimizedModelPath = path }))
                {
                }

                counts[i] = Payload.Inference.Onnx.OnnxModel.Load(path).Nodes.Count;
            }
            finally
            {
                File.Delete(path);
            }
        }

        Assert.That(counts[0], Is.EqualTo(stored));
        Assert.That(counts[1], Is.LessThan(stored));
    }

    [Test]
    public void Thread_counts_reach_ORT_as_intra_op_pool_threads()
    {
        string model = Require.SharedData(SharedModels.CFcn);
        int before = ThreadCount();
        using InferenceSession one = InferenceSession.Open(model, new SessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
        int withOne = ThreadCount();
        using InferenceSession five = InferenceSession.Open(model, new SessionOptions { IntraOpThreads = 5, InterOpThreads = 1 });
        int withFive = ThreadCount();

        // A pool of n intra-op threads is the caller plus n-1 workers: four more OS threads.
        Assert.That(withFive - withOne, Is.EqualTo(4), $"threads: {before} -> {withOne} -> {withFive}");
    }

    // Threads ORT starts inherit the name of the thread that made the session (this one); counting
    // only those keeps .NET thread-pool threads coming and going out of the figure.
    private static int ThreadCount()
    {
        string mine = File.ReadAllText("/proc/thread-self/comm");
        return Directory.GetDirectories("/proc/self/task").Count(task => File.ReadAllText(Path.Combine(task, "comm")) == mine);
    }
}
