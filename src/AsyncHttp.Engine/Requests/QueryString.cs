using System;
using System.Collections;
using System.Globalization;
using System.Text;

namespace AsyncHttp
{
    /// <summary>Name=value pairs, escaped, as a query string or a form body; a list value repeats its name.</summary>
    internal static class QueryString
    {
        /// <summary>The pairs escaped and joined with '&amp;'; empty for none.</summary>
        public static string Encode(IDictionary fields)
        {
            var builder = new StringBuilder();
            foreach (DictionaryEntry entry in fields)
            {
                string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (entry.Value is IEnumerable items && !(entry.Value is string))
                {
                    foreach (object? item in items)
                    {
                        Append(builder, name, item);
                    }
                }
                else
                {
                    Append(builder, name, entry.Value);
                }
            }
            return builder.ToString();
        }

        /// <summary>The URI with the query appended to the one it has.</summary>
        public static Uri Merge(Uri uri, string query)
        {
            if (query.Length == 0)
            {
                return uri;
            }
            var builder = new UriBuilder(uri);
            string existing = builder.Query.TrimStart('?');
            builder.Query = existing.Length == 0 ? query : existing + "&" + query;
            // UriBuilder writes the default port explicitly; the URI keeps the form the caller gave.
            return builder.Uri;
        }

        private static void Append(StringBuilder builder, string name, object? value)
        {
            if (value is IDictionary)
            {
                throw new InvalidRequestException($"Query or form field '{name}' is a dictionary; a field is text, a number or a list of them.");
            }
            if (builder.Length > 0)
            {
                builder.Append('&');
            }
            builder.Append(Uri.EscapeDataString(name)).Append('=')
                .Append(Uri.EscapeDataString(Text(value)));
        }

        private static string Text(object? value) => value switch
        {
            null => string.Empty,
            bool flag => flag ? "true" : "false",
            DateTime date => date.ToString("o", CultureInfo.InvariantCulture),
            DateTimeOffset date => date.ToString("o", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }
}
