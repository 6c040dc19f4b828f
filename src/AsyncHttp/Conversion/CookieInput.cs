using System;
using System.Collections;
using System.Management.Automation;
using System.Net;

namespace AsyncHttp.Conversion
{
    /// <summary>Reads -Cookie: System.Net.Cookie objects (with a domain), or a hashtable of names and values for the BaseUri.</summary>
    internal static class CookieInput
    {
        public static CookieContainer? ToJar(object? input, Uri? baseUri)
        {
            if (input is null)
            {
                return null;
            }
            var jar = new CookieContainer();
            foreach (object? item in LanguagePrimitives.GetEnumerable(input) ?? new[] { input })
            {
                object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
                switch (value)
                {
                    case Cookie cookie when string.IsNullOrEmpty(cookie.Domain):
                        jar.Add(BaseOf(baseUri, $"Cookie '{cookie.Name}' has no Domain"), cookie);
                        break;
                    case Cookie cookie:
                        jar.Add(cookie);
                        break;
                    case IDictionary pairs:
                        Uri target = BaseOf(baseUri, "Cookies given as a hashtable are for the BaseUri");
                        foreach (DictionaryEntry pair in pairs)
                        {
                            jar.Add(target, new Cookie(Convert.ToString(pair.Key)!, Convert.ToString(pair.Value is PSObject p ? p.BaseObject : pair.Value) ?? string.Empty));
                        }
                        break;
                    default:
                        throw new ArgumentException($"A cookie of type '{value?.GetType().FullName ?? "null"}' is not supported; use System.Net.Cookie or a hashtable of names and values.");
                }
            }
            return jar;
        }

        private static Uri BaseOf(Uri? baseUri, string what) =>
            baseUri ?? throw new ArgumentException(what + ", and the session has no BaseUri to set it for.");
    }
}
