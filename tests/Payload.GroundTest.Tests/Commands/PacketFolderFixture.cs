using Payload.Telemetry.Packets;

namespace Payload.GroundTest.Tests.Commands;

/// <summary>A temporary folder of seeded random space packets, one per file, as <c>ground-test frame</c> reads them.</summary>
internal sealed class PacketFolderFixture : IDisposable
{
    public PacketFolderFixture(int count, int seed, int maxUserData = 900)
    {
        Root = Path.Combine(Path.GetTempPath(), $"payload-frame-{Guid.NewGuid():N}");
        PacketFolder = Path.Combine(Root, "packets");
        Directory.CreateDirectory(PacketFolder);
        SpacePacketEncoder encoder = new();
        Random random = new(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] data = new byte[random.Next(1, maxUserData)];
            random.NextBytes(data);
            byte[] packet = new byte[encoder.PacketLength(data.Length)];
            encoder.Encode(0x40 + random.Next(3), data, packet);
            Packets.Add(packet);
            File.WriteAllBytes(Path.Combine(PacketFolder, $"p{i:D5}.bin"), packet);
        }
    }

    public string Root { get; }

    public string PacketFolder { get; }

    public List<byte[]> Packets { get; } = [];

    public string PathFor(string name) => Path.Combine(Root, name);

    /// <summary>Runs a ground-test command line in-process; returns its exit code and what it printed.</summary>
    public static (int ExitCode, string Output, string Errors) Run(params string[] args)
    {
        TextWriter stdout = Console.Out;
        TextWriter stderr = Console.Error;
        using StringWriter output = new();
        using StringWriter errors = new();
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            int exitCode = Program.Main(args);
            return (exitCode, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
