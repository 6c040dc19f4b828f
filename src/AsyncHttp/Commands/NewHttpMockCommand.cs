using System.Management.Automation;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a mock transport for tests: a session built on it (New-HttpSession -Mock) answers from rules instead of the network.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "HttpMock")]
    [OutputType(typeof(HttpMock))]
    public sealed class NewHttpMockCommand : PSCmdlet
    {
        /// <summary>Send requests that no rule matches to the network. By default they fail as InvalidRequest, naming the request.</summary>
        [Parameter]
        public SwitchParameter PassThroughUnmatched { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            WriteObject(new HttpMock { PassThroughUnmatched = PassThroughUnmatched.IsPresent });
        }
    }
}
