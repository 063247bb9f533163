using System.Text.Json;
using System.Text.Json.Serialization;

namespace Payload.Flight.Models;

/// <summary><c>slot.json</c> in each slot directory: which package it holds and when it was written.</summary>
internal sealed class SlotMetadata
{
    public SlotName Slot { get; init; }

    public long Sequence { get; init; }

    public string PackageHash { get; init; } = "";

    public string Name { get; init; } = "";

    public string Version { get; init; } = "";

    public DateTimeOffset WrittenUtc { get; init; }
}

/// <summary><c>state.json</c> at the store root: the active slot, the roll-back target and the probation under way.</summary>
internal sealed class StoreStateRecord
{
    public SlotName? Active { get; set; }

    public SlotName? Previous { get; set; }

    public long LastSequence { get; set; }

    public ProbationStatus? Probation { get; set; }
}

/// <summary>JSON settings shared by the store's own files.</summary>
internal static class SlotJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };
}
