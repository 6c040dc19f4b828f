using System;
using System.Globalization;

namespace AsyncHttp
{
    /// <summary>
    /// Share i of N of an input list, for spreading one list over N machines or processes ("2/4"): the inputs whose
    /// position in the list (from 0) modulo N is i - 1. By position rather than by a hash of the URI, because every
    /// input has a position, even one that is not a URI; the shares are even whatever the list holds; and each result
    /// keeps its position in the whole list as its Index, so the results of the N shares together hold every Index
    /// exactly once. The same on every machine and in every process, provided each reads the same list in the same order.
    /// </summary>
    public sealed class InputPartition
    {
        /// <summary>Share <paramref name="number"/> (from 1) of <paramref name="count"/>.</summary>
        public InputPartition(int number, int count)
        {
            if (count < 1 || number < 1 || number > count)
            {
                throw new ArgumentOutOfRangeException(nameof(number), $"{number}/{count}",
                    $"Partition '{number}/{count}' is not a share i/N with N at least 1 and i from 1 to N.");
            }
            Number = number;
            Count = count;
        }

        /// <summary>Which share, from 1.</summary>
        public int Number { get; }

        /// <summary>How many shares the list is split into.</summary>
        public int Count { get; }

        /// <summary>Reads "i/N", such as "2/4"; throws <see cref="ArgumentException"/> naming any other text.</summary>
        public static InputPartition Parse(string text)
        {
            string[] parts = (text ?? string.Empty).Split('/');
            if (parts.Length == 2
                && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                && count >= 1 && number >= 1 && number <= count)
            {
                return new InputPartition(number, count);
            }
            throw new ArgumentException($"Partition '{text}' is not a share i/N, such as '2/4': N at least 1 and i from 1 to N.", "Partition");
        }

        /// <summary>Whether the input at this position (from 0) belongs to this share.</summary>
        public bool Contains(long position) => position % Count == Number - 1;

        /// <summary>The position in the whole list of this share's <paramref name="nth"/> input (from 0).</summary>
        public long PositionOf(long nth) => checked(nth * Count + Number - 1);

        /// <summary>How many of the first <paramref name="total"/> inputs belong to this share.</summary>
        public long CountIn(long total) => total < Number ? 0 : (total - Number) / Count + 1;

        /// <inheritdoc/>
        public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + "/" + Count.ToString(CultureInfo.InvariantCulture);
    }
}
