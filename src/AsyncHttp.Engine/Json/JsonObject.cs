using System.Collections.Generic;

namespace AsyncHttp
{
    /// <summary>A parsed JSON object: its properties in document order.</summary>
    public sealed class JsonObject
    {
        internal JsonObject(IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            Properties = properties;
        }

        /// <summary>The properties, in the order the document gave them.</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> Properties { get; }
    }
}
