using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AsyncHttp
{
    /// <summary>
    /// A request body made ready once, sent on every attempt: strings, bytes, dictionaries (form fields,
    /// or JSON when the content type says so) and files.
    /// </summary>
    internal sealed class BodyContent
    {
        private readonly byte[]? _bytes;
        private readonly FileInfo? _file;
        private readonly MediaTypeHeaderValue? _type;

        private BodyContent(byte[]? bytes, FileInfo? file, MediaTypeHeaderValue? type)
        {
            _bytes = bytes;
            _file = file;
            _type = type;
        }

        /// <summary>Checks and encodes the body; throws <see cref="InvalidRequestException"/> naming what is wrong.</summary>
        public static BodyContent? Prepare(object? body, string? contentType)
        {
            MediaTypeHeaderValue? type = null;
            if (contentType is not null && !MediaTypeHeaderValue.TryParse(contentType, out type))
            {
                throw new InvalidRequestException($"ContentType '{contentType}' is not a valid media type.");
            }
            switch (body)
            {
                case null:
                    return null;
                case string text:
                    return new BodyContent(Encoding.UTF8.GetBytes(text), null, type ?? new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" });
                case byte[] bytes:
                    return new BodyContent(bytes, null, type ?? new MediaTypeHeaderValue("application/octet-stream"));
                case IDictionary fields when type is not null && type.MediaType!.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0:
                    return new BodyContent(ToJson(fields), null, type);
                case IDictionary fields:
                    return new BodyContent(ToForm(fields), null, type ?? new MediaTypeHeaderValue("application/x-www-form-urlencoded"));
                case FileInfo file when !file.Exists:
                    throw new InvalidRequestException($"Body file '{file.FullName}' does not exist.");
                case FileInfo file:
                    return new BodyContent(null, file, type ?? new MediaTypeHeaderValue("application/octet-stream"));
                default:
                    throw new InvalidRequestException(
                        $"A body of type '{body.GetType().FullName}' is not supported; use a string, byte[], hashtable or file.");
            }
        }

        /// <summary>New content for one attempt.</summary>
        public HttpContent Create()
        {
            HttpContent content = _file is not null ? new StreamContent(_file.OpenRead()) : new ByteArrayContent(_bytes!);
            content.Headers.ContentType = _type;
            return content;
        }

        private static byte[] ToJson(IDictionary fields)
        {
            try
            {
                return JsonSerializer.SerializeToUtf8Bytes(ToPlain(fields));
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is InvalidOperationException || ex is JsonException)
            {
                throw new InvalidRequestException($"The body cannot be written as JSON: {ex.Message}");
            }
        }

        private static Dictionary<string, object?> ToPlain(IDictionary fields)
        {
            var result = new Dictionary<string, object?>();
            foreach (DictionaryEntry entry in fields)
            {
                result[Convert.ToString(entry.Key)!] = entry.Value is IDictionary nested ? ToPlain(nested) : entry.Value;
            }
            return result;
        }

        private static byte[] ToForm(IDictionary fields)
        {
            var builder = new StringBuilder();
            foreach (DictionaryEntry entry in fields)
            {
                if (builder.Length > 0)
                {
                    builder.Append('&');
                }
                builder.Append(Uri.EscapeDataString(Convert.ToString(entry.Key)!))
                    .Append('=')
                    .Append(Uri.EscapeDataString(Convert.ToString(entry.Value) ?? string.Empty));
            }
            return Encoding.ASCII.GetBytes(builder.ToString());
        }
    }
}
