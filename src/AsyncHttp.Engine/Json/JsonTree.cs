using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AsyncHttp
{
    /// <summary>
    /// Parses JSON into plain .NET values: objects as <see cref="JsonObject"/>, arrays as object[], integers as long
    /// (BigInteger past its range, so none is rounded), other numbers as double, and strings, booleans and null.
    /// Callers turn the objects into their own. A key given twice keeps its first place and its last value.
    /// </summary>
    public static class JsonTree
    {
        private static readonly JsonReading Plain = new JsonReading();

        // What ConvertFrom-Json (Json.NET) reads as a date: ISO 8601 with seconds, optional fraction and zone.
        private static readonly Regex IsoDate = new Regex(
            @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.CultureInvariant);

        private static readonly Regex MsDate = new Regex(@"^/Date\((-?\d+)([+-]\d{4})?\)/$", RegexOptions.CultureInvariant);

        /// <summary>Parses JSON text; throws <see cref="JsonException"/> when it is not valid, or breaks a rule of <paramref name="reading"/>.</summary>
        public static object? Parse(string json, JsonReading? reading = null)
        {
            var options = new JsonDocumentOptions { MaxDepth = 1024, CommentHandling = JsonCommentHandling.Skip };
            using JsonDocument document = JsonDocument.Parse(json, options);
            return Convert(document.RootElement, reading ?? Plain);
        }

        private static object? Convert(JsonElement element, JsonReading reading)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    return ConvertObject(element, reading);
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    int i = 0;
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        items[i++] = Convert(item, reading);
                    }
                    return items;
                case JsonValueKind.String:
                    string text = element.GetString()!;
                    return reading.ReadDates && TryReadDate(text, out DateTime date) ? date : (object)text;
                case JsonValueKind.Number:
                    return ConvertNumber(element);
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private static JsonObject ConvertObject(JsonElement element, JsonReading reading)
        {
            var properties = new List<KeyValuePair<string, object?>>();
            var seen = new Dictionary<string, int>(reading.RejectCaseDuplicates ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string name = property.Name;
                if (reading.RejectCaseDuplicates && name.Length == 0)
                {
                    throw new JsonException("The JSON has a property whose name is empty; read it with -AsHashtable.");
                }
                object? value = Convert(property.Value, reading);
                if (seen.TryGetValue(name, out int at))
                {
                    string earlier = properties[at].Key;
                    if (!string.Equals(earlier, name, StringComparison.Ordinal))
                    {
                        throw new JsonException($"The JSON has keys that differ only in case ('{earlier}' and '{name}'); read it with -AsHashtable.");
                    }
                    properties[at] = new KeyValuePair<string, object?>(name, value);
                    continue;
                }
                seen[name] = properties.Count;
                properties.Add(new KeyValuePair<string, object?>(name, value));
            }
            return new JsonObject(properties);
        }

        private static object ConvertNumber(JsonElement element)
        {
            if (element.TryGetInt64(out long whole))
            {
                return whole;
            }
            string raw = element.GetRawText();
            if (raw.IndexOfAny(FractionOrExponent) < 0)
            {
                return BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
            // Past double's range the value is infinite, as ConvertFrom-Json gives it.
            return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static readonly char[] FractionOrExponent = { '.', 'e', 'E' };

        private static bool TryReadDate(string text, out DateTime date)
        {
            date = default;
            if (text.Length > 40)
            {
                return false;
            }
            if (text.Length >= 19 && IsoDate.IsMatch(text))
            {
                if (text.EndsWith("Z", StringComparison.Ordinal))
                {
                    return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date);
                }
                int t = text.IndexOf('T');
                bool hasZone = text.IndexOf('+', t) > 0 || text.IndexOf('-', t) > 0;
                if (!hasZone)
                {
                    return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
                }
                // A date with an offset becomes local time, as Json.NET reads it.
                if (DateTimeOffset.TryParse(NormalizeOffset(text), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset withOffset))
                {
                    date = withOffset.LocalDateTime;
                    return true;
                }
                return false;
            }
            Match ms = MsDate.Match(text);
            if (ms.Success && long.TryParse(ms.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long milliseconds))
            {
                DateTime utc = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(milliseconds);
                date = ms.Groups[2].Success ? utc.ToLocalTime() : utc;
                return true;
            }
            return false;
        }

        // "+0200" and "+02" as "+02:00", which DateTimeOffset reads everywhere.
        private static string NormalizeOffset(string text)
        {
            int sign = Math.Max(text.LastIndexOf('+'), text.LastIndexOf('-'));
            string zone = text.Substring(sign + 1).Replace(":", string.Empty);
            string hours = zone.Substring(0, 2);
            string minutes = zone.Length >= 4 ? zone.Substring(2, 2) : "00";
            return text.Substring(0, sign + 1) + hours + ":" + minutes;
        }
    }
}
