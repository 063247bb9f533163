using System.CommandLine;

namespace Payload.GroundTest.Uplink;

/// <summary>The options every command that talks to the payload takes (send, model upload/list/activate/...), read into <see cref="UplinkSettings"/>.</summary>
internal sealed class UplinkOptions
{
    private readonly Option<FileInfo> keyFile = new("--key-file") { Description = "Uplink key file (one 'SPI HEXKEY' per line, owner-only).", Required = true };
    private readonly Option<string> to = new("--to") { Description = "Payload uplink: udp://HOST:PORT or tcp://HOST:PORT.", DefaultValueFactory = _ => "udp://127.0.0.1:52000" };
    private readonly Option<ushort> spi = new("--spi") { Description = "Security parameter index of the key to sign with.", DefaultValueFactory = _ => (ushort)1 };
    private readonly Option<ushort> spacecraftId = new("--scid") { Description = "Spacecraft id in the TC frames.", DefaultValueFactory = _ => (ushort)427 };
    private readonly Option<uint?> sequence = new("--sequence") { Description = "First security sequence number (default: the larger of the number recorded in KEYFILE.sequence for the SPI and tenths of a second since 2025-01-01)." };
    private readonly Option<string?> downlink;
    private readonly Option<double> timeout;

    /// <param name="downlinkRequired">Whether the command cannot work without hearing the payload (CFDP class 2, a slot listing).</param>
    public UplinkOptions(bool downlinkRequired, double defaultTimeoutSeconds)
    {
        downlink = new("--ack")
        {
            Description = "Downlink to hear the payload on: udp://HOST:PORT (listened on) or tcp://HOST:PORT (connected to).",
            Required = downlinkRequired,
        };
        timeout = new("--timeout") { Description = "Seconds to wait for the payload's answer.", DefaultValueFactory = _ => defaultTimeoutSeconds };
    }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { keyFile, to, spi, spacecraftId, sequence, downlink, timeout })
        {
            command.Options.Add(option);
        }
    }

    public UplinkSettings Read(ParseResult parse) => new(
        parse.GetRequiredValue(keyFile), parse.GetValue(to)!, parse.GetValue(spi), parse.GetValue(spacecraftId), parse.GetValue(sequence),
        parse.GetValue(downlink), TimeSpan.FromSeconds(parse.GetValue(timeout)));
}
