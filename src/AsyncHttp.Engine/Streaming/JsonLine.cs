namespace AsyncHttp
{
    /// <summary>One line of newline-delimited JSON: its value, or why it could not be parsed.</summary>
    public sealed class JsonLine
    {
        internal JsonLine(long lineNumber, object? value, string? error, string? text)
        {
            LineNumber = lineNumber;
            Value = value;
            Error = error;
            Text = text;
        }

        /// <summary>The line's number in the body, from 1.</summary>
        public long LineNumber { get; }

        /// <summary>The parsed value; null when the line was not valid JSON.</summary>
        public object? Value { get; }

        /// <summary>Why the line could not be parsed; null when it was.</summary>
        public string? Error { get; }

        /// <summary>The start of a line that could not be parsed.</summary>
        public string? Text { get; }
    }
}
