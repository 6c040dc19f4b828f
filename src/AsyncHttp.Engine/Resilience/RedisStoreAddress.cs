using System;

namespace AsyncHttp
{
    /// <summary>
    /// Where a shared rate limit lives: redis://[user:password@]host[:port]/key, or rediss:// for TLS. Every process
    /// that names the same server and key shares one bucket. The password is never shown: see <see cref="ToString"/>.
    /// </summary>
    internal sealed class RedisStoreAddress
    {
        /// <summary>Redis's own port, for addresses that name none.</summary>
        public const int DefaultPort = 6379;

        private readonly Uri _uri;

        private RedisStoreAddress(Uri uri, string key, string? user, string? password)
        {
            _uri = uri;
            Key = key;
            User = user;
            Password = password;
        }

        public string Host => _uri.Host;

        public int Port => _uri.IsDefaultPort || _uri.Port < 0 ? DefaultPort : _uri.Port;

        public bool UseTls => _uri.Scheme == "rediss";

        /// <summary>The name of the bucket, shared by every process that gives the same one.</summary>
        public string Key { get; }

        public string? User { get; }

        public string? Password { get; }

        /// <summary>Reads a store address; throws <see cref="ArgumentException"/> naming it (without its password) when it is not one.</summary>
        public static RedisStoreAddress Parse(Uri uri)
        {
            string shown = Redact.Uri(uri);
            if (!uri.IsAbsoluteUri || (uri.Scheme != "redis" && uri.Scheme != "rediss") || uri.Host.Length == 0)
            {
                throw new ArgumentException($"RateLimitStore '{shown}' is not redis://host[:port]/key (or rediss:// for TLS).", "RateLimitStore");
            }
            string key = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
            if (key.Length == 0)
            {
                throw new ArgumentException($"RateLimitStore '{shown}' names no key: add the name that every worker shares, as in redis://host:6379/my-api.", "RateLimitStore");
            }
            if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                throw new ArgumentException($"RateLimitStore '{shown}' has a query or fragment, which mean nothing here.", "RateLimitStore");
            }
            string? user = null, password = null;
            if (uri.UserInfo.Length > 0)
            {
                int colon = uri.UserInfo.IndexOf(':');
                user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo.Substring(0, colon));
                password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo.Substring(colon + 1));
                if (user.Length == 0)
                {
                    user = null;
                }
            }
            return new RedisStoreAddress(uri, key, user, password);
        }

        /// <summary>The address without user name or password.</summary>
        public override string ToString() => Redact.Uri(_uri);
    }
}
