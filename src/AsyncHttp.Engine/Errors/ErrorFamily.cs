namespace AsyncHttp
{
    /// <summary>
    /// The families of failures a script catches by type, as aiohttp users catch ClientConnectorError or
    /// ClientResponseError: each has its exception type under one base, and each <see cref="ErrorKind"/> belongs to one.
    /// </summary>
    internal enum ErrorFamily
    {
        /// <summary>No family of its own (an invalid request, a stopped run, an open circuit): the base type alone.</summary>
        Other,
        /// <summary>The server could not be reached: name resolution, refused or reset connections, the proxy.</summary>
        Connection,
        /// <summary>A connect, attempt, total or read timeout.</summary>
        Timeout,
        /// <summary>The TLS handshake or the server's certificate.</summary>
        Tls,
        /// <summary>The server answered, but not with success: a non-2xx status or too many redirects.</summary>
        Status,
        /// <summary>The body was cut short, too long, or not what was asked for.</summary>
        Payload,
    }
}
