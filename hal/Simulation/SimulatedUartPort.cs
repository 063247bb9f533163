using System.IO.Pipelines;
using Payload.Hal.Buses;

namespace Payload.Hal.Simulation;

/// <summary>One end of a simulated serial link: what one side writes, the other side reads.</summary>
public sealed class SimulatedUartPort : IUartPort
{
    private readonly Pipe _receive;
    private readonly Pipe _transmit;
    private Stream? _stream;

    private SimulatedUartPort(string name, UartSettings settings, Pipe receive, Pipe transmit)
    {
        Name = name;
        Settings = settings;
        _receive = receive;
        _transmit = transmit;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public UartSettings Settings { get; }

    /// <inheritdoc />
    public PipeReader Input => _receive.Reader;

    /// <inheritdoc />
    public PipeWriter Output => _transmit.Writer;

    /// <summary>A connected pair: the host end (given to drivers) and the device end (driven by a simulated peripheral).</summary>
    public static (SimulatedUartPort Host, SimulatedUartPort Device) CreatePair(string name, UartSettings settings)
    {
        var toHost = new Pipe();
        var toDevice = new Pipe();
        return (new SimulatedUartPort(name, settings, toHost, toDevice), new SimulatedUartPort($"{name} (device end)", settings, toDevice, toHost));
    }

    /// <inheritdoc />
    public Stream AsStream() => _stream ??= new DuplexPipeStream(Input.AsStream(leaveOpen: true), Output.AsStream(leaveOpen: true));

    /// <summary>Closes this end: the other end's reads complete.</summary>
    public void Dispose()
    {
        _transmit.Writer.Complete();
        _receive.Reader.Complete();
    }

    private sealed class DuplexPipeStream(Stream input, Stream output) : Stream
    {
        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException("A serial link has no length.");

        public override long Position
        {
            get => throw new NotSupportedException("A serial link has no position.");
            set => throw new NotSupportedException("A serial link has no position.");
        }

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);

        public override void Flush() => output.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A serial link cannot seek.");

        public override void SetLength(long value) => throw new NotSupportedException("A serial link has no length.");
    }
}
