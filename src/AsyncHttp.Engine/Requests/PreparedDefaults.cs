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
            _body = BodyContent.Prepare(defaults.Body, defaults.ContentType);
        }

        public string Method => _defaults.Method;

        public string? ContentType => _defaults.ContentType;

        /// <summary>Checked already: requests merge them without checking again.</summary>
        public IList<KeyValuePair<string, string>>? Headers => _defaults.Headers;

        /// <summary>The body of a request that has none: the run's, encoded once; again only for a request that names another content type.</summary>
        public BodyContent? BodyFor(string? contentType) =>
            contentType is null || contentType == _defaults.ContentType ? _body : BodyContent.Prepare(_defaults.Body, contentType);
    }
}
