using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Management.Automation;
using System.Text.Json;

namespace AsyncHttp.Conversion
{
    /// <summary>
    /// Reads PowerShell input as a request: strings and [uri]s, hashtables, PSCustomObjects and CSV rows.
    /// Never throws: input that cannot be read becomes a spec that fails as InvalidRequest, so every input has its result.
    /// </summary>
    internal static class RequestInput
    {
        private static readonly string[] UriNames = { "Uri", "Url", "Href" };

        public static RequestSpec ToSpec(object? input)
        {
            object? value = Unwrap(input);
            switch (value)
            {
                case null:
                    return Invalid("The input is null; expected a URI or an object with a Uri property.");
                case string text:
                    return new RequestSpec { Uri = text };
                case System.Uri uri:
                    return new RequestSpec { Uri = uri.OriginalString };
            }
            var spec = new RequestSpec();
            try
            {
                spec.Uri = AsText(FirstOf(input!, UriNames));
                if (spec.Uri is null)
                {
                    return Invalid($"The input ({DescribeType(value)}) has no Uri, Url or Href property.");
                }
                spec.Method = Blank(AsText(Property(input!, "Method")));
                spec.Headers = ToHeaders(Property(input!, "Headers"));
                spec.Body = ToBody(Property(input!, "Body"));
                spec.ContentType = Blank(AsText(Property(input!, "ContentType")));
                spec.Tag = Property(input!, "Tag");
            }
            catch (InvalidRequestException ex)
            {
                spec.InvalidReason = ex.Message;
            }
            return spec;
        }

        /// <summary>Headers from a hashtable, or from a JSON object (as a CSV column holds them).</summary>
        public static IList<KeyValuePair<string, string>>? ToHeaders(object? input)
        {
            object? value = Unwrap(input);
            switch (value)
            {
                case null:
                    return null;
                case string text when text.Trim().Length == 0:
                    return null;
                case string json:
                    return FromJsonHeaders(json);
                case IDictionary dictionary:
                    var headers = new List<KeyValuePair<string, string>>();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        headers.Add(new KeyValuePair<string, string>(Convert.ToString(Unwrap(entry.Key))!, HeaderValue(entry.Value)));
                    }
                    return headers;
                default:
                    throw new InvalidRequestException($"Headers of type '{DescribeType(value)}' are not supported; use a hashtable.");
            }
        }

        /// <summary>A body the engine understands: PowerShell objects become ordered dictionaries, empty strings no body.</summary>
        public static object? ToBody(object? input)
        {
            object? value = Unwrap(input);
            switch (value)
            {
                case string text when text.Length == 0:
                    return null;
                case PSCustomObject _:
                    var fields = new OrderedDictionary();
                    foreach (PSPropertyInfo property in ((PSObject)input!).Properties)
                    {
                        fields[property.Name] = ToBody(property.Value);
                    }
                    return fields;
                case IDictionary dictionary:
                    var copy = new OrderedDictionary();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        copy[Convert.ToString(Unwrap(entry.Key))!] = ToBody(entry.Value);
                    }
                    return copy;
                case object[] items:
                    var list = new object?[items.Length];
                    for (int i = 0; i < items.Length; i++)
                    {
                        list[i] = ToBody(items[i]);
                    }
                    return list;
                default:
                    return value;
            }
        }

        private static IList<KeyValuePair<string, string>> FromJsonHeaders(string json)
        {
            object? parsed;
            try
            {
                parsed = JsonTree.Parse(json);
            }
            catch (JsonException)
            {
                throw new InvalidRequestException("Headers given as text must be a JSON object, such as {\"Accept\":\"application/json\"}.");
            }
            if (!(parsed is JsonObject headers))
            {
                throw new InvalidRequestException("Headers given as text must be a JSON object, such as {\"Accept\":\"application/json\"}.");
            }
            var result = new List<KeyValuePair<string, string>>();
            foreach (KeyValuePair<string, object?> header in headers.Properties)
            {
                result.Add(new KeyValuePair<string, string>(header.Key, Convert.ToString(header.Value) ?? string.Empty));
            }
            return result;
        }

        private static string HeaderValue(object? value)
        {
            object? unwrapped = Unwrap(value);
            if (unwrapped is IEnumerable items && !(unwrapped is string))
            {
                var parts = new List<string>();
                foreach (object? item in items)
                {
                    parts.Add(Convert.ToString(Unwrap(item)) ?? string.Empty);
                }
                return string.Join(", ", parts);
            }
            return Convert.ToString(unwrapped) ?? string.Empty;
        }

        private static object? FirstOf(object input, string[] names)
        {
            foreach (string name in names)
            {
                object? value = Property(input, name);
                if (value is not null)
                {
                    return value;
                }
            }
            return null;
        }

        private static object? Property(object input, string name)
        {
            if (Unwrap(input) is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (string.Equals(Convert.ToString(Unwrap(entry.Key)), name, StringComparison.OrdinalIgnoreCase))
                    {
                        return entry.Value;
                    }
                }
                return null;
            }
            return PSObject.AsPSObject(input).Properties[name]?.Value;
        }

        private static string? AsText(object? value)
        {
            object? unwrapped = Unwrap(value);
            return unwrapped switch
            {
                null => null,
                string text => text,
                System.Uri uri => uri.OriginalString,
                FileInfo _ => throw new InvalidRequestException("A URI must be text, not a file."),
                _ => Convert.ToString(unwrapped, System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        private static RequestSpec Invalid(string reason) => new RequestSpec { InvalidReason = reason };

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static string DescribeType(object? value) => value is PSCustomObject ? "PSCustomObject" : value?.GetType().FullName ?? "null";
    }
}
