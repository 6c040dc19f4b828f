using Xunit;

namespace AsyncHttp.Tests;

/// <summary>PowerShell tests run one at a time: their timing assertions must not compete for the two cores.</summary>
[CollectionDefinition("PowerShell")]
public sealed class PowerShellCollection
{
}
