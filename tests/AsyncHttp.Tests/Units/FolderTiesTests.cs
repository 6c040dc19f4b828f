using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace AsyncHttp.Tests.Units;

public sealed class FolderTiesTests
{
    [Fact]
    public void No_two_engine_folders_reference_each_other_both_ways()
    {
        using PowerShell shell = PowerShell.Create();
        shell.AddCommand(Path.Combine(RepoPaths.Root, "tools", "Test-FolderTies.ps1"))
            .AddParameter("Path", Path.Combine(RepoPaths.Root, "src", "AsyncHttp.Engine"));
        string[] twoWay = shell.Invoke().Select(o => o.ToString()).ToArray();

        Assert.False(shell.HadErrors, string.Join("\n", shell.Streams.Error));
        Assert.True(twoWay.Length == 0, "Two-way ties:\n" + string.Join("\n", twoWay));
    }
}
