using System.Buffers;
using System.Buffers.Binary;

namespace Payload.Inference.Hardening;

/// <summary>
/// Keeps the latest checkpoint on disk so that neither a crash nor a power cut mid-write loses it.
/// Two slot files are written in turn; each record carries a magic, the schema version, a monotonic
/// sequence number, the payload length, the payload and a CRC-32C over all of it. A write goes to a
/// temporary file, is flushed to the device (fsync) and renamed over its slot, so a slot holds
/// either its old or its new record, and the other slot still holds the previous one. On
/// <see cref="Load"/> the valid slot with the higher sequence number wins; a slot that is corrupt,
/// truncated, empty or of another schema is reported through <see cref="SlotRejected"/> and skipped.
/// </summary>
public sealed class CheckpointStore
{
    /// <summary>Record layout version; a slot written by another version is rejected.</summary>
    public const ushort SchemaVersion = 1;

    /// <summary>Slot file names, in slot order.</summary>
    public static readonly IReadOnlyList<string> SlotFileNames = ["checkpoint-a.bin", "checkpoint-b.bin"];

    // "PLCK" little-endian; then u16 schema, u16 reserved, u64 sequence, u32 length; payload; u32 CRC-32C.
    private const uint Magic = 0x4B434C50;
    private const int HeaderLength = 4 + 2 + 2 + 8 + 4;
    private const int CrcLength = 4;

    private long _sequence;
    private bool _loaded;

    public CheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>Raised by <see cref="Load"/> for each slot that exists but cannot be used.</summary>
    public event EventHandler<CheckpointSlotFault>? SlotRejected;

    public string Directory { get; }

    /// <summary>Sequence number of the last checkpoint written or loaded (0 before any).</summary>
    public long Sequence => _sequence;

    /// <summary>The path of slot <paramref name="slot"/> (0 or 1).</summary>
    public string SlotPath(int slot) => Path.Combine(Directory, SlotFileNames[slot]);

    /// <summary>The newest valid checkpoint, or null when neither slot holds one.</summary>
    public Checkpoint? Load()
    {
        Checkpoint? best = null;
        for (int slot = 0; slot < SlotFileNames.Count; slot++)
        {
            string path = SlotPath(slot);
            if (!File.Exists(path))
            {
                continue;
            }

            byte[] bytes = File.ReadAllBytes(path);
            string? problem = Parse(bytes, out long sequence, out byte[] data);
            if (problem is not null)
            {
                SlotRejected?.Invoke(this, new CheckpointSlotFault(slot, path, problem));
                continue;
            }

            if (best is null || sequence > best.Sequence)
            {
                best = new Checkpoint(sequence, slot, data);
            }
        }

        _sequence = Math.Max(_sequence, best?.Sequence ?? 0);
        _loaded = true;
        return best;
    }

    /// <summary>
    /// Writes <paramref name="data"/> as the next checkpoint (sequence + 1) into the slot not holding
    /// the newest one, durably. Loads first if nothing was loaded yet, so sequence numbers keep rising
    /// across restarts. Returns the new sequence number.
    /// </summary>
    public long Write(ReadOnlySpan<byte> data)
    {
        if (!_loaded)
        {
            Load();
        }

        long sequence = _sequence + 1;
        int slot = (int)(sequence % 2);
        int length = HeaderLength + data.Length + CrcLength;
        byte[] record = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> r = record.AsSpan(0, length);
            BinaryPrimitives.WriteUInt32LittleEndian(r, Magic);
            BinaryPrimitives.WriteUInt16LittleEndian(r[4..], SchemaVersion);
            BinaryPrimitives.WriteUInt16LittleEndian(r[6..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(r[8..], sequence);
            BinaryPrimitives.WriteInt32LittleEndian(r[16..], data.Length);
            data.CopyTo(r[HeaderLength..]);
            BinaryPrimitives.WriteUInt32LittleEndian(r[(length - CrcLength)..], Crc32C.Compute(r[..(length - CrcLength)]));

            string path = SlotPath(slot);
            string temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                file.Write(r);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }

        _sequence = sequence;
        return sequence;
    }

    private static string? Parse(byte[] bytes, out long sequence, out byte[] data)
    {
        sequence = 0;
        data = [];
        if (bytes.Length == 0)
        {
            return "empty file (0 bytes)";
        }

        if (bytes.Length < HeaderLength + CrcLength)
        {
            return $"truncated: {bytes.Length} bytes, shorter than the {HeaderLength + CrcLength}-byte header and CRC";
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magic != Magic)
        {
            return $"bad magic 0x{magic:X8}, expected 0x{Magic:X8}";
        }

        ushort schema = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (schema != SchemaVersion)
        {
            return $"schema version {schema}, expected {SchemaVersion}";
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        long expected = (long)HeaderLength + length + CrcLength;
        if (length < 0 || expected != bytes.Length)
        {
            return $"length field says {length} payload bytes ({expected} in all) but the file has {bytes.Length}";
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - CrcLength));
        uint computed = Crc32C.Compute(bytes.AsSpan(0, bytes.Length - CrcLength));
        if (stored != computed)
        {
            return $"CRC-32C mismatch: stored 0x{stored:X8}, computed 0x{computed:X8}";
        }

        sequence = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        data = bytes.AsSpan(HeaderLength, length).ToArray();
        return null;
    }
}
