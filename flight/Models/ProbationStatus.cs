namespace Payload.Flight.Models;

/// <summary>A probation under way: the slot on trial, the one restored if it fails, and the counts so far.</summary>
public sealed record ProbationStatus(SlotName Slot, SlotName Fallback, DateTimeOffset StartedUtc, int Uses, int Boots);
