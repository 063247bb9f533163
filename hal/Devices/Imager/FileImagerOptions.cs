namespace Payload.Hal.Devices.Imager;

/// <summary>What scene files on a rig hold (files carry samples only, not metadata).</summary>
/// <param name="BandNames">Band names in storage order.</param>
/// <param name="BitDepth">Significant bits per sample.</param>
/// <param name="RawWidth">Columns of <c>.raw</c> files (not needed for <c>.npy</c>).</param>
/// <param name="RawHeight">Rows of <c>.raw</c> files.</param>
public sealed record FileImagerOptions(IReadOnlyList<string> BandNames, int BitDepth, int? RawWidth = null, int? RawHeight = null);
