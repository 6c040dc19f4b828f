using System.Collections;
using System.Collections.Generic;

namespace AsyncHttp
{
    /// <summary>A run's <see cref="RequestDefaults"/>, checked and encoded once for all its requests.</summary>
    internal sealed class PreparedDefaults
    {
        private readonly RequestDefaults _defaults;
        private readonly BodyContent? _body;

        /// <summary>Throws <see cref="InvalidRequestException"/> naming what is wrong.</summary>
        public PreparedDefaults(RequestDefaults defaults)
        {
            _defaults = defaults;
            Methods.Parse(defaults.Method);
            PreparedRequest.CheckHeaders(defaults.Headers);
            if (defaults.JsonDepth < 1)
            {
                throw new InvalidRequestException($"Depth {defaults.JsonDepth} is out of range; it must be at least 1.");
            }
            if (defaults.Body is not null && defaults.Form is not null)
            {
                throw new InvalidRequestException("Give a Body or a Form, not both.");
            }
            Query = defaults.Query is null ? string.Empty : QueryString.Encode(defaults.Query);
            if (defaults.Form is not null)
            {
                _body = BodyContent.Form(defaults.Form);
            }
            else
            {
                _body = BodyContent.Prepare(defaults.Body, defaults.ContentType, defaults.JsonDepth);
            }
        }

        public string Method => _defaults.Method;

        public string? ContentType => _defaults.ContentType;

        public int JsonDepth => _defaults.JsonDepth;

        /// <summary>The run's query fields, encoded; empty for none.</summary>
        public string Query { get; }

        /// <summary>The run's body, as given.</summary>
        public object? Body => _defaults.Body;

        /// <summary>Whether the run's body is a form, which a request's own body replaces.</summary>
        public bool HasForm => _defaults.Form is not null;

        /// <summary>Checked already: requests merge them without checking again.</summary>
        public IList<KeyValuePair<string, string>>? Headers => _defaults.Headers;

        /// <summary>The body of a request that has none: the run's, encoded once; again only for a request that names another content type.</summary>
        public BodyContent? BodyFor(string? contentType) =>
            contentType is null || contentType == _defaults.ContentType || HasForm ? _body : BodyContent.Prepare(_defaults.Body, contentType, _defaults.JsonDepth);
    }
}
