using System;
using System.Collections.Generic;

namespace AsyncHttp
{
    /// <summary>
    /// The relations of a response's Link headers (RFC 8288), as aiohttp's response.links and Invoke-WebRequest's
    /// RelationLink: each rel names its target, resolved against the URI that answered. The first link of a rel wins.
    /// </summary>
    internal static class LinkHeader
    {
        public static IReadOnlyDictionary<string, Uri> Parse(string? header, Uri? baseUri)
        {
            var links = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrEmpty(header))
            {
                return links;
            }
            int at = 0;
            string text = header!;
            while (at < text.Length)
            {
                int open = text.IndexOf('<', at);
                int close = open < 0 ? -1 : text.IndexOf('>', open + 1);
                if (close < 0)
                {
                    break;
                }
                string target = text.Substring(open + 1, close - open - 1).Trim();
                int end = EndOfParameters(text, close + 1);
                string? rel = RelOf(text.Substring(close + 1, end - close - 1));
                at = end + 1;
                if (rel is null || !TryResolve(target, baseUri, out Uri? uri))
                {
                    continue;
                }
                foreach (string name in rel.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!links.ContainsKey(name))
                    {
                        links[name] = uri!;
                    }
                }
            }
            return links;
        }

        /// <summary>The comma that ends one link's parameters (commas inside quotes do not), or the end of the text.</summary>
        private static int EndOfParameters(string text, int from)
        {
            bool quoted = false;
            for (int i = from; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == ',' && !quoted)
                {
                    return i;
                }
            }
            return text.Length;
        }

        private static string? RelOf(string parameters)
        {
            foreach (string parameter in parameters.Split(';'))
            {
                int equals = parameter.IndexOf('=');
                if (equals > 0 && string.Equals(parameter.Substring(0, equals).Trim(), "rel", StringComparison.OrdinalIgnoreCase))
                {
                    return parameter.Substring(equals + 1).Trim().Trim('"');
                }
            }
            return null;
        }

        private static bool TryResolve(string target, Uri? baseUri, out Uri? uri)
        {
            // Against a base first: on Unix "/items" alone would parse as an absolute file path.
            return baseUri is not null
                ? Uri.TryCreate(baseUri, target, out uri)
                : Uri.TryCreate(target, UriKind.Absolute, out uri) && !target.StartsWith("/", StringComparison.Ordinal);
        }
    }
}
