using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Payload.Hal.Imaging;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0; little-endian, C order),
/// as described in the NumPy reference "numpy.lib.format".
/// </summary>
public static class NpyFile
{
    // numpy.lib.format: the file starts with the magic string "\x93NUMPY" and a major and minor version byte.
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // numpy.lib.format: magic, version and header length together with the header are padded to a multiple of 64 bytes.
    private const int HeaderAlignment = 64;

    // numpy.lib.format: version 1.0 stores the header length as uint16, versions 2.0 and 3.0 as uint32.
    private const int Version1LengthBytes = 2;
    private const int Version2LengthBytes = 4;

    private const string SupportedDescrs = "'<f4', '<f2', '|u1', '<u2', '<i4', '<i8'";

    /// <summary>Reads the array in <paramref name="path"/>.</summary>
    /// <exception cref="NpyFormatException">The file is not a supported <c>.npy</c>; the message names the path, field and value.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No .npy file at {path}.", path);
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads an array from <paramref name="stream"/>; <paramref name="sourceName"/> names it in errors.</summary>
    public static NpyArray Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using MemoryStream copy = new();
        stream.CopyTo(copy);
        return Parse(copy.GetBuffer().AsSpan(0, (int)copy.Length), sourceName);
    }

    /// <summary>Parses a whole <c>.npy</c> image held in memory.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> file, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        int preamble = Magic.Length + 2;
        if (file.Length < preamble || !file[..Magic.Length].SequenceEqual(Magic))
        {
            string found = Convert.ToHexString(file[..Math.Min(file.Length, Magic.Length)]);
            throw new NpyFormatException(sourceName, "magic", $"expected 934E554D5059 (\\x93NUMPY), found {(found.Length == 0 ? "an empty file" : found)}.");
        }

        byte major = file[Magic.Length];
        byte minor = file[Magic.Length + 1];
        int lengthBytes = major switch
        {
            1 => Version1LengthBytes,
            2 or 3 => Version2LengthBytes,
            _ => throw new NpyFormatException(sourceName, "version", $"{major}.{minor} is not supported (1.0, 2.0, 3.0 are)."),
        };

        if (file.Length < preamble + lengthBytes)
        {
            throw new NpyFormatException(sourceName, "header length", $"file ends after {file.Length} bytes, inside the header length.");
        }

        long headerLength = lengthBytes == Version1LengthBytes
            ? BinaryPrimitives.ReadUInt16LittleEndian(file[preamble..])
            : BinaryPrimitives.ReadUInt32LittleEndian(file[preamble..]);
        int headerStart = preamble + lengthBytes;
        if (headerStart + headerLength > file.Length)
        {
            throw new NpyFormatException(sourceName, "header", $"header length {headerLength} runs past the end of the {file.Length}-byte file.");
        }

        Encoding encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        string header = encoding.GetString(file.Slice(headerStart, (int)headerLength));
        (NpyDataType dataType, int[] shape) = ParseHeader(header, sourceName);

        long count = 1;
        foreach (int dim in shape)
        {
            count *= dim;
        }

        long dataBytes = count * NpyArray.ElementSize(dataType);
        ReadOnlySpan<byte> payload = file[(int)(headerStart + headerLength)..];
        if (payload.Length < dataBytes)
        {
            throw new NpyFormatException(
                sourceName, "data", $"shape {NpyArray.FormatShape(shape)} of {dataType} needs {dataBytes} bytes but the file holds {payload.Length} (truncated).");
        }

        if (payload.Length > dataBytes)
        {
            throw new NpyFormatException(
                sourceName, "data", $"shape {NpyArray.FormatShape(shape)} of {dataType} needs {dataBytes} bytes but the file holds {payload.Length} (trailing bytes).");
        }

        return new NpyArray(dataType, shape, payload.ToArray());
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/> (format 1.0, or 2.0 when the header needs it).</summary>
    public static void Write(string path, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = new(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, array);
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        string dict = string.Create(
            CultureInfo.InvariantCulture,
            $"{{'descr': '{Descr(array.DataType)}', 'fortran_order': False, 'shape': {NpyArray.FormatShape(array.Shape)}, }}");

        int lengthBytes = Version1LengthBytes;
        int padded = PaddedHeaderLength(dict.Length, lengthBytes);
        if (padded > ushort.MaxValue)
        {
            lengthBytes = Version2LengthBytes;
            padded = PaddedHeaderLength(dict.Length, lengthBytes);
        }

        int preamble = Magic.Length + 2 + lengthBytes;
        byte[] head = new byte[preamble + padded];
        Magic.CopyTo(head);
        head[Magic.Length] = lengthBytes == Version1LengthBytes ? (byte)1 : (byte)2;
        head[Magic.Length + 1] = 0;
        if (lengthBytes == Version1LengthBytes)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(Magic.Length + 2), (ushort)padded);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(Magic.Length + 2), (uint)padded);
        }

        Span<byte> text = head.AsSpan(preamble);
        text.Fill((byte)' ');
        Encoding.ASCII.GetBytes(dict, text);
        text[^1] = (byte)'\n';
        stream.Write(head);
        stream.Write(array.Data);
    }

    private static int PaddedHeaderLength(int dictLength, int lengthBytes)
    {
        int preamble = Magic.Length + 2 + lengthBytes;
        int unpadded = preamble + dictLength + 1;
        int total = (unpadded + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        return total - preamble;
    }

    private static string Descr(NpyDataType dataType) => dataType switch
    {
        NpyDataType.Float32 => "<f4",
        NpyDataType.Float16 => "<f2",
        NpyDataType.UInt8 => "|u1",
        NpyDataType.UInt16 => "<u2",
        NpyDataType.Int32 => "<i4",
        NpyDataType.Int64 => "<i8",
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unknown element type."),
    };

    private static NpyDataType ParseDescr(string descr, string source)
    {
        if (descr.Length < 2)
        {
            throw new NpyFormatException(source, "descr", $"'{descr}' is not a supported dtype (supported: {SupportedDescrs}).");
        }

        char order = descr[0];
        string kind = order is '<' or '>' or '|' or '=' or '!' ? descr[1..] : descr;
        bool singleByte = kind is "u1";
        if ((order is '>' or '!') && !singleByte)
        {
            throw new NpyFormatException(source, "descr", $"'{descr}' is big-endian; only little-endian data is supported (supported: {SupportedDescrs}).");
        }

        return kind switch
        {
            "f4" => NpyDataType.Float32,
            "f2" => NpyDataType.Float16,
            "u1" => NpyDataType.UInt8,
            "u2" => NpyDataType.UInt16,
            "i4" => NpyDataType.Int32,
            "i8" => NpyDataType.Int64,
            _ => throw new NpyFormatException(source, "descr", $"'{descr}' is not a supported dtype (supported: {SupportedDescrs})."),
        };
    }

    private static (NpyDataType DataType, int[] Shape) ParseHeader(string header, string source)
    {
        HeaderReader reader = new(header, source);
        string? descr = null;
        bool? fortran = null;
        int[]? shape = null;

        reader.Expect('{');
        while (!reader.TryConsume('}'))
        {
            string key = reader.ReadString("header key");
            reader.Expect(':');
            switch (key)
            {
                case "descr":
                    descr = reader.ReadString("descr");
                    break;
                case "fortran_order":
                    fortran = reader.ReadBoolean("fortran_order");
                    break;
                case "shape":
                    shape = reader.ReadShape();
                    break;
                default:
                    throw new NpyFormatException(source, "header", $"unexpected key '{key}' (expected descr, fortran_order, shape).");
            }

            if (!reader.TryConsume(','))
            {
                reader.Expect('}');
                break;
            }
        }

        reader.ExpectEnd();
        if (descr is null)
        {
            throw new NpyFormatException(source, "descr", "missing from the header.");
        }

        if (fortran is null)
        {
            throw new NpyFormatException(source, "fortran_order", "missing from the header.");
        }

        if (shape is null)
        {
            throw new NpyFormatException(source, "shape", "missing from the header.");
        }

        NpyDataType dataType = ParseDescr(descr, source);
        if (fortran.Value && shape.Length > 1)
        {
            throw new NpyFormatException(source, "fortran_order", "True is not supported; only C-order arrays are (fortran_order False).");
        }

        return (dataType, shape);
    }

    /// <summary>A cursor over the Python dict literal of a <c>.npy</c> header.</summary>
    private ref struct HeaderReader(string text, string source)
    {
        private int _pos;

        public void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw new NpyFormatException(source, "header", $"expected '{c}' at offset {_pos} in {Quote(text)}.");
            }
        }

        public bool TryConsume(char c)
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos != text.Length)
            {
                throw new NpyFormatException(source, "header", $"unexpected text after the dictionary at offset {_pos} in {Quote(text)}.");
            }
        }

        public string ReadString(string field)
        {
            SkipSpace();
            if (_pos >= text.Length || text[_pos] is not ('\'' or '"'))
            {
                throw new NpyFormatException(source, field, $"expected a quoted string at offset {_pos} in {Quote(text)}.");
            }

            char quote = text[_pos];
            int end = text.IndexOf(quote, _pos + 1);
            if (end < 0)
            {
                throw new NpyFormatException(source, field, $"unterminated string at offset {_pos} in {Quote(text)}.");
            }

            string value = text[(_pos + 1)..end];
            _pos = end + 1;
            return value;
        }

        public bool ReadBoolean(string field)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, "True", 0, 4) == 0)
            {
                _pos += 4;
                return true;
            }

            if (string.CompareOrdinal(text, _pos, "False", 0, 5) == 0)
            {
                _pos += 5;
                return false;
            }

            throw new NpyFormatException(source, field, $"expected True or False at offset {_pos} in {Quote(text)}.");
        }

        public int[] ReadShape()
        {
            SkipSpace();
            if (!TryConsume('('))
            {
                throw new NpyFormatException(source, "shape", $"expected a tuple at offset {_pos} in {Quote(text)}.");
            }

            List<int> dims = [];
            while (!TryConsume(')'))
            {
                SkipSpace();
                int start = _pos;
                while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] == '-'))
                {
                    _pos++;
                }

                string digits = text[start.._pos];
                if (!int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int dim) || dim < 0)
                {
                    string shown = digits.Length > 0 ? digits : text[start..Math.Min(text.Length, start + 8)];
                    throw new NpyFormatException(source, "shape", $"dimension '{shown}' is not a non-negative 32-bit integer.");
                }

                dims.Add(dim);
                if (!TryConsume(','))
                {
                    Expect(')');
                    break;
                }
            }

            long count = 1;
            foreach (int dim in dims)
            {
                count *= dim;
                if (count > Array.MaxLength)
                {
                    throw new NpyFormatException(source, "shape", $"{NpyArray.FormatShape(dims)} holds more than {Array.MaxLength} elements.");
                }
            }

            return [.. dims];
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private static string Quote(string s) => "\"" + s.TrimEnd() + "\"";
    }
}
