namespace AsyncHttp.Commands
{
    /// <summary>The session cmdlets use without -Session: made on first use, made again after it is closed.</summary>
    internal static class DefaultSession
    {
        private static readonly object Gate = new object();
        private static HttpSession? _current;

        public static HttpSession Get()
        {
            lock (Gate)
            {
                if (_current is null || _current.IsClosed)
                {
                    _current = new HttpSession(new SessionOptions());
                }
                return _current;
            }
        }

        /// <summary>Closes the default session, if one is open.</summary>
        public static void Close()
        {
            lock (Gate)
            {
                _current?.Dispose();
                _current = null;
            }
        }
    }
}
