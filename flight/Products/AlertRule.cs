using System.Globalization;
using Payload.Inference.Manifests;

namespace Payload.Flight.Products;

/// <summary>A class whose area in a tile raises an alert when it reaches <paramref name="AreaThreshold"/> of the tile.</summary>
public readonly record struct AlertRule(int ClassIndex, double AreaThreshold)
{
    /// <summary>The manifest's alert classes (validated by the manifest, so every class is known).</summary>
    public static IReadOnlyList<AlertRule> From(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return [.. manifest.Alerts.Select(a => new AlertRule(manifest.IndexOfClass(a.Class), a.AreaThreshold))];
    }

    /// <summary>Parses <c>CLASS=FRACTION</c> (class by name), or explains what is wrong.</summary>
    public static bool TryParse(string text, IReadOnlyList<string> classNames, out AlertRule rule, out string? error)
    {
        rule = default;
        string[] parts = text.Split('=', 2);
        int index = parts.Length == 2 ? IndexOf(classNames, parts[0]) : -1;
        if (index < 0)
        {
            error = $"alert '{text}' must be CLASS=FRACTION with CLASS one of {string.Join(", ", classNames)}";
            return false;
        }

        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double threshold) || !(threshold > 0 && threshold <= 1))
        {
            error = $"alert '{text}' needs a FRACTION in (0, 1]; got '{parts[1]}'";
            return false;
        }

        rule = new AlertRule(index, threshold);
        error = null;
        return true;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int k = 0; k < names.Count; k++)
        {
            if (string.Equals(names[k], name, StringComparison.OrdinalIgnoreCase))
            {
                return k;
            }
        }

        return -1;
    }
}
