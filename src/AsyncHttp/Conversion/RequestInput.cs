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

        /// <summary>Every key of a request record the module reads; any other is named in a warning.</summary>
        public static readonly HashSet<string> KnownKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Uri", "Url", "Href", "Method", "Headers", "Body", "ContentType", "Tag",
            "TimeoutSec", "AttemptTimeoutSec", "MaximumRetryCount", "SkipHttpErrorCheck", "Query", "Form", "OutFile",
        };

        /// <summary>The request an input describes; the keys of a hashtable or PSCustomObject the module does not read go to <paramref name="unknownKeys"/>.</summary>
        public static RequestSpec ToSpec(object? input, ICollection<string>? unknownKeys = null)
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
                spec.Query = ToFields(Property(input!, "Query"), "Query");
                spec.Form = ToFields(Property(input!, "Form"), "Form");
                spec.OutFile = Blank(AsText(Property(input!, "OutFile")));
                spec.SkipHttpErrorCheck = ToFlag(Property(input!, "SkipHttpErrorCheck"), "SkipHttpErrorCheck");
                int? timeout = ToCount(Property(input!, "TimeoutSec"), "TimeoutSec", 0);
                int? attemptTimeout = ToCount(Property(input!, "AttemptTimeoutSec"), "AttemptTimeoutSec", 1);
                int? retries = ToCount(Property(input!, "MaximumRetryCount"), "MaximumRetryCount", 0);
                spec.Timeout = timeout.HasValue ? Seconds.ToTimeout(timeout.Value) : (TimeSpan?)null;
                spec.AttemptTimeout = attemptTimeout.HasValue ? TimeSpan.FromSeconds(attemptTimeout.Value) : (TimeSpan?)null;
                spec.MaximumRetryCount = retries;
            }
            catch (InvalidRequestException ex)
            {
                spec.InvalidReason = ex.Message;
            }
            if (unknownKeys is not null)
            {
                CollectUnknownKeys(input!, unknownKeys);
            }
            return spec;
        }

        /// <summary>Query or form fields: a hashtable, a PSCustomObject, or a JSON object (as a CSV column holds them).</summary>
        private static System.Collections.IDictionary? ToFields(object? input, string key)
        {
            object? value = Unwrap(input);
            switch (value)
            {
                case null:
                    return null;
                case string text when text.Trim().Length == 0:
                    return null;
                case string json:
                    var fields = new OrderedDictionary();
                    foreach (KeyValuePair<string, string> pair in FromJsonObject(json, key))
                    {
                        fields[pair.Key] = pair.Value;
                    }
                    return fields;
                default:
                    return ToBody(input) as System.Collections.IDictionary
                        ?? throw new InvalidRequestException($"{key} of type '{DescribeType(value)}' is not supported; use a hashtable.");
            }
        }

        private static bool? ToFlag(object? input, string key)
        {
            object? value = Unwrap(input);
            switch (value)
            {
                case null:
                    return null;
                case bool flag:
                    return flag;
                case SwitchParameter flag:
                    return flag.IsPresent;
                case string text when text.Trim().Length == 0:
                    return null;
                case string text when bool.TryParse(text.Trim(), out bool parsed):
                    return parsed;
                case string text when text.Trim() == "1" || text.Trim() == "0":
                    return text.Trim() == "1";
                case int number when number == 0 || number == 1:
                    return number == 1;
                default:
                    throw new InvalidRequestException($"{key} '{value}' is not a boolean; use true or false.");
            }
        }

        private static int? ToCount(object? input, string key, int minimum)
        {
            object? value = Unwrap(input);
            if (value is null || (value is string blank && blank.Trim().Length == 0))
            {
                return null;
            }
            int number;
            try
            {
                number = value is string text
                    ? int.Parse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture)
                    : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException)
            {
                throw new InvalidRequestException($"{key} '{value}' is not a whole number.");
            }
            if (number < minimum)
            {
                throw new InvalidRequestException($"{key} {number} is out of range; it must be at least {minimum}.");
            }
            return number;
        }

        private static void CollectUnknownKeys(object input, ICollection<string> unknownKeys)
        {
            object? value = Unwrap(input);
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    string name = Convert.ToString(Unwrap(entry.Key)) ?? string.Empty;
                    if (!KnownKeys.Contains(name))
                    {
                        unknownKeys.Add(name);
                    }
                }
            }
            else if (value is PSCustomObject)
            {
                foreach (PSPropertyInfo property in ((PSObject)input).Properties)
                {
                    if (!KnownKeys.Contains(property.Name))
                    {
                        unknownKeys.Add(property.Name);
                    }
                }
            }
            // Other objects (a FileInfo, a URI builder, …) have many properties the caller never meant as keys.
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
                case IEnumerable items when !(value is string) && !(value is byte[]):
                    var copied = new List<object?>();
                    foreach (object? item in items)
                    {
                        copied.Add(ToBody(item));
                    }
                    return copied.ToArray();
                default:
                    return value;
            }
        }

        private static IList<KeyValuePair<string, string>> FromJsonHeaders(string json) => FromJsonObject(json, "Headers");

        private static IList<KeyValuePair<string, string>> FromJsonObject(string json, string key)
        {
            object? parsed;
            try
            {
                parsed = JsonTree.Parse(json);
            }
            catch (JsonException)
            {
                throw new InvalidRequestException($"{key} given as text must be a JSON object, such as {{\"name\":\"value\"}}.");
            }
            if (!(parsed is JsonObject headers))
            {
                throw new InvalidRequestException($"{key} given as text must be a JSON object, such as {{\"name\":\"value\"}}.");
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
