using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace AsyncHttp.Conversion
{
    /// <summary>
    /// Builds a mock's answer from PowerShell values: the parameters of Add-HttpMockResponse, or what a rule's script block
    /// returns (a status code, a text, or a hashtable with the same keys as those parameters).
    /// </summary>
    internal static class MockResponseInput
    {
        /// <summary>The keys an answer may have; ResponseHeaders is also accepted as Headers, ServerSentEvents as Events.</summary>
        public static readonly string[] Keys =
        {
            "StatusCode", "ResponseHeaders", "ContentType", "Content", "Bytes", "Json", "Lines", "ServerSentEvents", "Chunks", "IntervalSec", "DelaySec", "Fail",
        };

        private static readonly string[] Bodies = { "Content", "Bytes", "Json", "Lines", "ServerSentEvents", "Events", "Chunks" };

        /// <summary>The answer a script block's output stands for; throws <see cref="ArgumentException"/> naming what does not fit.</summary>
        public static HttpMockResponse FromOutput(ICollection<PSObject> output)
        {
            var items = new List<PSObject>();
            foreach (PSObject item in output)
            {
                if (item?.BaseObject is not null)
                {
                    items.Add(item);
                }
            }
            if (items.Count != 1)
            {
                throw new ArgumentException(
                    $"A mock rule's script block must return one answer (a status code, a text, or a hashtable such as @{{ StatusCode = 200; Json = $data }}), not {items.Count} objects.");
            }
            switch (items[0].BaseObject)
            {
                case int status:
                    return From(new Dictionary<string, object?> { ["StatusCode"] = status });
                case string text:
                    return From(new Dictionary<string, object?> { ["Content"] = text });
                case HttpMockResponse ready:
                    return ready;
                case IDictionary dictionary:
                    return From(ToKeyed(dictionary));
                case PSCustomObject _:
                    return From(Properties(items[0]));
                default:
                    throw new ArgumentException($"A mock rule's script block returned a {items[0].BaseObject.GetType().FullName}; return a status code, a text, or a hashtable of the answer's parts.");
            }
        }

        /// <summary>The answer the given parts make (keys as <see cref="Keys"/>); throws <see cref="ArgumentException"/> naming what does not fit.</summary>
        public static HttpMockResponse From(IDictionary<string, object?> parts)
        {
            var unknown = new List<string>();
            var bodies = new List<string>();
            foreach (string key in parts.Keys)
            {
                if (Array.FindIndex(Keys, k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) < 0 && !string.Equals(key, "Headers", StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(key, "Events", StringComparison.OrdinalIgnoreCase))
                {
                    unknown.Add(key);
                }
                if (Array.FindIndex(Bodies, k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) >= 0)
                {
                    bodies.Add(key);
                }
            }
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"A mock answer has no part named {string.Join(", ", unknown)}; its parts are {string.Join(", ", Keys)}.");
            }
            if (bodies.Count > 1)
            {
                throw new ArgumentException($"A mock answer has one body; give one of {string.Join(", ", bodies)}.");
            }
            var response = new HttpMockResponse();
            if (Get(parts, "StatusCode") is object status)
            {
                response.StatusCode = Convert.ToInt32(status, CultureInfo.InvariantCulture);
            }
            if (Get(parts, "IntervalSec") is object interval)
            {
                response.Interval = TimeSpan.FromSeconds(Convert.ToDouble(interval, CultureInfo.InvariantCulture));
            }
            if (Get(parts, "DelaySec") is object delay)
            {
                response.Delay = TimeSpan.FromSeconds(Convert.ToDouble(delay, CultureInfo.InvariantCulture));
            }
            if (Get(parts, "Fail") is object fail)
            {
                response.Fail = fail is ErrorKind kind ? kind : (ErrorKind)Enum.Parse(typeof(ErrorKind), Convert.ToString(fail, CultureInfo.InvariantCulture)!, ignoreCase: true);
            }
            if ((Get(parts, "ResponseHeaders") ?? Get(parts, "Headers")) is object headers)
            {
                foreach (KeyValuePair<string, string> header in RequestInput.ToHeaders(headers) ?? new List<KeyValuePair<string, string>>())
                {
                    response.Headers.Add(header);
                }
            }
            response.ContentType = Get(parts, "ContentType") is object type ? Convert.ToString(type, CultureInfo.InvariantCulture) : null;
            SetBody(response, parts, bodies.Count == 1 ? bodies[0] : null);
            response.Validate();
            return response;
        }

        private static void SetBody(HttpMockResponse response, IDictionary<string, object?> parts, string? key)
        {
            object? value = key is null ? null : Get(parts, key);
            switch (key?.ToUpperInvariant())
            {
                case "CONTENT":
                    response.WithText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                    break;
                case "BYTES":
                    response.Parts.Add(value as byte[] ?? throw new ArgumentException("Bytes must be a byte array."));
                    response.ContentType ??= "application/octet-stream";
                    break;
                case "JSON":
                    response.WithText(ToJson(value), "application/json");
                    break;
                case "LINES":
                    foreach (object? line in Items(value))
                    {
                        response.Parts.Add(Encoding.UTF8.GetBytes(Convert.ToString(line, CultureInfo.InvariantCulture) + "\n"));
                    }
                    response.ContentType ??= "text/plain; charset=utf-8";
                    break;
                case "SERVERSENTEVENTS":
                case "EVENTS":
                    foreach (object? item in Items(value))
                    {
                        response.Parts.Add(Encoding.UTF8.GetBytes(ToEvent(item)));
                    }
                    response.ContentType ??= "text/event-stream";
                    break;
                case "CHUNKS":
                    foreach (object? chunk in Items(value))
                    {
                        response.Parts.Add(chunk as byte[] ?? Encoding.UTF8.GetBytes(Convert.ToString(chunk, CultureInfo.InvariantCulture) ?? string.Empty));
                    }
                    response.ContentType ??= "application/octet-stream";
                    break;
            }
        }

        /// <summary>One server-sent event: a text is its data; a hashtable may give Event, Data (an object becomes JSON), Id and Retry.</summary>
        private static string ToEvent(object? item)
        {
            if (!(item is IDictionary || item is PSObject))
            {
                return Field("data", Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty) + "\n";
            }
            IDictionary<string, object?> fields = item is IDictionary dictionary ? ToKeyed(dictionary) : Properties(item);
            var text = new StringBuilder();
            foreach (KeyValuePair<string, object?> field in fields)
            {
                string name = field.Key.ToLowerInvariant();
                if (name != "event" && name != "data" && name != "id" && name != "retry")
                {
                    throw new ArgumentException($"A server-sent event has no field named {field.Key}; its fields are Event, Data, Id and Retry.");
                }
                object? value = field.Value is PSObject ps ? ps.BaseObject : field.Value;
                string written = name == "data" && !(value is string) && !(value is ValueType) ? ToJson(value) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                text.Append(Field(name, written));
            }
            return text.Append('\n').ToString();
        }

        private static string Field(string name, string value)
        {
            var text = new StringBuilder();
            foreach (string line in value.Replace("\r\n", "\n").Split('\n'))
            {
                text.Append(name).Append(": ").Append(line).Append('\n');
            }
            return text.ToString();
        }

        /// <summary>JSON text of a PowerShell value: hashtables and PSCustomObjects become objects, lists arrays.</summary>
        internal static string ToJson(object? value)
        {
            try
            {
                return JsonSerializer.Serialize(ToPlain(value, 0));
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is InvalidOperationException || ex is JsonException)
            {
                throw new ArgumentException($"The mock answer's Json cannot be written as JSON: {ex.Message}");
            }
        }

        private static object? ToPlain(object? value, int depth)
        {
            if (depth > 64)
            {
                throw new ArgumentException("The mock answer's Json nests deeper than 64 levels; is it a loop?");
            }
            object? bare = value is PSObject ps ? ps.BaseObject : value;
            switch (bare)
            {
                case null:
                    return null;
                case string _:
                case ValueType _:
                    return bare;
                case IDictionary dictionary:
                    var map = new Dictionary<string, object?>();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        map[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = ToPlain(entry.Value, depth + 1);
                    }
                    return map;
                case PSCustomObject _:
                    var properties = new Dictionary<string, object?>();
                    foreach (KeyValuePair<string, object?> property in Properties(value!))
                    {
                        properties[property.Key] = ToPlain(property.Value, depth + 1);
                    }
                    return properties;
                case IEnumerable list:
                    var items = new List<object?>();
                    foreach (object? item in list)
                    {
                        items.Add(ToPlain(item, depth + 1));
                    }
                    return items;
                default:
                    return Convert.ToString(bare, CultureInfo.InvariantCulture);
            }
        }

        private static IEnumerable<object?> Items(object? value)
        {
            object? bare = value is PSObject ps ? ps.BaseObject : value;
            if (bare is IEnumerable list && !(bare is string) && !(bare is byte[]) && !(bare is IDictionary))
            {
                foreach (object? item in list)
                {
                    // A PSCustomObject's properties live on its wrapper.
                    yield return item is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : item;
                }
            }
            else if (bare is not null)
            {
                yield return bare;
            }
        }

        private static object? Get(IDictionary<string, object?> parts, string key)
        {
            foreach (KeyValuePair<string, object?> part in parts)
            {
                if (string.Equals(part.Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    return part.Value is PSObject ps ? ps.BaseObject : part.Value;
                }
            }
            return null;
        }

        private static Dictionary<string, object?> ToKeyed(IDictionary dictionary)
        {
            var keyed = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in dictionary)
            {
                keyed[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = entry.Value;
            }
            return keyed;
        }

        private static Dictionary<string, object?> Properties(object item)
        {
            var keyed = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (PSPropertyInfo property in PSObject.AsPSObject(item).Properties)
            {
                keyed[property.Name] = property.Value;
            }
            return keyed;
        }
    }
}
