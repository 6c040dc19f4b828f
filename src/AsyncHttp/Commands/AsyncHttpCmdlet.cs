using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

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
            try
            {
                session.ThrowIfClosed();
            }
            catch (ObjectDisposedException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "AsyncHttp.SessionClosed", ErrorCategory.InvalidOperation, session));
            }
            return session;
        }

        /// <summary>Whether the caller gave the parameter: an unset one leaves the session's value (the engine's nulls).</summary>
        protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>
        /// The one bridge from the engine to the pipeline thread: blocks until the engine's task is done, and turns a stop
        /// into <see cref="PipelineStoppedException"/>. Every task a cmdlet waits for honours <see cref="CancelToken"/>,
        /// so Ctrl+C ends the wait promptly.
        /// </summary>
        protected T Await<T>(Task<T> task)
        {
            Await((Task)task);
            return task.Result;
        }

        /// <inheritdoc cref="Await{T}(Task{T})"/>
        protected void Await(Task task)
        {
            WaitFor(task, Timeout.InfiniteTimeSpan);
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Waits for the task up to <paramref name="timeout"/>, so the pipeline thread can report progress between waits; false when time ran out.</summary>
        protected static bool WaitFor(Task task, TimeSpan timeout) =>
            // A kernel wait, not a spinning one: on a busy machine the spinning would take cycles from the requests.
            task.IsCompleted || ((IAsyncResult)task).AsyncWaitHandle.WaitOne(timeout);

        /// <summary>
        /// Saves the session's cookie jar to its file, after the results are out: a save that fails (the file was made
        /// read-only, the disk is full) is one non-terminating error, and no result is lost.
        /// </summary>
        protected void SaveCookieFile(HttpSession session)
        {
            try
            {
                session.SaveCookieFile();
            }
            catch (System.IO.IOException ex)
            {
                WriteError(CookieFileNotSaved(ex, session));
            }
        }

        /// <summary>The error of a cookie jar that could not be saved to its file.</summary>
        protected static ErrorRecord CookieFileNotSaved(System.IO.IOException exception, HttpSession session) =>
            new ErrorRecord(exception, "AsyncHttp.CookieFileNotSaved", ErrorCategory.WriteError, session.Options.CookieFile);

        /// <summary>Whether an error ends the command: -ErrorAction Stop, or $ErrorActionPreference 'Stop' without -ErrorAction.</summary>
        protected bool ErrorsStop()
        {
            object? preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? bound) ? bound : GetVariableValue("ErrorActionPreference");
            return string.Equals((preference is PSObject wrapped ? wrapped.BaseObject : preference)?.ToString(), nameof(ActionPreference.Stop), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The queue a run reports its events to: Debug ones (DNS, connections) when debug output shows, Verbose ones
        /// (retries, redirects) when verbose output does; null when neither does, so that nothing is made for no one.
        /// </summary>
        protected TraceEvents? CreateTraceEvents() =>
            Shows("Debug", "DebugPreference") ? new TraceEvents(TraceLevel.Debug)
            : Shows("Verbose", "VerbosePreference") ? new TraceEvents(TraceLevel.Verbose)
            : null;

        /// <summary>Writes what the engine queued, on the pipeline thread: the other half of the bridge.</summary>
        protected void WriteTraceEvents(TraceEvents? events)
        {
            if (events is null)
            {
                return;
            }
            while (events.TryTake(out TraceEvent traceEvent))
            {
                if (traceEvent.Level == TraceLevel.Debug)
                {
                    WriteDebug(traceEvent.Message);
                }
                else
                {
                    WriteVerbose(traceEvent.Message);
                }
            }
        }

        /// <summary>Whether a stream shows: its common parameter when given, else its preference variable.</summary>
        protected bool Shows(string parameterName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameterName, out object? value))
            {
                return value is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(value);
            }
            string? preference = GetVariableValue(preferenceVariable)?.ToString();
            return preference is not null && preference != nameof(ActionPreference.SilentlyContinue) && preference != nameof(ActionPreference.Ignore);
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
