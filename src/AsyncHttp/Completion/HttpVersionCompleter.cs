namespace AsyncHttp.Completion
{
    /// <summary>Completes -HttpVersion with the versions a session may ask for.</summary>
    public sealed class HttpVersionCompleter : ValueCompleter
    {
        /// <summary>Completes from 1.0, 1.1, 2.0 and 3.0.</summary>
        public HttpVersionCompleter()
            : base(new[] { "1.1", "2.0", "3.0", "1.0" })
        {
        }
    }
}
