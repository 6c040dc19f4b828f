using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp.Conversion
{
    /// <summary>
    /// Runs a mock rule's script block for each request it answers. Requests arrive on thread-pool threads, where no
    /// runspace may run a script block bound to the caller's runspace (whose thread is busy waiting for the results). So the
    /// script block's text runs in a runspace of its own, one call at a time, on that runspace's thread; the request is
    /// $Request and the first argument, then -ArgumentList, whose objects are shared with the caller by reference.
    /// </summary>
    internal sealed class MockScriptResponder : IDisposable
    {
        private readonly string _script;
        private readonly object?[] _arguments;
        private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1);
        private Runspace? _runspace;

        public MockScriptResponder(ScriptBlock scriptBlock, object?[]? arguments)
        {
            _script = scriptBlock.ToString();
            _arguments = arguments ?? Array.Empty<object?>();
        }

        public async Task<HttpMockResponse> AnswerAsync(HttpMockCall call, CancellationToken cancellationToken)
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_runspace is null)
                {
                    _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
                    _runspace.Open();
                }
                _runspace.SessionStateProxy.SetVariable("Request", call);
                using PowerShell shell = PowerShell.Create();
                shell.Runspace = _runspace;
                shell.AddScript(_script, useLocalScope: true).AddArgument(call);
                foreach (object? argument in _arguments)
                {
                    shell.AddArgument(argument);
                }
                PSDataCollection<PSObject> output;
                using (cancellationToken.Register(() => shell.BeginStop(null, null)))
                {
                    IAsyncResult running = shell.BeginInvoke();
                    output = await Task.Factory.FromAsync(running, shell.EndInvoke).ConfigureAwait(false);
                }
                if (shell.Streams.Error.Count > 0)
                {
                    throw new InvalidRequestException($"The mock rule's script block failed for {call}: {shell.Streams.Error[0]}");
                }
                return MockResponseInput.FromOutput(output);
            }
            catch (PipelineStoppedException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RuntimeException ex)
            {
                throw new InvalidRequestException($"The mock rule's script block failed for {call}: {ex.Message}");
            }
            catch (ArgumentException ex)
            {
                throw new InvalidRequestException($"The mock rule's script block gave no usable answer for {call}: {ex.Message}");
            }
            finally
            {
                _turn.Release();
            }
        }

        /// <summary>Closes the runspace; the next call opens another.</summary>
        public void Dispose()
        {
            _turn.Wait();
            try
            {
                _runspace?.Dispose();
                _runspace = null;
            }
            finally
            {
                _turn.Release();
            }
        }
    }
}
