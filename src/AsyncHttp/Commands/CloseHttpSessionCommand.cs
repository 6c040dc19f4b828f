using System.Management.Automation;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Closes HTTP sessions: cancels their requests and frees their connections.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Close, "HttpSession")]
    [OutputType(typeof(void))]
    public sealed class CloseHttpSessionCommand : AsyncHttpCmdlet
    {
        /// <summary>The sessions to close. Without it, the default session is closed (the next use makes a new one).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public HttpSession[]? Session { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (Session is null)
            {
                DefaultSession.Close();
                return;
            }
            foreach (HttpSession session in Session)
            {
                WriteVerbose($"Closing {session}.");
                try
                {
                    session.Dispose();
                }
                catch (System.IO.IOException ex)
                {
                    // Closed and freed already: only the jar's last save failed.
                    WriteError(CookieFileNotSaved(ex, session));
                }
            }
        }
    }
}
