using System.Text;
using System.Text.Json;

namespace Payload.GroundTest.Output;

/// <summary>One JSON object as a single line of text: a JSON-lines record or a server-sent event's data.</summary>
internal static class JsonObjectText
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
