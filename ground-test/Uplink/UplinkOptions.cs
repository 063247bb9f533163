using System.CommandLine;
using System.CommandLine.Parsing;
using Payload.Flight.Configuration;
using Payload.GroundTest.Station;

namespace Payload.GroundTest.Uplink;

/// <summary>The options every command that talks to the payload takes (send, model upload/list/activate/...), read into <see cref="GroundSessionOptions"/>.</summary>
internal sealed class UplinkOptions
{
    private readonly Option<FileInfo> keyFile = new("--key-file") { Description = "Uplink key file (one 'SPI HEXKEY' per line, owner-only).", Required = true };
    private readonly Option<LinkConfiguration> to = new("--to")
    {
        Description = $"Payload uplink: {GroundLinkAddress.Forms}.",
        DefaultValueFactory = _ => GroundLinkAddress.Parse("udp://127.0.0.1:52000"),
        CustomParser = ParseAddress,
    };

    private readonly Option<ushort> spi = new("--spi") { Description = "Security parameter index of the key to sign with.", DefaultValueFactory = _ => (ushort)1 };
    private readonly Option<ushort> spacecraftId = new("--scid") { Description = "Spacecraft id in the TC frames.", DefaultValueFactory = _ => (ushort)427 };
    private readonly Option<uint?> sequence = new("--sequence") { Description = "First security sequence number (default: the larger of the number recorded in KEYFILE.sequence for the SPI and tenths of a second since 2025-01-01)." };
    private readonly Option<LinkConfiguration?> downlink;
    private readonly Option<double> timeout;

    /// <param name="downlinkRequired">Whether the command cannot work without hearing the payload (CFDP class 2, a slot listing).</param>
    public UplinkOptions(bool downlinkRequired, double defaultTimeoutSeconds)
    {
        downlink = new("--ack")
        {
            Description = "Downlink to hear the payload on: udp://HOST:PORT (listened on), tcp://HOST:PORT (connected to) or serial:DEVICE[?baud=N] (the --to device may be named again).",
            Required = downlinkRequired,
            CustomParser = ParseAddress,
        };
        timeout = new("--timeout") { Description = "Seconds to wait for the payload's answer.", DefaultValueFactory = _ => defaultTimeoutSeconds };
    }

    /// <summary>Reads a link address option (<see cref="GroundLinkAddress"/>); a bad one is a command-line error naming it.</summary>
    public static LinkConfiguration? ParseAddress(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        try
        {
            return GroundLinkAddress.Parse(text);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return null;
        }
    }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { keyFile, to, spi, spacecraftId, sequence, downlink, timeout })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The session to open: the payload at --to (and --ack), signed with --key-file.</summary>
    public GroundSessionOptions Read(ParseResult parse) => new()
    {
        Uplink = parse.GetValue(to)!, Downlink = parse.GetValue(downlink), KeyFile = parse.GetRequiredValue(keyFile).FullName,
        Spi = parse.GetValue(spi), SpacecraftId = parse.GetValue(spacecraftId), FirstSequenceNumber = parse.GetValue(sequence),
    };

    /// <summary>How long to wait for the payload's answer (--timeout).</summary>
    public TimeSpan Timeout(ParseResult parse) => TimeSpan.FromSeconds(parse.GetValue(timeout));
}
