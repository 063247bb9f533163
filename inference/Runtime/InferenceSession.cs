using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Payload.Inference.Runtime.Interop;

namespace Payload.Inference.Runtime;

/// <summary>
/// A loaded ONNX model in ONNX Runtime, ready to run. <see cref="Run(ReadOnlySpan{TensorBuffer}, ReadOnlySpan{TensorBuffer})"/>
/// runs on caller-owned buffers and allocates nothing; several threads may run one session at once,
/// each with its own buffers. <see cref="Run(IReadOnlyList{NamedTensor}, IReadOnlyList{string}?)"/> is the
/// allocating path for tools: named arrays in, outputs with their actual shapes out.
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private const int MaxTensorsPerRun = 256;

    private readonly OrtSessionHandle _session;
    private readonly TensorInfo[] _inputs;
    private readonly TensorInfo[] _outputs;
    private readonly byte*[] _inputNames;
    private readonly byte*[] _outputNames;
    private readonly List<byte[]> _pinnedNames = [];
    private readonly TensorBuffer[] _initializers;
    private readonly string _source;

    private InferenceSession(OrtSessionHandle session, string source, TensorBuffer[] initializers)
    {
        _session = session;
        _source = source;
        _initializers = initializers;
        _inputs = ReadSignature(session, isInput: true);
        _outputs = ReadSignature(session, isInput: false);
        // Names marshalled once, on the pinned object heap, so every Run passes them as they are.
        _inputNames = PinnedNames(_inputs);
        _outputNames = PinnedNames(_outputs);
    }

    /// <summary>Inputs in the order <see cref="Run(ReadOnlySpan{TensorBuffer}, ReadOnlySpan{TensorBuffer})"/> takes them.</summary>
    public IReadOnlyList<TensorInfo> Inputs => _inputs;

    /// <summary>Outputs in the order <see cref="Run(ReadOnlySpan{TensorBuffer}, ReadOnlySpan{TensorBuffer})"/> fills them.</summary>
    public IReadOnlyList<TensorInfo> Outputs => _outputs;

    /// <summary>Loads the model file at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxRuntimeException">The file is missing or not a model ORT can run; the message names the path.</exception>
    public static InferenceSession Open(string path, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = Path.GetFullPath(path);
        string context = $"model file '{fullPath}'";
        if (!File.Exists(fullPath))
        {
            throw new OnnxRuntimeException(OrtErrorCode.NoSuchFile, nameof(OrtApi.CreateSession), context, "the file does not exist.");
        }

        return Create(options, nameof(OrtApi.CreateSession), context, (optionsHandle, session) =>
        {
            fixed (byte* p = OrtEnvironment.Utf8(fullPath))
            {
                return OrtApi.CreateSession(OrtEnvironment.Env.DangerousGetHandle(), p, optionsHandle, session);
            }
        });
    }

    /// <summary>Loads a model from its serialized bytes.</summary>
    /// <exception cref="OnnxRuntimeException">The bytes are not a model ORT can run.</exception>
    public static InferenceSession FromBytes(ReadOnlySpan<byte> model, SessionOptions? options = null)
    {
        if (model.IsEmpty)
        {
            throw new OnnxRuntimeException(OrtErrorCode.InvalidProtobuf, nameof(OrtApi.CreateSessionFromArray), "model bytes", "the model is empty (0 bytes).");
        }

        fixed (byte* p = model)
        {
            byte* data = p;
            nuint length = (nuint)model.Length;
            return Create(options, nameof(OrtApi.CreateSessionFromArray), $"{model.Length} model bytes", (optionsHandle, session) =>
                OrtApi.CreateSessionFromArray(OrtEnvironment.Env.DangerousGetHandle(), data, length, optionsHandle, session));
        }
    }

    /// <summary>Position of the input called <paramref name="name"/>, or -1.</summary>
    public int InputIndex(string name) => Array.FindIndex(_inputs, i => i.Name == name);

    /// <summary>Position of the output called <paramref name="name"/>, or -1.</summary>
    public int OutputIndex(string name) => Array.FindIndex(_outputs, o => o.Name == name);

    /// <summary>
    /// Runs the model: one buffer per input and per output, in <see cref="Inputs"/> / <see cref="Outputs"/>
    /// order, each of the declared element type and a shape the declaration accepts. Output buffers
    /// must have the shape the model will produce. Allocates nothing.
    /// </summary>
    /// <exception cref="OnnxRuntimeException">A buffer does not fit (the message names the tensor, what was given and what is expected) or ORT failed.</exception>
    public void Run(ReadOnlySpan<TensorBuffer> inputs, ReadOnlySpan<TensorBuffer> outputs)
    {
        CheckBuffers(inputs, _inputs, "input");
        CheckBuffers(outputs, _outputs, "output");

        nint* inputValues = stackalloc nint[inputs.Length];
        nint* outputValues = stackalloc nint[outputs.Length];
        bool sessionRef = false;
        int inputRefs = 0;
        int outputRefs = 0;
        try
        {
            _session.DangerousAddRef(ref sessionRef);
            for (; inputRefs < inputs.Length; inputRefs++)
            {
                inputValues[inputRefs] = AddRef(inputs[inputRefs]);
            }

            for (; outputRefs < outputs.Length; outputRefs++)
            {
                outputValues[outputRefs] = AddRef(outputs[outputRefs]);
            }

            fixed (byte** inputNames = _inputNames)
            fixed (byte** outputNames = _outputNames)
            {
                nint status = OrtApi.Run(
                    _session.DangerousGetHandle(), 0, inputNames, inputValues, (nuint)inputs.Length, outputNames, (nuint)outputs.Length, outputValues);
                OrtStatus.Check(status, nameof(OrtApi.Run), _source);
            }
        }
        finally
        {
            for (int i = 0; i < inputRefs; i++)
            {
                inputs[i].Value.DangerousRelease();
            }

            for (int i = 0; i < outputRefs; i++)
            {
                outputs[i].Value.DangerousRelease();
            }

            if (sessionRef)
            {
                _session.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Runs the model on named tensors and returns the requested outputs (all by default) with the
    /// shapes ORT actually produced. Allocates; meant for tools, tests and one-off checks.
    /// </summary>
    /// <exception cref="OnnxRuntimeException">An input is missing, unknown or does not fit, an output name is unknown or not a tensor, or ORT failed.</exception>
    public IReadOnlyList<NamedTensor> Run(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        NamedTensor[] ordered = new NamedTensor[_inputs.Length];
        foreach (NamedTensor tensor in inputs)
        {
            int index = InputIndex(tensor.Name);
            if (index < 0)
            {
                throw Refused($"the model has no input '{tensor.Name}'; its inputs are {string.Join(", ", _inputs.Select(i => i.ToString()))}");
            }

            if (!_inputs[index].Accepts(tensor.ElementType, tensor.Shape.ToArray()))
            {
                throw Mismatch("input", _inputs[index], tensor.ElementType, tensor.Shape.ToArray());
            }

            ordered[index] = tensor;
        }

        int missing = Array.IndexOf(ordered, null);
        if (missing >= 0)
        {
            throw Refused($"input {_inputs[missing]} was not given");
        }

        int[] outputIndices = outputNames is null
            ? [.. Enumerable.Range(0, _outputs.Length)]
            : [.. outputNames.Select(n => OutputIndex(n) is int i and >= 0 ? i : throw Refused($"the model has no output '{n}'; its outputs are {string.Join(", ", _outputs.Select(o => o.Name))}"))];

        GCHandle[] pins = new GCHandle[ordered.Length];
        nint[] inputValues = new nint[ordered.Length];
        nint[] outputValues = new nint[outputIndices.Length];
        nint[] requestedNames = [.. outputIndices.Select(i => (nint)_outputNames[i])];
        try
        {
            for (int i = 0; i < ordered.Length; i++)
            {
                pins[i] = GCHandle.Alloc(ordered[i].Data, GCHandleType.Pinned);
                long[] shape = [.. ordered[i].Shape];
                nint value;
                fixed (long* dims = shape)
                {
                    OrtStatus.Check(
                        OrtApi.CreateTensorWithDataAsOrtValue(
                            OrtEnvironment.CpuMemoryInfo.DangerousGetHandle(), (void*)pins[i].AddrOfPinnedObject(), (nuint)ordered[i].Data.Length,
                            dims, (nuint)shape.Length, (int)ordered[i].ElementType, &value),
                        nameof(OrtApi.CreateTensorWithDataAsOrtValue), $"input '{ordered[i].Name}'");
                }

                inputValues[i] = value;
            }

            bool sessionRef = false;
            try
            {
                _session.DangerousAddRef(ref sessionRef);
                fixed (byte** inNames = _inputNames)
                fixed (nint* inValues = inputValues)
                fixed (nint* outNames = requestedNames)
                fixed (nint* outValues = outputValues)
                {
                    OrtStatus.Check(
                        OrtApi.Run(_session.DangerousGetHandle(), 0, inNames, inValues, (nuint)inputValues.Length, (byte**)outNames, (nuint)requestedNames.Length, outValues),
                        nameof(OrtApi.Run), _source);
                }
            }
            finally
            {
                if (sessionRef)
                {
                    _session.DangerousRelease();
                }
            }

            var results = new NamedTensor[outputIndices.Length];
            for (int i = 0; i < outputIndices.Length; i++)
            {
                results[i] = CopyOut(outputValues[i], _outputs[outputIndices[i]].Name);
            }

            return results;
        }
        finally
        {
            foreach (nint value in inputValues.Concat(outputValues))
            {
                if (value != 0)
                {
                    OrtApi.ReleaseValue(value);
                }
            }

            foreach (GCHandle pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }
        }
    }

    /// <summary>Releases the session and the initializer buffers' hold on it.</summary>
    public void Dispose() => _session.Dispose();

    public override string ToString() =>
        $"{_source}: ({string.Join(", ", _inputs.Select(i => i.ToString()))}) -> ({string.Join(", ", _outputs.Select(o => o.ToString()))})";

    internal static TensorInfo ReadTensorInfo(nint info, string name)
    {
        int elementType;
        nuint rank;
        OrtStatus.Check(OrtApi.GetTensorElementType(info, &elementType), nameof(OrtApi.GetTensorElementType), name);
        OrtStatus.Check(OrtApi.GetDimensionsCount(info, &rank), nameof(OrtApi.GetDimensionsCount), name);
        long[] shape = new long[(int)rank];
        byte*[] symbolic = new byte*[(int)rank];
        fixed (long* dims = shape)
        fixed (byte** names = symbolic)
        {
            OrtStatus.Check(OrtApi.GetDimensions(info, dims, rank), nameof(OrtApi.GetDimensions), name);
            OrtStatus.Check(OrtApi.GetSymbolicDimensions(info, names, rank), nameof(OrtApi.GetSymbolicDimensions), name);
        }

        // The symbolic names belong to the info object: copied here, not freed.
        string[] symbolicDims = new string[symbolic.Length];
        for (int d = 0; d < symbolic.Length; d++)
        {
            symbolicDims[d] = symbolic[d] is null ? "" : Marshal.PtrToStringUTF8((nint)symbolic[d]) ?? "";
        }

        return new TensorInfo(name, (TensorElementType)elementType, shape, symbolicDims);
    }

    private static InferenceSession Create(SessionOptions? options, string call, string source, CreateSessionCall create)
    {
        options ??= new SessionOptions();
        options.Validate();
        TensorBuffer[] initializers = options.Initializers?.Values.ToArray() ?? [];
        using OrtSessionOptionsHandle optionsHandle = CreateOptions(options);
        var session = new OrtSessionHandle();
        nint raw;
        OrtStatus.Check(create(optionsHandle.DangerousGetHandle(), &raw), call, source);
        Marshal.InitHandle(session, raw);
        return new InferenceSession(session, source, initializers);
    }

    private static OrtSessionOptionsHandle CreateOptions(SessionOptions options)
    {
        var handle = new OrtSessionOptionsHandle();
        nint raw;
        OrtStatus.Check(OrtApi.CreateSessionOptions(&raw), nameof(OrtApi.CreateSessionOptions));
        Marshal.InitHandle(handle, raw);
        try
        {
            OrtStatus.Check(OrtApi.SetSessionGraphOptimizationLevel(raw, (int)options.GraphOptimization), nameof(OrtApi.SetSessionGraphOptimizationLevel));
            OrtStatus.Check(OrtApi.SetIntraOpNumThreads(raw, options.IntraOpThreads), nameof(OrtApi.SetIntraOpNumThreads));
            OrtStatus.Check(OrtApi.SetInterOpNumThreads(raw, options.InterOpThreads), nameof(OrtApi.SetInterOpNumThreads));
            string spinning = options.AllowSpinning ? "1" : "0";
            AddConfigEntry(raw, SessionConfigKeys.IntraOpAllowSpinning, spinning);
            AddConfigEntry(raw, SessionConfigKeys.InterOpAllowSpinning, spinning);
            if (options.Initializers is { Count: > 0 })
            {
                // A packed copy would be computed with instead of our buffer.
                AddConfigEntry(raw, SessionConfigKeys.DisablePrepacking, "1");
            }

            if (options.OptimizedModelPath is not null)
            {
                fixed (byte* p = OrtEnvironment.Utf8(options.OptimizedModelPath))
                {
                    OrtStatus.Check(OrtApi.SetOptimizedModelFilePath(raw, p), nameof(OrtApi.SetOptimizedModelFilePath), options.OptimizedModelPath);
                }
            }

            foreach ((string name, TensorBuffer buffer) in options.Initializers ?? new Dictionary<string, TensorBuffer>())
            {
                fixed (byte* p = OrtEnvironment.Utf8(name))
                {
                    OrtStatus.Check(OrtApi.AddInitializer(raw, p, buffer.Value.DangerousGetHandle()), nameof(OrtApi.AddInitializer), $"initializer '{name}'");
                }
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    internal static void AddConfigEntry(nint options, string key, string value)
    {
        fixed (byte* k = OrtEnvironment.Utf8(key))
        fixed (byte* v = OrtEnvironment.Utf8(value))
        {
            OrtStatus.Check(OrtApi.AddSessionConfigEntry(options, k, v), nameof(OrtApi.AddSessionConfigEntry), key);
        }
    }

    private static TensorInfo[] ReadSignature(OrtSessionHandle session, bool isInput)
    {
        nint s = session.DangerousGetHandle();
        nuint count;
        OrtStatus.Check(isInput ? OrtApi.SessionGetInputCount(s, &count) : OrtApi.SessionGetOutputCount(s, &count),
            isInput ? nameof(OrtApi.SessionGetInputCount) : nameof(OrtApi.SessionGetOutputCount));
        var result = new TensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            OrtStatus.Check(isInput
                    ? OrtApi.SessionGetInputName(s, i, OrtEnvironment.DefaultAllocator, &rawName)
                    : OrtApi.SessionGetOutputName(s, i, OrtEnvironment.DefaultAllocator, &rawName),
                isInput ? nameof(OrtApi.SessionGetInputName) : nameof(OrtApi.SessionGetOutputName));
            string name = OrtEnvironment.TakeString(rawName);

            nint typeInfo;
            OrtStatus.Check(isInput ? OrtApi.SessionGetInputTypeInfo(s, i, &typeInfo) : OrtApi.SessionGetOutputTypeInfo(s, i, &typeInfo),
                isInput ? nameof(OrtApi.SessionGetInputTypeInfo) : nameof(OrtApi.SessionGetOutputTypeInfo), name);
            try
            {
                int onnxType;
                OrtStatus.Check(OrtApi.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType), nameof(OrtApi.GetOnnxTypeFromTypeInfo), name);
                if (onnxType != OrtApi.ONNX_TYPE_TENSOR)
                {
                    // Sequences and maps (e.g. a ZipMap output) keep their name; they cannot be bound to a buffer.
                    result[(int)i] = new TensorInfo(name, TensorElementType.Undefined, [], []);
                    continue;
                }

                nint tensorInfo;
                OrtStatus.Check(OrtApi.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), nameof(OrtApi.CastTypeInfoToTensorInfo), name);
                result[(int)i] = ReadTensorInfo(tensorInfo, name);
            }
            finally
            {
                OrtApi.ReleaseTypeInfo(typeInfo);
            }
        }

        return result;
    }

    private byte*[] PinnedNames(TensorInfo[] tensors)
    {
        byte*[] names = new byte*[tensors.Length];
        for (int i = 0; i < tensors.Length; i++)
        {
            byte[] utf8 = OrtEnvironment.Utf8(tensors[i].Name);
            byte[] pinned = GC.AllocateUninitializedArray<byte>(utf8.Length, pinned: true);
            utf8.CopyTo(pinned, 0);
            names[i] = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
            _pinnedNames.Add(pinned);
        }

        return names;
    }

    private static nint AddRef(TensorBuffer buffer)
    {
        bool added = false;
        buffer.Value.DangerousAddRef(ref added);
        return buffer.Value.DangerousGetHandle();
    }

    private static NamedTensor CopyOut(nint value, string name)
    {
        int valueType;
        OrtStatus.Check(OrtApi.GetValueType(value, &valueType), nameof(OrtApi.GetValueType), $"output '{name}'");
        if (valueType != OrtApi.ONNX_TYPE_TENSOR)
        {
            throw new OnnxRuntimeException(OrtErrorCode.NotImplemented, nameof(OrtApi.GetValueType), $"output '{name}'",
                "the output is not a tensor (a sequence or map); request only tensor outputs.");
        }

        nint info;
        OrtStatus.Check(OrtApi.GetTensorTypeAndShape(value, &info), nameof(OrtApi.GetTensorTypeAndShape), $"output '{name}'");
        TensorInfo actual;
        try
        {
            actual = ReadTensorInfo(info, name);
        }
        finally
        {
            OrtApi.ReleaseTensorTypeAndShapeInfo(info);
        }

        void* data;
        OrtStatus.Check(OrtApi.GetTensorMutableData(value, &data), nameof(OrtApi.GetTensorMutableData), $"output '{name}'");
        long count = actual.ShapeArray.Aggregate(1L, (a, d) => a * d);
        byte[] bytes = new byte[count * TensorElementTypes.SizeOf(actual.ElementType)];
        new ReadOnlySpan<byte>(data, bytes.Length).CopyTo(bytes);
        return new NamedTensor(name, actual.ElementType, actual.ShapeArray, bytes);
    }

    private void CheckBuffers(ReadOnlySpan<TensorBuffer> buffers, TensorInfo[] declared, string kind)
    {
        if (buffers.Length != declared.Length || buffers.Length > MaxTensorsPerRun)
        {
            ThrowCount(kind, buffers.Length, declared);
        }

        for (int i = 0; i < buffers.Length; i++)
        {
            TensorBuffer buffer = buffers[i] ?? throw Refused($"{kind} {declared[i]} was given as null");
            if (!declared[i].Accepts(buffer.ElementType, buffer.Shape))
            {
                throw Mismatch(kind, declared[i], buffer.ElementType, buffer.Shape);
            }
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCount(string kind, int given, TensorInfo[] declared) =>
        throw Refused($"{given} {kind} buffers were given, the model has {declared.Length}: {string.Join(", ", declared.Select(d => d.ToString()))}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private OnnxRuntimeException Mismatch(string kind, TensorInfo expected, TensorElementType type, ReadOnlySpan<long> shape) =>
        Refused($"{kind} '{expected.Name}' was given {TensorElementTypes.Name(type)}[{string.Join(",", shape.ToArray())}], expected {TensorElementTypes.Name(expected.ElementType)}{expected.ShapeText}");

    private OnnxRuntimeException Refused(string what) =>
        new(OrtErrorCode.InvalidArgument, nameof(OrtApi.Run), _source, what + ".");

    private delegate nint CreateSessionCall(nint options, nint* session);
}
