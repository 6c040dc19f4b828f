namespace AsyncHttp
{
    /// <summary>How <see cref="JsonTree"/> reads a document; the defaults read it plainly, as System.Text.Json would.</summary>
    public sealed class JsonReading
    {
        /// <summary>
        /// As ConvertFrom-Json reads into objects: keys that differ only in case, and empty keys, are an error (a
        /// PSCustomObject cannot hold them); ISO 8601 date-times and "/Date(ms)/" become DateTime; comments are skipped.
        /// </summary>
        public static readonly JsonReading AsPowerShellObjects = new JsonReading { RejectCaseDuplicates = true, ReadDates = true };

        /// <summary>As ConvertFrom-Json -AsHashtable reads: keys are case-sensitive, dates become DateTime.</summary>
        public static readonly JsonReading AsPowerShellHashtables = new JsonReading { ReadDates = true };

        /// <summary>Keys that differ only in case, and empty keys, fail the document. The default is false.</summary>
        public bool RejectCaseDuplicates { get; set; }

        /// <summary>Strings that are ISO 8601 date-times with seconds, or "/Date(ms)/", become DateTime. The default is false.</summary>
        public bool ReadDates { get; set; }
    }
}
