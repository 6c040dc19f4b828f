using System;
using System.Management.Automation;
using System.Threading.Tasks;

namespace AsyncHttp.Commands
{
    /// <summary>What the WebSocket cmdlets share: waiting for the engine on the pipeline thread, stopped by Ctrl+C.</summary>
    public abstract class WebSocketCmdlet : AsyncHttpCmdlet
    {
        /// <summary>Waits for the task; Ctrl+C (StopProcessing) ends the wait and the command.</summary>
        protected T Bridge<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Waits for the task; Ctrl+C (StopProcessing) ends the wait and the command.</summary>
        protected void Bridge(Task task) => Bridge(WithResult(task));

        /// <summary>Writes the failure as a non-terminating error.</summary>
        protected void WriteFailure(WebSocketFailedException failure, WebSocketConnection? connection) =>
            WriteError(Conversion.WebSocketErrorRecords.For(failure, connection));

        private static async Task<bool> WithResult(Task task)
        {
            await task.ConfigureAwait(false);
            return true;
        }
    }
}
