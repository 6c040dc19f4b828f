using System;
using System.Collections.Generic;
using System.Text;

namespace AsyncHttp
{
    /// <summary>
    /// Decodes bytes as they arrive and cuts them into lines at CR, LF or CRLF, across chunk boundaries.
    /// A line longer than the limit fails the stream rather than growing memory without bound.
    /// </summary>
    internal sealed class LineSplitter
    {
        private readonly Decoder _decoder;
        private readonly int _maxLength;
        private readonly StringBuilder _line = new StringBuilder();
        private char[] _chars = new char[4096];
        private bool _afterCarriageReturn;
        private bool _atStart = true;

        public LineSplitter(Encoding encoding, int maxLength)
        {
            _decoder = encoding.GetDecoder();
            _maxLength = maxLength;
        }

        /// <summary>Adds bytes; complete lines go to <paramref name="lines"/>.</summary>
        public void Add(byte[] bytes, int offset, int count, List<string> lines)
        {
            int needed = _decoder.GetCharCount(bytes, offset, count);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }
            int decoded = _decoder.GetChars(bytes, offset, count, _chars, 0);
            int start = 0;
            if (_atStart && decoded > 0)
            {
                _atStart = false;
                if (_chars[0] == '\uFEFF')
                {
                    start = 1;
                }
            }
            for (int i = start; i < decoded; i++)
            {
                char c = _chars[i];
                if (c == '\n' && _afterCarriageReturn)
                {
                    _afterCarriageReturn = false;
                    continue;
                }
                _afterCarriageReturn = c == '\r';
                if (c == '\r' || c == '\n')
                {
                    lines.Add(_line.ToString());
                    _line.Clear();
                    continue;
                }
                if (_line.Length >= _maxLength)
                {
                    throw new PayloadException($"A line is longer than the limit of {_maxLength} characters.", 0, null, transient: false);
                }
                _line.Append(c);
            }
        }

        /// <summary>The last line, when the body did not end with a line break.</summary>
        public string? Finish() => _line.Length > 0 ? _line.ToString() : null;
    }
}
