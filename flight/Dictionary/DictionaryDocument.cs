using System.Text.Json;
using System.Text.Json.Serialization;

namespace Payload.Flight.Dictionary;

/// <summary>The exported dictionary (<c>flight dictionary --out dict.json</c>) that the ground encodes and decodes with.</summary>
public sealed record DictionaryDocument(
    int Version,
    IReadOnlyList<ApidDefinition> Apids,
    IReadOnlyList<CommandDefinition> Commands,
    IReadOnlyList<ChannelDefinition> Channels,
    IReadOnlyList<EventDefinition> Events)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads an exported dictionary; a malformed file throws <see cref="JsonException"/> naming where.</summary>
    public static DictionaryDocument FromJson(string json) =>
        JsonSerializer.Deserialize<DictionaryDocument>(json, JsonOptions) ?? throw new JsonException("dictionary file holds null");

    public CommandDefinition Command(string name) =>
        Commands.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no command '{name}' in the dictionary; known: {string.Join(", ", Commands.Select(c => c.Name))}", nameof(name));
}
