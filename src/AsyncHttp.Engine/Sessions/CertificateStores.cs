using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AsyncHttp
{
    /// <summary>
    /// Finds a client certificate by thumbprint, as Invoke-RestMethod -CertificateThumbprint does: in the current
    /// user's personal store, then the machine's (Windows; on Linux and macOS .NET has a current-user store only).
    /// </summary>
    internal static class CertificateStores
    {
        public static X509Certificate2 FindByThumbprint(string thumbprint)
        {
            string wanted = thumbprint.Replace(" ", string.Empty).Replace(":", string.Empty).ToUpperInvariant();
            foreach (StoreLocation location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                X509Certificate2? found = Find(location, wanted);
                if (found is null)
                {
                    continue;
                }
                if (!found.HasPrivateKey)
                {
                    throw new ArgumentException(
                        $"The certificate with thumbprint {wanted} in {location}\\My has no private key this user can use: a client certificate needs one.",
                        "CertificateThumbprint");
                }
                return found;
            }
            throw new ArgumentException(
                $"No certificate with thumbprint {wanted} is in the CurrentUser\\My or LocalMachine\\My store.", "CertificateThumbprint");
        }

        private static X509Certificate2? Find(StoreLocation location, string thumbprint)
        {
            try
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                X509Certificate2Collection matches = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
                return matches.Count > 0 ? matches[0] : null;
            }
            catch (Exception ex) when (ex is CryptographicException || ex is PlatformNotSupportedException)
            {
                // A store this platform does not have (LocalMachine\My on Linux), or that does not exist yet, holds nothing.
                return null;
            }
        }
    }
}
