#if NET
using System.Diagnostics;

namespace AsyncHttp
{
    /// <summary>
    /// The module's spans, for OpenTelemetry exporters and dotnet-trace: "AsyncHttp.Request" per request with an
    /// "AsyncHttp.Attempt" child per attempt (the handler's own HTTP span nests under the attempt). Only the
    /// PowerShell 7 build has them: Windows PowerShell's framework has no ActivitySource.
    /// </summary>
    internal static class ModuleActivity
    {
        public const string SourceName = "AsyncHttp";

        public static readonly ActivitySource Source = new ActivitySource(SourceName, typeof(ModuleActivity).Assembly.GetName().Version?.ToString());
    }
}
#endif
