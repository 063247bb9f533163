using System.CommandLine;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Frames;

namespace Payload.GroundTest.Commands;

/// <summary>The link parameters <c>frame</c> and <c>decode</c> share, so both ends agree by default.</summary>
internal static class DownlinkOptions
{
    /// <summary>Spacecraft identifier the bench uses unless told otherwise.</summary>
    public const int DefaultSpacecraftId = 0x1AB;

    /// <summary>Virtual channel the <c>frame</c> command puts packets on.</summary>
    public const int DefaultVirtualChannel = 1;

    public static Option<int> Interleave() => new("--interleave", "-I")
    {
        Description = "Reed-Solomon interleaving depth I: 1, 2, 3, 4, 5 or 8.",
        DefaultValueFactory = _ => 1,
    };

    public static Option<int?> FrameLength() => new("--frame-length", "-L")
    {
        Description = "TM frame length in octets including the 2-octet FECF; a multiple of I, at most 223·I. Default 223·I (no virtual fill).",
    };

    public static Option<int> SpacecraftId() => new("--scid")
    {
        Description = "10-bit spacecraft identifier in the frame headers.",
        DefaultValueFactory = _ => DefaultSpacecraftId,
    };

    /// <summary>Builds the CADU and frame layouts, or explains which value is wrong.</summary>
    public static bool TryCreate(int interleave, int? frameLength, int spacecraftId, out CaduFormat format, out TmFrameConfiguration frames, out string? error)
    {
        format = null!;
        frames = null!;
        try
        {
            format = new CaduFormat(frameLength ?? (ReedSolomon255.MessageLength * interleave), interleave);
            frames = new TmFrameConfiguration(format.FrameLength, spacecraftId, hasOperationalControlField: false, hasFrameErrorControl: true);
            error = null;
            return true;
        }
        catch (ArgumentOutOfRangeException e)
        {
            error = e.Message;
            return false;
        }
    }
}
