using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AsyncHttp.Tests;

/// <summary>
/// A runspace of the PowerShell engine with the built module imported by its manifest, as a user imports it.
/// $Server holds the test server's address. Scripts run as real script text; what comes out is kept stream by stream.
/// </summary>
public sealed class HostedPowerShell : IDisposable
{
    private readonly Runspace _runspace;

    public HostedPowerShell()
    {
        var state = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        _runspace.SessionStateProxy.SetVariable("Server", SharedServer.BaseUri.ToString().TrimEnd('/'));
        Run($"Import-Module '{RepoPaths.ModuleManifest}' -ErrorAction Stop").ThrowIfFailed();
    }

    public Runspace Runspace => _runspace;

    /// <summary>Runs a script to its end; a terminating error is kept, not thrown.</summary>
    public ScriptResult Run(string script)
    {
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        var output = new List<PSObject>();
        Exception? terminating = null;
        try
        {
            output.AddRange(shell.Invoke());
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }
        return new ScriptResult(output, shell.Streams.Error.ToList(), shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Verbose.Select(v => v.Message).ToList(), terminating);
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed record ScriptResult(
    List<PSObject> Output, List<ErrorRecord> Errors, List<string> Warnings, List<string> Verbose, Exception? Terminating)
{
    /// <summary>The output objects that are results of the module.</summary>
    public List<HttpResult> Results => Output.Select(o => o.BaseObject).OfType<HttpResult>().ToList();

    public ScriptResult ThrowIfFailed()
    {
        if (Terminating is not null)
        {
            throw new InvalidOperationException("The script failed: " + Terminating.Message, Terminating);
        }
        return this;
    }
}
