namespace Payload.Inference.Runtime.Interop;

/// <summary>
/// The entries of <c>struct OrtApi</c> (onnxruntime_c_api.h, ORT 1.24, ORT_API_VERSION 24; 415 slots,
/// only ever appended between versions) that Payload calls, by slot index, with the C names and
/// signatures kept verbatim. Every function returning <c>OrtStatus*</c> returns null on success.
/// OrtRuntimeApiSlotTests exercises each slot so a wrong index cannot go unnoticed.
/// </summary>
internal static unsafe class OrtApi
{
    /// <summary>Slot indices in <c>struct OrtApi</c>, counted from CreateStatus = 0.</summary>
    internal static class Slot
    {
        public const int CreateStatus = 0;
        public const int GetErrorCode = 1;
        public const int GetErrorMessage = 2;
        public const int CreateEnv = 3;
        public const int CreateSession = 7;
        public const int CreateSessionFromArray = 8;
        public const int Run = 9;
        public const int CreateSessionOptions = 10;
        public const int SetOptimizedModelFilePath = 11;
        public const int SetSessionGraphOptimizationLevel = 23;
        public const int SetIntraOpNumThreads = 24;
        public const int SetInterOpNumThreads = 25;
        public const int SessionGetInputCount = 30;
        public const int SessionGetOutputCount = 31;
        public const int SessionGetInputTypeInfo = 33;
        public const int SessionGetOutputTypeInfo = 34;
        public const int SessionGetInputName = 36;
        public const int SessionGetOutputName = 37;
        public const int CreateTensorWithDataAsOrtValue = 49;
        public const int IsTensor = 50;
        public const int GetTensorMutableData = 51;
        public const int CastTypeInfoToTensorInfo = 55;
        public const int GetOnnxTypeFromTypeInfo = 56;
        public const int GetTensorElementType = 60;
        public const int GetDimensionsCount = 61;
        public const int GetDimensions = 62;
        public const int GetSymbolicDimensions = 63;
        public const int GetTensorShapeElementCount = 64;
        public const int GetTensorTypeAndShape = 65;
        public const int GetValueType = 67;
        public const int CreateCpuMemoryInfo = 69;
        public const int AllocatorFree = 76;
        public const int GetAllocatorWithDefaultOptions = 78;
        public const int ReleaseEnv = 92;
        public const int ReleaseStatus = 93;
        public const int ReleaseMemoryInfo = 94;
        public const int ReleaseSession = 95;
        public const int ReleaseValue = 96;
        public const int ReleaseTypeInfo = 98;
        public const int ReleaseTensorTypeAndShapeInfo = 99;
        public const int ReleaseSessionOptions = 100;
        public const int AddSessionConfigEntry = 130;
        public const int AddInitializer = 150;
        public const int HasSessionConfigEntry = 237;
        public const int GetSessionConfigEntry = 238;
        public const int GetBuildInfoString = 254;
    }

    // enum OrtLoggingLevel
    public const int ORT_LOGGING_LEVEL_WARNING = 2;

    // enum ONNXType
    public const int ONNX_TYPE_TENSOR = 1;

    // enum OrtAllocatorType / OrtMemType
    public const int OrtArenaAllocator = 1;
    public const int OrtMemTypeDefault = 0;

    private static void* F(int slot) => OrtLibrary.Api[slot];

    public static nint CreateStatus(int code, byte* msg) => ((delegate* unmanaged<int, byte*, nint>)F(Slot.CreateStatus))(code, msg);

    public static int GetErrorCode(nint status) => ((delegate* unmanaged<nint, int>)F(Slot.GetErrorCode))(status);

    public static byte* GetErrorMessage(nint status) => ((delegate* unmanaged<nint, byte*>)F(Slot.GetErrorMessage))(status);

    public static nint CreateEnv(int logSeverityLevel, byte* logid, nint* @out) =>
        ((delegate* unmanaged<int, byte*, nint*, nint>)F(Slot.CreateEnv))(logSeverityLevel, logid, @out);

    public static nint CreateSession(nint env, byte* model_path, nint options, nint* @out) =>
        ((delegate* unmanaged<nint, byte*, nint, nint*, nint>)F(Slot.CreateSession))(env, model_path, options, @out);

