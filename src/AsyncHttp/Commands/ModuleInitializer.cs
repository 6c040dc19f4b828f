using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// On Windows PowerShell 5.1 (.NET Framework) there are no load contexts and no binding redirects for a module:
    /// the dependencies shipped beside the module (System.Text.Json, System.Memory, …) ask for each other in versions
    /// that differ from the ones shipped. This resolves any assembly asked for by name from the module's folder.
    /// On PowerShell 7 the loader's private load context does that work, and this does nothing.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string Folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        /// <inheritdoc/>
        public void OnImport()
        {
            if (IsNetFramework())
            {
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
        }

        /// <inheritdoc/>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string path = Path.Combine(Folder, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        private static bool IsNetFramework() =>
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
    }
}
