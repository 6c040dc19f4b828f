namespace AsyncHttp
{
    // Based on long so that ConvertTo-Json writes a kind by its name, as it does for no int-based enum.
    /// <summary>Why a request failed: one flat, filterable list, mirroring aiohttp's exception tree.</summary>
    public enum ErrorKind : long
    {
        /// <summary>The request could not be built: bad URI, method, header or body. Nothing was sent.</summary>
        InvalidRequest,
        /// <summary>The host name could not be resolved.</summary>
        Dns,
        /// <summary>The host refused the connection (nothing listens on the port).</summary>
        ConnectionRefused,
        /// <summary>The connection was reset or closed before a response arrived.</summary>
        ConnectionReset,
        /// <summary>No connection could be made within the connect timeout.</summary>
        ConnectTimeout,
        /// <summary>The request or one attempt took longer than its timeout.</summary>
        Timeout,
        /// <summary>The body stopped arriving for longer than the read timeout.</summary>
        ReadTimeout,
        /// <summary>The TLS handshake failed (certificate, protocol).</summary>
        Tls,
        /// <summary>The proxy could not be reached or refused the request.</summary>
        Proxy,
        /// <summary>More redirects than the session allows.</summary>
        TooManyRedirects,
        /// <summary>A redirect that is not followed: from https down to http (without AllowInsecureRedirect), to another scheme, or without a Location.</summary>
        RedirectRefused,
        /// <summary>The server answered with a status code that is not a success.</summary>
        HttpStatus,
        /// <summary>The body was cut short or could not be parsed.</summary>
        Payload,
        /// <summary>The run was stopped or the session closed before the request finished.</summary>
        Canceled,
        /// <summary>The circuit breaker for the host is open; the request was not sent.</summary>
        CircuitOpen,
        /// <summary>The store of the shared rate limit (Redis) could not be reached; the request was not sent.</summary>
        RateLimitStore,
        /// <summary>The body could not be written to its local file (missing folder, no permission, disk full); no partial file is left.</summary>
        FileWrite,
    }
}
