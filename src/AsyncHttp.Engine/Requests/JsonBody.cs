using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace AsyncHttp
{
    /// <summary>Writes a request body of any shape as JSON: dictionaries as objects, lists as arrays, plain values as themselves.</summary>
    internal static class JsonBody
    {
        /// <summary>The nesting allowed when the caller sets none: ConvertTo-Json's largest.</summary>
        public const int DefaultDepth = 100;

        /// <summary>Throws <see cref="InvalidRequestException"/> when the body nests deeper than <paramref name="depth"/> or holds a cycle.</summary>
        public static byte[] Write(object? body, int depth)
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            {
                WriteValue(writer, body, 0, depth);
            }
            return buffer.ToArray();
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value, int level, int depth)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    return;
                case string text:
                    writer.WriteStringValue(text);
                    return;
                case char c:
                    writer.WriteStringValue(c.ToString());
                    return;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    return;
                case DateTime date:
                    writer.WriteStringValue(date.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset date:
                    writer.WriteStringValue(date.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case Enum named:
                    // As ConvertTo-Json writes them: by number.
                    writer.WriteRawValue(Convert.ToString(Convert.ChangeType(named, named.GetTypeCode(), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)!, skipInputValidation: true);
                    return;
                case double d when double.IsNaN(d) || double.IsInfinity(d):
                    writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                    return;
                case float f when float.IsNaN(f) || float.IsInfinity(f):
                    writer.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                    return;
                case byte _:
                case sbyte _:
                case short _:
                case ushort _:
                case int _:
                case uint _:
                case long _:
                case ulong _:
                case float _:
                case double _:
                case decimal _:
                case System.Numerics.BigInteger _:
                    writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!, skipInputValidation: true);
                    return;
            }
            if (level >= depth)
            {
                throw new InvalidRequestException($"The body nests deeper than Depth {depth}; raise -Depth, or check the body for a loop.");
            }
            switch (value)
            {
                case IDictionary fields:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in fields)
                    {
                        writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        WriteValue(writer, entry.Value, level + 1, depth);
                    }
                    writer.WriteEndObject();
                    return;
                case IEnumerable items:
                    writer.WriteStartArray();
                    foreach (object? item in items)
                    {
                        WriteValue(writer, item, level + 1, depth);
                    }
                    writer.WriteEndArray();
                    return;
                default:
                    writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }
    }
}
