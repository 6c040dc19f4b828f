using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Adds a rule to a mock: which requests it matches, what it answers (or how it fails), and how many times.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "HttpMockResponse", DefaultParameterSetName = ResponseSet)]
    [OutputType(typeof(HttpMockRule))]
    public sealed class AddHttpMockResponseCommand : MockRequestCmdlet
    {
        private const string ResponseSet = "Response";
        private const string ScriptBlockSet = "ScriptBlock";

        /// <summary>The status code answered. The default is 200.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateRange(100, 999)]
        public int StatusCode { get; set; } = 200;

        /// <summary>Headers answered, such as Set-Cookie, Location or Retry-After.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateNotNull]
        public IDictionary? ResponseHeaders { get; set; }

        /// <summary>The Content-Type answered; by default it follows the body: text/plain, application/json, text/event-stream or application/octet-stream.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateNotNullOrEmpty]
        public string? ContentType { get; set; }

        /// <summary>The body answered, as text (UTF-8).</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateNotNull]
        public string? Content { get; set; }

        /// <summary>The body answered, as bytes.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateNotNull]
        public byte[]? Bytes { get; set; }

        /// <summary>The body answered, as the JSON of an object (hashtables and PSCustomObjects become JSON objects, lists arrays).</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [AllowNull]
        public object? Json { get; set; }

        /// <summary>The body answered as lines, each sent on its own after -IntervalSec, for Receive-HttpStream -As Lines or JsonLines.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateNotNull]
        public string[]? Lines { get; set; }

        /// <summary>The body answered as server-sent events, each after -IntervalSec: a text is an event's data; a hashtable may give Event, Data, Id and Retry.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [Alias("Events")]
        [ValidateNotNull]
        public object[]? ServerSentEvents { get; set; }

        /// <summary>The body answered in chunks (byte arrays or texts), each after -IntervalSec.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateNotNull]
        public object[]? Chunks { get; set; }

        /// <summary>Seconds between the lines, events or chunks of the body. The default is 0.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateRange(0.0, 3600.0)]
        public double IntervalSec { get; set; }

        /// <summary>Seconds before the answer arrives; longer than the session's -TimeoutSec, the request fails as Timeout. The default is 0.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateRange(0.0, 3600.0)]
        public double DelaySec { get; set; }

        /// <summary>Fail as the network would instead of answering: Dns, ConnectionRefused, ConnectionReset, ConnectTimeout, Timeout or Tls.</summary>
        [Parameter(ParameterSetName = ResponseSet)]
        [ValidateSet("Dns", "ConnectionRefused", "ConnectionReset", "ConnectTimeout", "Timeout", "Tls")]
        public string? Fail { get; set; }

        /// <summary>Makes the answer for each request: it gets the request as $Request (Method, Uri, Headers, Body) and returns a status code, a text, or a hashtable with the keys StatusCode, ResponseHeaders, ContentType, Content, Bytes, Json, Lines, ServerSentEvents, Chunks, IntervalSec, DelaySec or Fail.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ScriptBlockSet)]
        [ValidateNotNull]
        public ScriptBlock? ScriptBlock { get; set; }

        /// <summary>Arguments given to -ScriptBlock after the request. The script block runs in a runspace of its own and does not see your variables: pass what it needs here (a hashtable passed in is shared, so it can count calls).</summary>
        [Parameter(ParameterSetName = ScriptBlockSet)]
        public object[]? ArgumentList { get; set; }

        /// <summary>How many requests the rule answers before it steps aside for the rules after it. The default is any number.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Times { get; set; }

        /// <summary>Writes the rule, whose Used property counts the requests it answered.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var rule = new HttpMockRule { Times = IsBound(nameof(Times)) ? Times : (int?)null };
            try
            {
                MockRequestFilter.Apply(rule, Uri, UriLike, UriMatch, Method, Headers, Body, BodyMatch);
                if (ScriptBlock is not null)
                {
                    var responder = new MockScriptResponder(ScriptBlock, ArgumentList);
                    rule.Responder = responder.AnswerAsync;
                    rule.Resources = responder;
                }
                else
                {
                    rule.Response = MockResponseInput.From(AnswerParts());
                }
                Mock!.Add(rule);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidRequestException)
            {
                ThrowInvalidArgument(ex, rule);
            }
            WriteVerbose($"Added the mock rule {rule}.");
            if (PassThru)
            {
                WriteObject(rule);
            }
        }

        private Dictionary<string, object?> AnswerParts()
        {
            var parts = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (string key in MockResponseInput.Keys)
            {
                if (MyInvocation.BoundParameters.TryGetValue(key, out object? value))
                {
                    parts[key] = value;
                }
            }
            if (!parts.ContainsKey(nameof(StatusCode)))
            {
                parts[nameof(StatusCode)] = StatusCode;
            }
            return parts;
        }
    }
}
