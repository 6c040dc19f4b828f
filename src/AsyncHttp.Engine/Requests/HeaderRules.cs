using System;

namespace AsyncHttp
{
    /// <summary>What makes a header name or value unsendable; checked before anything is sent.</summary>
    internal static class HeaderRules
    {
        /// <summary>Returns why the header cannot be sent, or null when it can. Values are never echoed: they may be secrets.</summary>
        public static string? Check(string? name, string? value)
        {
            if (string.IsNullOrEmpty(name))
            {
                return "A header name is empty.";
            }
            if (!IsToken(name!))
            {
                return $"Header name '{name}' is not a valid HTTP token.";
            }
            if (value is not null && value.IndexOfAny(Forbidden) >= 0)
            {
                return $"The value of header '{name}' contains CR, LF or NUL, which would split the request.";
            }
            return null;
        }

        public static bool IsToken(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }
            foreach (char c in text)
            {
                bool ok = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".IndexOf(c) < 0;
                if (!ok)
                {
                    return false;
                }
            }
            return true;
        }

        private static readonly char[] Forbidden = { '\r', '\n', '\0' };
    }
}
