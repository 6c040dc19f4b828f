using System;
using System.Management.Automation;
using System.Threading;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// What every AsyncHttp cmdlet shares: one cancellation source per invocation (Ctrl+C and Dispose cancel it)
    /// and the choice between -Session and the default session, made in one place.
    /// </summary>
    public abstract class AsyncHttpCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>Cancelled when the pipeline stops or the command ends.</summary>
        protected CancellationToken CancelToken => _stopping.Token;

        /// <summary>The session given, or the module's default one; terminates the call when it is closed.</summary>
        protected HttpSession ResolveSession(HttpSession? given)
        {
            HttpSession session = given ?? DefaultSession.Get();
            if (session.IsClosed)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ObjectDisposedException(nameof(HttpSession), "The HTTP session is closed; create a new one with New-HttpSession."),
                    "AsyncHttp.SessionClosed",
                    ErrorCategory.InvalidOperation,
                    session));
            }
            return session;
        }

        /// <summary>Ends the call: the parameters make no sense together.</summary>
        protected void ThrowInvalidArgument(Exception exception, object? target)
        {
            ThrowTerminatingError(new ErrorRecord(exception, "AsyncHttp.InvalidArgument", ErrorCategory.InvalidArgument, target));
        }

        /// <inheritdoc/>
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Cancels anything still running.</summary>
        public void Dispose()
        {
            _stopping.Cancel();
            Dispose(true);
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>Frees what the cmdlet holds.</summary>
        protected virtual void Dispose(bool disposing)
        {
        }
    }
}
