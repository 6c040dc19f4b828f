using System;
using Xunit;

namespace AsyncHttp.Tests;

/// <summary>A test class whose tests each get a fresh runspace with the module imported.</summary>
[Collection("PowerShell")]
public abstract class HostedTest : IDisposable
{
    protected HostedPowerShell Ps { get; } = new();

    public virtual void Dispose()
    {
        Ps.Dispose();
        GC.SuppressFinalize(this);
    }
}
