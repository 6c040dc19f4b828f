using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Checks that a mock saw requests matching conditions, a given number of times; fails with a terminating error listing the calls it saw.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Assert, "HttpMockCalled")]
    [OutputType(typeof(HttpMockCall))]
    public sealed class AssertHttpMockCalledCommand : MockRequestCmdlet
    {
        /// <summary>The exact number of matching requests expected; 0 asserts there were none. The default is at least one.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Times { get; set; }

        /// <summary>Writes the matching calls when the check passes.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            HttpMockRule filter = WithConditions(new HttpMockRule());
            IReadOnlyList<HttpMockCall> calls = Mock!.Calls;
            var matching = new List<HttpMockCall>();
            foreach (HttpMockCall call in calls)
            {
                if (filter.Matches(call))
                {
                    matching.Add(call);
                }
            }
            bool exact = IsBound(nameof(Times));
            if (exact ? matching.Count != Times : matching.Count == 0)
            {
                string expected = exact ? $"{Times} call(s)" : "at least one call";
                string seen = calls.Count == 0 ? "none" : string.Join("; ", calls);
                var failure = new InvalidOperationException($"Expected {expected} matching {Describe(filter)}, but {matching.Count} matched. Calls seen: {seen}.");
                ThrowTerminatingError(new ErrorRecord(failure, "AsyncHttp.MockAssertion", ErrorCategory.InvalidResult, Mock));
            }
            if (PassThru)
            {
                WriteObject(matching, enumerateCollection: true);
            }
        }

        private static string Describe(HttpMockRule filter)
        {
            string text = filter.ToString();
            // The rule's text ends with its answer and uses, which a filter has not.
            int arrow = text.LastIndexOf(" -> ", StringComparison.Ordinal);
            return arrow < 0 ? text : text.Substring(0, arrow);
        }
    }
}
