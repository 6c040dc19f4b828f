using System;
using System.Runtime.InteropServices;
using System.Text;

namespace AsyncHttp
{
    /// <summary>The Authorization header value of a session's Credential (Basic) or Token (Bearer).</summary>
    internal static class AuthorizationHeader
    {
        public static string? From(SessionOptions options) => From(options.Credential, options.Token);

        public static string? From(System.Net.NetworkCredential? credential, System.Security.SecureString? token)
        {
            if (credential is not null)
            {
                string pair = credential.UserName + ":" + credential.Password;
                return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair));
            }
            if (token is not null)
            {
                return "Bearer " + Reveal(token);
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
