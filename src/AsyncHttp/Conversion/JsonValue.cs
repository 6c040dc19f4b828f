using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace AsyncHttp.Conversion
{
    /// <summary>
    /// Turns what PowerShell gives (PSCustomObjects, hashtables, arrays, plain values) into dictionaries, lists and
    /// values that System.Text.Json writes as ConvertTo-Json would, to any depth up to a limit.
    /// </summary>
    internal static class JsonValue
    {
        private const int MaxDepth = 64;

        /// <summary>The plain value; throws <see cref="ArgumentException"/> for objects nested deeper than 64 levels.</summary>
        public static object? ToPlain(object? input) => ToPlain(input, 0);

        private static object? ToPlain(object? input, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ArgumentException($"The object is nested deeper than {MaxDepth} levels (a reference to itself?); it cannot be written as JSON.");
            }
            object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case null:
                    return null;
                case string _:
                case bool _:
                case char _:
                case DateTime _:
                case DateTimeOffset _:
                case Guid _:
                    return value;
                case Enum e:
                    // As ConvertTo-Json writes enums: their number.
                    return Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture);
                case IDictionary dictionary:
                    var fields = new Dictionary<string, object?>();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        fields[Convert.ToString(entry.Key is PSObject key ? key.BaseObject : entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = ToPlain(entry.Value, depth + 1);
                    }
                    return fields;
                case PSCustomObject _:
                    return Properties((PSObject)input!, depth);
                case IEnumerable items:
                    var list = new List<object?>();
                    foreach (object? item in items)
                    {
                        list.Add(ToPlain(item, depth + 1));
                    }
                    return list;
            }
            if (value.GetType().IsPrimitive || value is decimal || value is System.Numerics.BigInteger)
            {
                return value;
            }
            // Any other object is written as its properties, as ConvertTo-Json does.
            return Properties(PSObject.AsPSObject(input), depth);
        }

        private static Dictionary<string, object?> Properties(PSObject source, int depth)
        {
            var fields = new Dictionary<string, object?>();
            foreach (PSPropertyInfo property in source.Properties)
            {
                if (!property.IsGettable)
                {
                    continue;
                }
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException)
                {
                    continue;
                }
                fields[property.Name] = ToPlain(value, depth + 1);
            }
            return fields;
        }
    }
}
