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
    }
}
