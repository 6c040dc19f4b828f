using System;
using System.Collections;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace AsyncHttp
{
    /// <summary>
    /// A request body made ready once, sent on every attempt: strings, bytes, dictionaries (form fields, JSON when the
    /// content type says so, multipart when it is multipart/form-data), lists (JSON), files and multipart forms.
    /// </summary>
    internal sealed class BodyContent
    {
        private readonly byte[]? _bytes;
        private readonly FileInfo? _file;
        private readonly FormBody? _form;
        private readonly MediaTypeHeaderValue? _type;

        private BodyContent(byte[]? bytes, FileInfo? file, MediaTypeHeaderValue? type, FormBody? form = null)
        {
            _bytes = bytes;
            _file = file;
            _type = type;
            _form = form;
        }

        /// <summary>Checks and encodes the body; throws <see cref="InvalidRequestException"/> naming what is wrong.</summary>
        public static BodyContent? Prepare(object? body, string? contentType, int depth = JsonBody.DefaultDepth)
        {
            MediaTypeHeaderValue? type = ParseType(contentType);
            switch (body)
            {
                case null:
                    return null;
                case string text:
                    return new BodyContent(Encoding.UTF8.GetBytes(text), null, type ?? new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" });
                case byte[] bytes:
                    return new BodyContent(bytes, null, type ?? new MediaTypeHeaderValue("application/octet-stream"));
                case FileInfo file when !file.Exists:
                    throw new InvalidRequestException($"Body file '{file.FullName}' does not exist.");
                case FileInfo file:
                    return new BodyContent(null, file, type ?? new MediaTypeHeaderValue("application/octet-stream"));
                case IDictionary fields when Is(type, "multipart/form-data"):
                    return Form(fields);
                case IDictionary fields when IsJson(type):
                    return new BodyContent(JsonBody.Write(fields, depth), null, type);
                case IDictionary fields when FormBody.HasFile(fields):
                    throw new InvalidRequestException("The body holds a file, which a url-encoded form cannot carry; send it with -Form (multipart/form-data).");
                case IDictionary fields:
                    return new BodyContent(Encoding.ASCII.GetBytes(QueryString.Encode(fields)), null, type ?? new MediaTypeHeaderValue("application/x-www-form-urlencoded"));
                case IEnumerable items:
                    return new BodyContent(JsonBody.Write(items, depth), null, type ?? new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
                default:
                    throw new InvalidRequestException(
                        $"A body of type '{body.GetType().FullName}' is not supported; use a string, byte[], hashtable, array or file.");
            }
        }

        /// <summary>A multipart/form-data body of the given fields.</summary>
        public static BodyContent Form(IDictionary fields) => new BodyContent(null, null, null, FormBody.Prepare(fields));

        /// <summary>New content for one attempt; files are opened again each time.</summary>
        public HttpContent Create()
        {
            if (_form is not null)
            {
                return _form.Create();
            }
            HttpContent content = _file is not null ? new StreamContent(_file.OpenRead()) : new ByteArrayContent(_bytes!);
            content.Headers.ContentType = _type;
            return content;
        }

        private static MediaTypeHeaderValue? ParseType(string? contentType)
        {
            if (contentType is null)
            {
                return null;
            }
            if (!MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? type))
            {
                throw new InvalidRequestException($"ContentType '{contentType}' is not a valid media type.");
            }
            return type;
        }

        private static bool Is(MediaTypeHeaderValue? type, string mediaType) =>
            string.Equals(type?.MediaType, mediaType, StringComparison.OrdinalIgnoreCase);

        private static bool IsJson(MediaTypeHeaderValue? type) =>
            type is not null && type.MediaType!.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
