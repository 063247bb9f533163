using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Linux;

/// <summary>
/// A blocking, non-seekable stream over a tty descriptor. Reads wait in <c>poll</c> with a short timeout so
/// that disposing the port ends a pending read without relying on close() to wake it (it does not on Linux).
/// </summary>
internal sealed class FileDescriptorStream : Stream
{
    private const int PollTimeoutMs = 50;
    private readonly FileDescriptor _fd;
    private volatile bool _closed;

    public FileDescriptorStream(FileDescriptor fd) => _fd = fd;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException($"{_fd.Path} is not seekable.");

    public override long Position
    {
        get => throw new NotSupportedException($"{_fd.Path} is not seekable.");
        set => throw new NotSupportedException($"{_fd.Path} is not seekable.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => ReadCore(buffer, CancellationToken.None);

    private unsafe int ReadCore(Span<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_closed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var poll = new Libc.pollfd { fd = _fd.Fd, events = Libc.POLLIN };
            int ready = Libc.poll(&poll, 1, PollTimeoutMs);
            if (ready == 0 || (ready < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.EINTR))
            {
                continue;
            }

            if (ready < 0)
            {
                throw FileDescriptor.Failure(_fd.Path, "poll");
            }

            fixed (byte* p = buffer)
            {
                nint got = Libc.read(_fd.Fd, p, (nuint)buffer.Length);
                if (got >= 0)
                {
                    return (int)got;
                }

                int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno is not (Libc.EAGAIN or Libc.EINTR))
                {
                    throw FileDescriptor.Failure(_fd.Path, "read");
                }
            }
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => ReadCore(buffer.Span, cancellationToken), cancellationToken));

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = Libc.write(_fd.Fd, p + done, (nuint)(buffer.Length - done));
                if (n < 0)
                {
                    int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (errno is Libc.EINTR or Libc.EAGAIN)
                    {
                        continue;
                    }

                    throw FileDescriptor.Failure(_fd.Path, "write");
                }

                done += (int)n;
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException($"{_fd.Path} is not seekable.");

    public override void SetLength(long value) => throw new NotSupportedException($"{_fd.Path} is not seekable.");

    protected override void Dispose(bool disposing)
    {
        _closed = true;
        base.Dispose(disposing);
    }
}
