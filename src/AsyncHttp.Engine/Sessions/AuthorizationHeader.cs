using System;
using System.Runtime.InteropServices;
using System.Text;

namespace AsyncHttp
{
    /// <summary>The Authorization header value of a session's Credential (Basic) or Token (Bearer).</summary>
    internal static class AuthorizationHeader
    {
        public static string? From(SessionOptions options)
        {
            if (options.Credential is not null)
            {
                string pair = options.Credential.UserName + ":" + options.Credential.Password;
                return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair));
            }
            if (options.Token is not null)
            {
                return "Bearer " + Reveal(options.Token);
            }
            return null;
        }

        private static string Reveal(System.Security.SecureString secret)
        {
            IntPtr text = Marshal.SecureStringToGlobalAllocUnicode(secret);
            try
            {
                return Marshal.PtrToStringUni(text) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(text);
            }
        }
    }
}
