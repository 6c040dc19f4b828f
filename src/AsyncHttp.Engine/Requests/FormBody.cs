using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;

namespace AsyncHttp
{
    /// <summary>
    /// A multipart/form-data body: text fields and file parts. Files are checked once and opened afresh for each
    /// attempt, so a retry or a redirect sends them whole; they are streamed from disk, never held in memory.
    /// </summary>
    internal sealed class FormBody
    {
        private readonly List<KeyValuePair<string, object>> _parts;

        private FormBody(List<KeyValuePair<string, object>> parts)
        {
            _parts = parts;
        }

        /// <summary>Fields from a dictionary: values are text, numbers, files, or lists of them (a repeated field).</summary>
        public static FormBody Prepare(IDictionary fields)
        {
            var parts = new List<KeyValuePair<string, object>>();
            foreach (DictionaryEntry entry in fields)
            {
                string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (entry.Value is IEnumerable items && !(entry.Value is string) && !(entry.Value is byte[]))
                {
                    foreach (object? item in items)
                    {
                        parts.Add(Part(name, item));
                    }
                }
                else
                {
                    parts.Add(Part(name, entry.Value));
                }
            }
            return new FormBody(parts);
        }

        /// <summary>Whether a dictionary holds a file, which only a multipart body can carry.</summary>
        public static bool HasFile(IDictionary fields)
        {
            foreach (DictionaryEntry entry in fields)
            {
                if (entry.Value is FileInfo)
                {
                    return true;
                }
                if (entry.Value is IEnumerable items && !(entry.Value is string))
                {
                    foreach (object? item in items)
                    {
                        if (item is FileInfo)
                        {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        public HttpContent Create()
        {
            var content = new MultipartFormDataContent();
            foreach (KeyValuePair<string, object> part in _parts)
            {
                switch (part.Value)
                {
                    case FileInfo file:
                        var stream = new StreamContent(new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true));
                        stream.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.ForFile(file.Name));
                        content.Add(stream, Quote(part.Key), Quote(file.Name));
                        break;
                    case byte[] bytes:
                        var binary = new ByteArrayContent(bytes);
                        binary.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                        content.Add(binary, Quote(part.Key));
                        break;
                    default:
                        // No content type on a text part: servers read it as text/plain in UTF-8, as browsers send it.
                        var text = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes((string)part.Value));
                        content.Add(text, Quote(part.Key));
                        break;
                }
            }
            return content;
        }

        private static KeyValuePair<string, object> Part(string name, object? value)
        {
            switch (value)
            {
                case FileInfo file when !file.Exists:
                    throw new InvalidRequestException($"Form field '{name}': file '{file.FullName}' does not exist.");
                case FileInfo file:
                    return new KeyValuePair<string, object>(name, file);
                case byte[] bytes:
                    return new KeyValuePair<string, object>(name, bytes);
                case IDictionary _:
                    throw new InvalidRequestException($"Form field '{name}' is a dictionary; a form field is text, a number, a file or a list of them.");
                default:
                    return new KeyValuePair<string, object>(name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }

        // Names in quotes, as browsers send them; MultipartFormDataContent leaves unquoted names as given.
        private static string Quote(string name) => "\"" + name.Replace("\"", "%22") + "\"";
    }
}
