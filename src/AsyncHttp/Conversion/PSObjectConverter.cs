using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace AsyncHttp.Conversion
{
    /// <summary>Turns parsed JSON into what ConvertFrom-Json gives: PSCustomObjects, object[] and plain values.</summary>
    internal static class PSObjectConverter
    {
        public static object? FromJson(object? value)
        {
            switch (value)
            {
                case JsonObject json:
                    var result = new PSObject();
                    foreach (KeyValuePair<string, object?> property in json.Properties)
                    {
                        result.Properties.Add(new PSNoteProperty(property.Key, FromJson(property.Value)));
                    }
                    return result;
                case object?[] items:
                    for (int i = 0; i < items.Length; i++)
                    {
                        items[i] = FromJson(items[i]);
                    }
                    return items;
                default:
                    return value;
            }
        }

        /// <summary>What ConvertFrom-Json -AsHashtable gives: ordered hashtables (OrderedHashtable where PowerShell has it), object[] and plain values.</summary>
        public static object? ToHashtables(object? value)
        {
            switch (value)
            {
                case JsonObject json:
                    System.Collections.IDictionary result = NewOrderedHashtable();
                    foreach (KeyValuePair<string, object?> property in json.Properties)
                    {
                        result[property.Key] = ToHashtables(property.Value);
                    }
                    return result;
                case object?[] items:
                    for (int i = 0; i < items.Length; i++)
                    {
                        items[i] = ToHashtables(items[i]);
                    }
                    return items;
                default:
                    return value;
            }
        }

        // PowerShell 7.3+ has OrderedHashtable (what [ordered]@{} and ConvertFrom-Json -AsHashtable give); 5.1 has not.
        private static readonly Type? OrderedHashtableType = typeof(PSObject).Assembly.GetType("System.Management.Automation.OrderedHashtable");

        private static System.Collections.IDictionary NewOrderedHashtable() =>
            OrderedHashtableType is null
                ? new System.Collections.Specialized.OrderedDictionary()
                : (System.Collections.IDictionary)Activator.CreateInstance(OrderedHashtableType)!;
    }
}
