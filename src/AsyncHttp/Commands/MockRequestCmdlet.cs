using System;
using System.Collections;
using System.Management.Automation;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// The mock cmdlets that pick requests by what they carry (Add-HttpMockResponse, Get-HttpMockCall,
    /// Assert-HttpMockCalled): the mock, and the conditions a request must meet, with the same names everywhere.
    /// </summary>
    public abstract class MockRequestCmdlet : AsyncHttpCmdlet
    {
        /// <summary>The mock.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public HttpMock? Mock { get; set; }

        /// <summary>The URI the request must have: an absolute one compares whole, a relative one (/items?page=2) with the path and query.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        /// <summary>A wildcard pattern the absolute URI must match (* and ?), case-insensitive.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UriLike { get; set; }

        /// <summary>A regular expression the absolute URI must match, case-insensitive.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UriMatch { get; set; }

        /// <summary>The method the request must have.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Method { get; set; }

        /// <summary>Headers the request must carry; each value is a wildcard pattern.</summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? Headers { get; set; }

        /// <summary>The body text the request must have, exactly.</summary>
        [Parameter]
        [ValidateNotNull]
        public string? Body { get; set; }

        /// <summary>A regular expression the body text must match.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BodyMatch { get; set; }

        /// <summary>Puts the conditions given into <paramref name="rule"/>; conditions that make no sense end the call, naming the bad value.</summary>
        protected HttpMockRule WithConditions(HttpMockRule rule)
        {
            try
            {
                MockRequestFilter.Apply(rule, Uri, UriLike, UriMatch, Method, Headers, Body, BodyMatch);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidRequestException)
            {
                ThrowInvalidArgument(ex, Mock);
            }
            return rule;
        }
    }
}
