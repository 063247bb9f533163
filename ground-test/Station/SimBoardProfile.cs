using System.Text.Json;
using System.Text.Json.Nodes;
using Payload.Hal.Boards;

namespace Payload.GroundTest.Station;

/// <summary>The built-in <c>sim</c> board profile with another scene size for its simulated imager, written to a file for the flight.</summary>
internal static class SimBoardProfile
{
    /// <summary>The sim board's imager scene edge when nothing else is asked for.</summary>
    public const int DefaultSceneSize = 256;

    /// <summary>Writes the sim profile with <paramref name="sceneSize"/> × <paramref name="sceneSize"/> scenes to <paramref name="path"/>.</summary>
    public static void Write(string path, int sceneSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sceneSize, 1);
        System.Reflection.Assembly hal = typeof(BoardProfileLoader).Assembly;
        string resource = hal.GetManifestResourceNames().Single(n => n.EndsWith(".sim.json", StringComparison.Ordinal));
        using Stream stream = hal.GetManifestResourceStream(resource)!;
        JsonNode profile = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        foreach (JsonNode? device in profile["devices"]!.AsArray())
        {
            if ((string?)device?["type"] == "imager")
            {
                JsonNode parameters = device!["parameters"] ??= new JsonObject();
                parameters["sceneWidth"] = sceneSize;
                parameters["sceneHeight"] = sceneSize;
            }
        }

        File.WriteAllText(path, profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
