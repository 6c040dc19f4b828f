using System;
using System.IO;

namespace AsyncHttp.Tests;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built module's manifest, as the build lays it out.</summary>
    public static string ModuleManifest => Path.Combine(Root, "out", "AsyncHttp", "AsyncHttp.psd1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsyncHttp.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (with AsyncHttp.psd1) was not found above " + AppContext.BaseDirectory);
    }
}
