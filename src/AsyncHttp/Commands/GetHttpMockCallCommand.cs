using System;
using System.Collections;
using System.Management.Automation;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the requests a mock saw, in the order they arrived, optionally only those that match conditions.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "HttpMockCall")]
    [OutputType(typeof(HttpMockCall))]
    public sealed class GetHttpMockCallCommand : AsyncHttpCmdlet
    {
        /// <summary>The mock whose calls to get.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public HttpMock? Mock { get; set; }

        /// <summary>Only requests to this URI: an absolute one compares whole, a relative one with the path and query.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        /// <summary>Only requests whose absolute URI matches this wildcard pattern.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UriLike { get; set; }

        /// <summary>Only requests whose absolute URI matches this regular expression.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UriMatch { get; set; }

        /// <summary>Only requests with this method.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Method { get; set; }

        /// <summary>Only requests carrying these headers; each value is a wildcard pattern.</summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? Headers { get; set; }

        /// <summary>Only requests with exactly this body text.</summary>
        [Parameter]
        [ValidateNotNull]
        public string? Body { get; set; }

        /// <summary>Only requests whose body text matches this regular expression.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BodyMatch { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var filter = new HttpMockRule();
            try
            {
                MockRequestFilter.Apply(filter, Uri, UriLike, UriMatch, Method, Headers, Body, BodyMatch);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidRequestException)
            {
                ThrowInvalidArgument(ex, Mock);
            }
            foreach (HttpMockCall call in Mock!.Calls)
            {
                if (filter.Matches(call))
                {
                    WriteObject(call);
                }
            }
        }
    }
}
