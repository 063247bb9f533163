using System.Text.Json;
using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;

namespace Payload.GroundTest.Products;

/// <summary>Writes a scene's products (summary and per-tile figures) as JSON for operators and scripts.</summary>
internal static class SceneProductsJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static void Write(string path, ModelManifest manifest, SceneProducts products)
    {
        SceneSummary summary = products.Summarise();
        using FileStream stream = File.Create(path);
        using Utf8JsonWriter json = new(stream, Options);
        json.WriteStartObject();
        json.WriteString("model", manifest.Name);
        json.WriteString("modelVersion", manifest.Version);
        json.WriteString("sceneId", summary.SceneId);
        json.WriteNumber("width", summary.Width);
        json.WriteNumber("height", summary.Height);
        json.WriteNumber("tileSize", products.Grid.TileSize);
        json.WriteNumber("tileOverlap", products.Grid.Overlap);
        json.WriteNumber("tileCount", summary.TileCount);
        WriteFractions(json, "classFractions", summary.ClassNames, summary.ClassFractions);
        json.WriteString("dominantClass", summary.ClassNames[summary.DominantClass]);
        json.WriteNumber("confidenceMean", summary.ConfidenceMean);
        json.WriteNumber("lowestTileConfidence", summary.LowestTileConfidence);
        json.WriteStartArray("tiles");
        foreach (TileProduct tile in products.Tiles)
        {
            TilePlacement p = tile.Placement;
            json.WriteStartObject();
            json.WriteNumber("index", p.Index);
            json.WriteNumber("row", p.Row);
            json.WriteNumber("column", p.Column);
            json.WriteNumber("x", p.X);
            json.WriteNumber("y", p.Y);
            json.WriteNumber("validWidth", p.ValidWidth);
            json.WriteNumber("validHeight", p.ValidHeight);
            double[] fractions = [.. Enumerable.Range(0, summary.ClassNames.Count).Select(tile.ClassFraction)];
            WriteFractions(json, "classFractions", summary.ClassNames, fractions);
            json.WriteString("dominantClass", summary.ClassNames[tile.DominantClass]);
            json.WriteStartObject("confidence");
            json.WriteNumber("mean", tile.ConfidenceMean);
            json.WriteNumber("min", tile.ConfidenceMin);
            json.WriteNumber("max", tile.ConfidenceMax);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFractions(Utf8JsonWriter json, string name, IReadOnlyList<string> classes, IReadOnlyList<double> fractions)
    {
        json.WriteStartObject(name);
        for (int k = 0; k < classes.Count; k++)
        {
            json.WriteNumber(classes[k], Math.Round(fractions[k], 6));
        }

        json.WriteEndObject();
    }
}