    public static nint CreateSessionFromArray(nint env, void* model_data, nuint model_data_length, nint options, nint* @out) =>
        ((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)F(Slot.CreateSessionFromArray))(env, model_data, model_data_length, options, @out);

    public static nint Run(nint session, nint run_options, byte** input_names, nint* inputs, nuint input_len, byte** output_names, nuint output_names_len, nint* outputs) =>
        ((delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)F(Slot.Run))(
            session, run_options, input_names, inputs, input_len, output_names, output_names_len, outputs);

    public static nint CreateSessionOptions(nint* options) => ((delegate* unmanaged<nint*, nint>)F(Slot.CreateSessionOptions))(options);

    public static nint SetOptimizedModelFilePath(nint options, byte* optimized_model_filepath) =>
        ((delegate* unmanaged<nint, byte*, nint>)F(Slot.SetOptimizedModelFilePath))(options, optimized_model_filepath);

    public static nint SetSessionGraphOptimizationLevel(nint options, int graph_optimization_level) =>
        ((delegate* unmanaged<nint, int, nint>)F(Slot.SetSessionGraphOptimizationLevel))(options, graph_optimization_level);

    public static nint SetIntraOpNumThreads(nint options, int intra_op_num_threads) =>
        ((delegate* unmanaged<nint, int, nint>)F(Slot.SetIntraOpNumThreads))(options, intra_op_num_threads);

    public static nint SetInterOpNumThreads(nint options, int inter_op_num_threads) =>
        ((delegate* unmanaged<nint, int, nint>)F(Slot.SetInterOpNumThreads))(options, inter_op_num_threads);

    public static nint SessionGetInputCount(nint session, nuint* @out) => ((delegate* unmanaged<nint, nuint*, nint>)F(Slot.SessionGetInputCount))(session, @out);

    public static nint SessionGetOutputCount(nint session, nuint* @out) => ((delegate* unmanaged<nint, nuint*, nint>)F(Slot.SessionGetOutputCount))(session, @out);

    public static nint SessionGetInputTypeInfo(nint session, nuint index, nint* type_info) =>
        ((delegate* unmanaged<nint, nuint, nint*, nint>)F(Slot.SessionGetInputTypeInfo))(session, index, type_info);

    public static nint SessionGetOutputTypeInfo(nint session, nuint index, nint* type_info) =>
        ((delegate* unmanaged<nint, nuint, nint*, nint>)F(Slot.SessionGetOutputTypeInfo))(session, index, type_info);

    public static nint SessionGetInputName(nint session, nuint index, nint allocator, byte** value) =>
        ((delegate* unmanaged<nint, nuint, nint, byte**, nint>)F(Slot.SessionGetInputName))(session, index, allocator, value);

    public static nint SessionGetOutputName(nint session, nuint index, nint allocator, byte** value) =>
        ((delegate* unmanaged<nint, nuint, nint, byte**, nint>)F(Slot.SessionGetOutputName))(session, index, allocator, value);

    public static nint CreateTensorWithDataAsOrtValue(nint info, void* p_data, nuint p_data_len, long* shape, nuint shape_len, int type, nint* @out) =>
        ((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)F(Slot.CreateTensorWithDataAsOrtValue))(info, p_data, p_data_len, shape, shape_len, type, @out);

    public static nint IsTensor(nint value, int* @out) => ((delegate* unmanaged<nint, int*, nint>)F(Slot.IsTensor))(value, @out);

    public static nint GetTensorMutableData(nint value, void** @out) => ((delegate* unmanaged<nint, void**, nint>)F(Slot.GetTensorMutableData))(value, @out);

    public static nint CastTypeInfoToTensorInfo(nint type_info, nint* @out) =>
        ((delegate* unmanaged<nint, nint*, nint>)F(Slot.CastTypeInfoToTensorInfo))(type_info, @out);

    public static nint GetOnnxTypeFromTypeInfo(nint type_info, int* @out) =>
        ((delegate* unmanaged<nint, int*, nint>)F(Slot.GetOnnxTypeFromTypeInfo))(type_info, @out);

    public static nint GetTensorElementType(nint info, int* @out) => ((delegate* unmanaged<nint, int*, nint>)F(Slot.GetTensorElementType))(info, @out);

