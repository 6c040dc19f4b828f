using System.Collections.Generic;
using System.Text.Json;

namespace AsyncHttp
{
    /// <summary>
    /// Parses JSON into plain .NET values: objects as ordered dictionaries of string to value, arrays as object[],
    /// numbers as long or double, and strings, booleans and null. Callers turn the dictionaries into their own objects.
    /// </summary>
    public static class JsonTree
    {
        /// <summary>Parses JSON text; throws <see cref="JsonException"/> when it is not valid.</summary>
        public static object? Parse(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1024 });
            return Convert(document.RootElement);
        }

        private static object? Convert(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var properties = new List<KeyValuePair<string, object?>>();
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        properties.Add(new KeyValuePair<string, object?>(property.Name, Convert(property.Value)));
                    }
                    return new JsonObject(properties);
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    int i = 0;
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        items[i++] = Convert(item);
                    }
                    return items;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out long whole) ? whole : (object)element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }
    }
}
