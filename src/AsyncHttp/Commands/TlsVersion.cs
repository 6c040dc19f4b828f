using System;
using System.Security.Authentication;

namespace AsyncHttp
{
    /// <summary>
    /// The TLS versions -SslProtocol may allow: only the current ones, so that tab completion never offers SSL 3 or
    /// TLS 1.0. Unset (0), the operating system chooses.
    /// </summary>
    [Flags]
    public enum TlsVersion
    {
        /// <summary>TLS 1.2.</summary>
        Tls12 = 1,
        /// <summary>TLS 1.3.</summary>
        Tls13 = 2,
    }

    /// <summary>Maps <see cref="TlsVersion"/> to the runtime's flags.</summary>
    internal static class TlsVersions
    {
        public static SslProtocols ToSslProtocols(TlsVersion versions)
        {
            SslProtocols protocols = SslProtocols.None;
            if ((versions & TlsVersion.Tls12) != 0)
            {
                protocols |= SslProtocols.Tls12;
            }
            if ((versions & TlsVersion.Tls13) != 0)
            {
                // SslProtocols.Tls13 is missing from netstandard2.0; its value is the same everywhere.
                protocols |= (SslProtocols)12288;
            }
            return protocols;
        }
    }
}
