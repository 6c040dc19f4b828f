using System.Management.Automation;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the requests a mock saw, in the order they arrived, optionally only those that match conditions.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "HttpMockCall")]
    [OutputType(typeof(HttpMockCall))]
    public sealed class GetHttpMockCallCommand : MockRequestCmdlet
    {
        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            HttpMockRule filter = WithConditions(new HttpMockRule());
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
