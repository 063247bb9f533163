using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Payload.Inference.Hardening.Interop;

namespace Payload.Inference.Hardening;

/// <summary>
/// Keeps the latest checkpoint on disk so that neither a crash nor a power cut mid-write loses it.
/// Two slot files are written in turn; each record carries a magic, the schema version, a monotonic
/// sequence number, the payload length, the payload and a CRC-32C over all of it. A write goes to a
/// temporary file, is flushed to the device (fdatasync), exchanged atomically with its slot and the
/// directory is fsynced, so a slot holds either its old or its new record, and the other slot still
/// holds the previous one. The temporary file is kept (holding the slot's previous record) and
/// overwritten in place by the next write to that slot, which keeps the flush to data blocks. On
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
    private const string TemporarySuffix = ".tmp";

    private readonly string[] _slotPaths;
    private readonly string[] _temporaryPaths;
    private long _sequence;
    private bool _loaded;

    public CheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _slotPaths = [.. SlotFileNames.Select(n => Path.Combine(directory, n))];
        _temporaryPaths = [.. _slotPaths.Select(p => p + TemporarySuffix)];
    }

    /// <summary>Raised by <see cref="Load"/> for each slot that exists but cannot be used.</summary>
    public event EventHandler<CheckpointSlotFault>? SlotRejected;

    public string Directory { get; }

    /// <summary>Sequence number of the last checkpoint written or loaded (0 before any).</summary>
    public long Sequence => _sequence;

    /// <summary>The path of slot <paramref name="slot"/> (0 or 1).</summary>
    public string SlotPath(int slot) => _slotPaths[slot];

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
    /// the newest one, durably (see the type remarks). Loads first if nothing was loaded yet, so sequence numbers keep rising
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

            WriteDurably(_temporaryPaths[slot], r);
            Swap(_temporaryPaths[slot], _slotPaths[slot]);
            SyncDirectory();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }

        _sequence = sequence;
        return sequence;
    }

    // Overwrites the slot's temporary file in place: once it exists (after the first exchange it
    // holds the slot's previous record) its blocks are allocated and, with an unchanged length,
    // fdatasync flushes data only, with no journal commit for metadata.
    private static void WriteDurably(string temporary, ReadOnlySpan<byte> record)
    {
        using SafeFileHandle file = File.OpenHandle(temporary, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
        RandomAccess.Write(file, record, 0);
        if (RandomAccess.GetLength(file) != record.Length)
        {
            RandomAccess.SetLength(file, record.Length);
        }

        if (Libc.fdatasync((int)file.DangerousGetHandle()) != 0)
        {
            throw new IOException($"Checkpoint {temporary}: fdatasync failed: {Libc.ErrorText(Marshal.GetLastPInvokeError())}.");
        }
    }

    // Swaps the flushed temporary file with the slot in one atomic step (renameat2 RENAME_EXCHANGE),
    // so the slot name always names a complete record and the old record becomes the next
    // temporary file. Without a slot yet, or on a file system that cannot exchange, a plain rename.
    private static void Swap(string temporary, string path)
    {
        if (Libc.renameat2(Libc.AT_FDCWD, temporary, Libc.AT_FDCWD, path, Libc.RENAME_EXCHANGE) == 0)
        {
            return;
        }

        int errno = Marshal.GetLastPInvokeError();
        if (errno is not (Libc.ENOENT or Libc.EINVAL or Libc.ENOSYS or Libc.EOPNOTSUPP))
        {
            throw new IOException($"Checkpoint {path}: renameat2 RENAME_EXCHANGE with {temporary} failed: {Libc.ErrorText(errno)}.");
        }

        File.Move(temporary, path, overwrite: true);
    }

    // The exchange changes the directory; fsync on it makes the change survive a power cut, so a
    // restart never finds both slots older than the last checkpoint written.
    private void SyncDirectory()
    {
        int fd = Libc.open(Directory, Libc.O_RDONLY);
        if (fd < 0)
        {
            throw new IOException($"Checkpoint directory {Directory}: open failed: {Libc.ErrorText(Marshal.GetLastPInvokeError())}.");
        }

        int result = Libc.fsync(fd);
        int errno = Marshal.GetLastPInvokeError();
        Libc.close(fd);
        if (result != 0)
        {
            throw new IOException($"Checkpoint directory {Directory}: fsync failed: {Libc.ErrorText(errno)}.");
        }
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