    public static nint GetDimensionsCount(nint info, nuint* @out) => ((delegate* unmanaged<nint, nuint*, nint>)F(Slot.GetDimensionsCount))(info, @out);

    public static nint GetDimensions(nint info, long* dim_values, nuint dim_values_length) =>
        ((delegate* unmanaged<nint, long*, nuint, nint>)F(Slot.GetDimensions))(info, dim_values, dim_values_length);

    public static nint GetSymbolicDimensions(nint info, byte** dim_params, nuint dim_params_length) =>
        ((delegate* unmanaged<nint, byte**, nuint, nint>)F(Slot.GetSymbolicDimensions))(info, dim_params, dim_params_length);

    public static nint GetTensorShapeElementCount(nint info, nuint* @out) =>
        ((delegate* unmanaged<nint, nuint*, nint>)F(Slot.GetTensorShapeElementCount))(info, @out);

    public static nint GetTensorTypeAndShape(nint value, nint* @out) => ((delegate* unmanaged<nint, nint*, nint>)F(Slot.GetTensorTypeAndShape))(value, @out);

    public static nint GetValueType(nint value, int* @out) => ((delegate* unmanaged<nint, int*, nint>)F(Slot.GetValueType))(value, @out);

    public static nint CreateCpuMemoryInfo(int type, int mem_type, nint* @out) =>
        ((delegate* unmanaged<int, int, nint*, nint>)F(Slot.CreateCpuMemoryInfo))(type, mem_type, @out);

    public static nint AllocatorFree(nint ort_allocator, void* p) => ((delegate* unmanaged<nint, void*, nint>)F(Slot.AllocatorFree))(ort_allocator, p);

    public static nint GetAllocatorWithDefaultOptions(nint* @out) => ((delegate* unmanaged<nint*, nint>)F(Slot.GetAllocatorWithDefaultOptions))(@out);

    public static void ReleaseEnv(nint input) => ((delegate* unmanaged<nint, void>)F(Slot.ReleaseEnv))(input);

    public static void ReleaseStatus(nint input) => ((delegate* unmanaged<nint, void>)F(Slot.ReleaseStatus))(input);

    public static void ReleaseMemoryInfo(nint input) => ((delegate* unmanaged<nint, void>)F(Slot.ReleaseMemoryInfo))(input);

    public static void ReleaseSession(nint input) => ((delegate* unmanaged<nint, void>)F(Slot.ReleaseSession))(input);

    public static void ReleaseValue(nint input) => ((delegate* unmanaged<nint, void>)F(Slot.ReleaseValue))(input);

    public static void ReleaseTypeInfo(nint input) => ((delegate* unmanaged<nint, void>)F(Slot.ReleaseTypeInfo))(input);

    public static void ReleaseTensorTypeAndShapeInfo(nint input) => ((delegate* unmanaged<nint, void>)F(Slot.ReleaseTensorTypeAndShapeInfo))(input);

    public static void ReleaseSessionOptions(nint input) => ((delegate* unmanaged<nint, void>)F(Slot.ReleaseSessionOptions))(input);

    public static nint AddSessionConfigEntry(nint options, byte* config_key, byte* config_value) =>
        ((delegate* unmanaged<nint, byte*, byte*, nint>)F(Slot.AddSessionConfigEntry))(options, config_key, config_value);

    public static nint AddInitializer(nint options, byte* name, nint val) =>
        ((delegate* unmanaged<nint, byte*, nint, nint>)F(Slot.AddInitializer))(options, name, val);

    public static nint HasSessionConfigEntry(nint options, byte* config_key, int* @out) =>
        ((delegate* unmanaged<nint, byte*, int*, nint>)F(Slot.HasSessionConfigEntry))(options, config_key, @out);

    public static nint GetSessionConfigEntry(nint options, byte* config_key, byte* config_value, nuint* size) =>
        ((delegate* unmanaged<nint, byte*, byte*, nuint*, nint>)F(Slot.GetSessionConfigEntry))(options, config_key, config_value, size);

    public static byte* GetBuildInfoString() => ((delegate* unmanaged<byte*>)F(Slot.GetBuildInfoString))();
}
