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

        /// <summary>
        /// The session's timeouts and retries with what this call overrides (-TimeoutSec, -AttemptTimeoutSec,
        /// -MaximumRetryCount, -RetryIntervalSec, where the cmdlet has them); null when it overrides none.
        /// </summary>
        protected ResilienceOptions? ResilienceOverrides(HttpSession session, int timeoutSec, int attemptTimeoutSec, int maximumRetryCount, double retryIntervalSec)
        {
            var bound = MyInvocation.BoundParameters;
            bool timeout = bound.ContainsKey("TimeoutSec"), attempt = bound.ContainsKey("AttemptTimeoutSec");
            bool retries = bound.ContainsKey("MaximumRetryCount"), interval = bound.ContainsKey("RetryIntervalSec");
            if (!(timeout || attempt || retries || interval))
            {
                return null;
            }
            ResilienceOptions options = session.Options.Resilience.Clone();
            if (timeout)
            {
                options.Timeout = Seconds.ToTimeout(timeoutSec);
                if (!attempt && timeoutSec > 0 && options.AttemptTimeout > options.Timeout)
                {
                    // A shorter total for this call narrows the session's attempt timeout rather than contradicting it.
                    options.AttemptTimeout = options.Timeout;
                }
            }
            if (attempt)
            {
                options.AttemptTimeout = TimeSpan.FromSeconds(attemptTimeoutSec);
            }
            if (retries)
            {
                options.MaximumRetryCount = maximumRetryCount;
            }
            if (interval)
            {
                options.RetryInterval = TimeSpan.FromSeconds(retryIntervalSec);
            }
            return options;
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
