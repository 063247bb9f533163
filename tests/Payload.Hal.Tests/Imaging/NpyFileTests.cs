using System.Buffers.Binary;
using System.Text;
using Payload.Hal.Imaging;
using Payload.Tests.Shared;

namespace Payload.Hal.Tests.Imaging;

public class NpyFileTests
{
    private const string PatchStack = "tiles/38cloud-sample/derived/patch_192_10_by_12.rgbn_chw.uint16.npy";
    private const string PatchTruth = "tiles/38cloud-sample/derived/patch_192_10_by_12.gt.uint8.npy";

    [Test]
    public void Reads_the_38Cloud_rgbn_stack_as_uint16_bands_first()
    {
        NpyArray stack = NpyFile.Read(Require.SharedData(PatchStack));

        Assert.That(stack.DataType, Is.EqualTo(NpyDataType.UInt16));
        Assert.That(stack.Shape, Is.EqualTo(new[] { 4, 384, 384 }));
        // PROVENANCE.md: the red band (first plane) ranges from 6442 to 54402.
        Span<ushort> red = stack.AsSpan<ushort>()[..(384 * 384)];
        ushort min = ushort.MaxValue;
        ushort max = 0;
        foreach (ushort v in red)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        Assert.That((min, max), Is.EqualTo(((ushort)6442, (ushort)54402)));
    }

    [Test]
    public void Reads_the_38Cloud_ground_truth_with_the_documented_cloud_fraction()
    {
        NpyArray truth = NpyFile.Read(Require.SharedData(PatchTruth));

        Assert.That(truth.DataType, Is.EqualTo(NpyDataType.UInt8));
        Assert.That(truth.Shape, Is.EqualTo(new[] { 384, 384 }));
        Span<byte> mask = truth.AsSpan<byte>();
        int cloud = 0;
        foreach (byte v in mask)
        {
            Assert.That(v, Is.EqualTo(0).Or.EqualTo(255));
            cloud += v == 255 ? 1 : 0;
        }

        Assert.That(cloud / (double)mask.Length, Is.EqualTo(0.307).Within(0.0005));
    }

    [Test]
    public void Rewriting_a_real_file_reproduces_it_byte_for_byte()
    {
        string path = Require.SharedData(PatchTruth);
        byte[] original = File.ReadAllBytes(path);

        using MemoryStream written = new();
        NpyFile.Write(written, NpyFile.Read(path));

        Assert.That(written.ToArray(), Is.EqualTo(original));
    }

    private static IEnumerable<TestCaseData> RoundTripCases()
    {
        yield return new TestCaseData(NpyArray.FromFloat32([2, 3], [1.5f, -2f, float.MaxValue, float.Epsilon, 0f, float.NaN])).SetName("Round_trip_float32");
        yield return new TestCaseData(NpyArray.FromFloat16([3], [(Half)1.5f, Half.MinValue, (Half)0f])).SetName("Round_trip_float16");
        yield return new TestCaseData(NpyArray.FromUInt8([2, 2, 1], [0, 1, 254, 255])).SetName("Round_trip_uint8");
        yield return new TestCaseData(NpyArray.FromUInt16([1, 4], [0, 4095, 4096, 65535])).SetName("Round_trip_uint16");
        yield return new TestCaseData(NpyArray.FromInt32([2], [int.MinValue, int.MaxValue])).SetName("Round_trip_int32");
        yield return new TestCaseData(NpyArray.FromInt64([2, 1], [long.MinValue, 42])).SetName("Round_trip_int64");
        yield return new TestCaseData(NpyArray.FromFloat32([], [3f])).SetName("Round_trip_scalar");
        yield return new TestCaseData(NpyArray.FromUInt8([0, 5], [])).SetName("Round_trip_empty");
    }

    [TestCaseSource(nameof(RoundTripCases))]
    public void Write_then_read_returns_the_same_type_shape_and_bytes(NpyArray array)
    {
        using MemoryStream stream = new();
        NpyFile.Write(stream, array);
        byte[] file = stream.ToArray();

        NpyArray back = NpyFile.Parse(file, "memory");

        Assert.That(back.DataType, Is.EqualTo(array.DataType));
        Assert.That(back.Shape, Is.EqualTo(array.Shape));
        Assert.That(back.Data, Is.EqualTo(array.Data));
        int headerEnd = file.Length - array.Data.Length;
        Assert.That(headerEnd % 64, Is.Zero, "header is padded to 64 bytes");
        Assert.That(file[headerEnd - 1], Is.EqualTo((byte)'\n'));
    }

