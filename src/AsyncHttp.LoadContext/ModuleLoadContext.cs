using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AsyncHttp.Loading
{
    /// <summary>
    /// A private load context for the module's dependencies (Polly, …): when PowerShell's context cannot find
    /// one of them, it is loaded here from the module's folder, so that other modules that load other versions
    /// neither break us nor are broken by us. The module's own assemblies stay in PowerShell's context, so that
    /// scripts can name their types ([AsyncHttp.ErrorKind], [AsyncHttp.HttpSession]).
    /// </summary>
    public sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static ModuleLoadContext? _instance;
        private readonly string _folder;

        private ModuleLoadContext(string folder) : base("AsyncHttp.Dependencies", isCollectible: false)
        {
            _folder = folder;
        }

        /// <summary>Starts resolving the module's dependencies; once per process, however often the module is imported.</summary>
        public static void Register(string folder)
        {
            lock (Gate)
            {
                if (_instance is not null)
                {
                    return;
                }
                _instance = new ModuleLoadContext(folder);
                Default.Resolving += (context, name) => _instance.ResolveDependency(name);
            }
        }

        /// <inheritdoc/>
        protected override Assembly? Load(AssemblyName assemblyName) => null;

        private Assembly? ResolveDependency(AssemblyName name)
        {
            // Our own assemblies load in PowerShell's context; only third-party dependencies come here.
            if (name.Name is null || name.Name.StartsWith("AsyncHttp", System.StringComparison.Ordinal))
            {
                return null;
            }
            string path = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