    [Test]
    public void Writes_through_a_file_path_and_reads_back()
    {
        string path = Path.Combine(Path.GetTempPath(), $"payload-npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.Write(path, NpyArray.FromUInt16([2, 2], [1, 2, 3, 4]));
            Assert.That(NpyFile.Read(path).AsSpan<ushort>().ToArray(), Is.EqualTo(new ushort[] { 1, 2, 3, 4 }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_shape_too_long_for_version_1_is_written_as_version_2()
    {
        int[] shape = Enumerable.Repeat(1, 25_000).ToArray();
        using MemoryStream stream = new();
        NpyFile.Write(stream, NpyArray.FromUInt8(shape, [7]));
        byte[] file = stream.ToArray();

        Assert.That(file[6], Is.EqualTo(2));
        NpyArray back = NpyFile.Parse(file, "memory");
        Assert.That(back.Shape, Has.Count.EqualTo(25_000));
        Assert.That(back.Data, Is.EqualTo(new byte[] { 7 }));
    }

    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }")]
    [TestCase("{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,)}")]
    [TestCase("  { 'shape' : ( 2 , ) , 'fortran_order' : False , 'descr' : '<f4' }  ")]
    [TestCase("{'descr': '=f4', 'fortran_order': False, 'shape': (2,)}")]
    [TestCase("{'descr': 'f4', 'fortran_order': True, 'shape': (2,)}")]
    public void Accepts_unusual_but_valid_headers(string header)
    {
        byte[] file = Build(1, header, new byte[8]);

        NpyArray array = NpyFile.Parse(file, "odd.npy");

        Assert.That(array.DataType, Is.EqualTo(NpyDataType.Float32));
        Assert.That(array.Shape, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void Reads_a_version_2_header_with_a_32_bit_length()
    {
        byte[] file = Build(2, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", BitConverter.GetBytes(-5L));

        Assert.That(NpyFile.Parse(file, "v2.npy").AsSpan<long>()[0], Is.EqualTo(-5L));
    }

    [Test]
    public void Reads_a_version_3_header_as_utf8()
    {
        byte[] file = Build(3, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", BitConverter.GetBytes(9));

        Assert.That(NpyFile.Parse(file, "v3.npy").AsSpan<int>()[0], Is.EqualTo(9));
    }

    [TestCase("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8, "descr", "'<f8'")]
    [TestCase("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 4, "descr", "big-endian")]
    [TestCase("{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", 1, "descr", "'|b1'")]
    [TestCase("{'descr': '<U4', 'fortran_order': False, 'shape': (1,), }", 16, "descr", "'<U4'")]
    [TestCase("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16, "fortran_order", "True")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", 8, "shape", "'-1'")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", 8, "shape", "'x)")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (99999, 99999), }", 4, "shape", "(99999, 99999)")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, }", 4, "shape", "missing")]
    [TestCase("{'descr': '<f4', 'shape': (1,), }", 4, "fortran_order", "missing")]
    [TestCase("{'fortran_order': False, 'shape': (1,), }", 4, "descr", "missing")]
    [TestCase("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }", 4, "fortran_order", "True or False")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", 4, "header", "'extra'")]
    [TestCase("['descr', '<f4']", 4, "header", "expected '{'")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk", 4, "header", "after the dictionary")]
    [TestCase("{'descr: '<f4'}", 4, "header", "expected ':'")]
    public void Rejects_a_bad_header_naming_the_field_and_value(string header, int dataBytes, string field, string valueText)
    {
        byte[] file = Build(1, header, new byte[dataBytes]);

        NpyFormatException error = Assert.Throws<NpyFormatException>(() => NpyFile.Parse(file, "ugly.npy"))!;

        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Message, Does.StartWith("ugly.npy: " + field).And.Contain(valueText));
    }

    [Test]
    public void Rejects_truncated_data_naming_the_needed_and_present_byte_counts()
    {
        byte[] file = Build(1, "{'descr': '<u2', 'fortran_order': False, 'shape': (3, 4), }", new byte[23]);

        NpyFormatException error = Assert.Throws<NpyFormatException>(() => NpyFile.Parse(file, "cut.npy"))!;

        Assert.That(error.Message, Does.Contain("cut.npy").And.Contain("data").And.Contain("24").And.Contain("23").And.Contain("truncated"));
    }

    [Test]
    public void Rejects_trailing_bytes_after_the_data()
    {
        byte[] file = Build(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", new byte[3]);

        Assert.That(() => NpyFile.Parse(file, "long.npy"), Throws.TypeOf<NpyFormatException>().With.Message.Contains("trailing"));
    }

    [TestCase(new byte[0], "magic", "an empty file")]
    [TestCase(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0 }, "magic", "504B03040000")]
    [TestCase(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 4, 0, 0, 0 }, "version", "4.0")]
    [TestCase(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 0x10 }, "header length", "9 bytes")]
    [TestCase(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 0x50, 0, (byte)'{' }, "header", "80")]
    public void Rejects_a_broken_preamble(byte[] file, string field, string valueText)
    {
        NpyFormatException error = Assert.Throws<NpyFormatException>(() => NpyFile.Parse(file, "bad.npy"))!;

        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Message, Does.Contain(valueText));
    }

    [Test]
    public void Reading_a_missing_file_names_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "payload-no-such-file.npy");

        Assert.That(() => NpyFile.Read(path), Throws.TypeOf<FileNotFoundException>().With.Message.Contains(path));
    }

    [Test]
    public void Viewing_as_the_wrong_element_type_is_refused()
    {
        NpyArray array = NpyArray.FromUInt16([2], [1, 2]);

        Assert.That(() => array.AsSpan<float>(), Throws.InvalidOperationException.With.Message.Contains("UInt16"));
    }

    [Test]
    public void An_array_whose_bytes_do_not_match_its_shape_is_refused()
    {
        Assert.That(() => new NpyArray(NpyDataType.Int32, [3], new byte[11]), Throws.ArgumentException.With.Message.Contains("11"));
    }

    private static byte[] Build(byte major, string header, byte[] data)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] text = Encoding.UTF8.GetBytes(header + "\n");
        byte[] file = new byte[8 + lengthBytes + text.Length + data.Length];
        file[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(file, 1);
        file[6] = major;
        if (lengthBytes == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), (uint)text.Length);
        }

        text.CopyTo(file, 8 + lengthBytes);
        data.CopyTo(file, 8 + lengthBytes + text.Length);
        return file;
    }
}
