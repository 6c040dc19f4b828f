using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AsyncHttp.TestServer;

// Usage: AsyncHttp.TestServer [--port N] [--tls-port N] [--unix-socket PATH] [--parent-pid PID]
// Prints "Listening on <http> <https> <https, client certificate required> <https, TLS 1.2 only>" once ready; stops on Ctrl+C, SIGTERM, or when the parent process exits.
int port = 0, tlsPort = 0, parentPid = 0;
string? unixSocket = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1]); break;
        case "--tls-port": tlsPort = int.Parse(args[i + 1]); break;
        case "--unix-socket": unixSocket = args[i + 1]; break;
        case "--parent-pid": parentPid = int.Parse(args[i + 1]); break;
        default: Console.Error.WriteLine($"Unknown option '{args[i]}'."); return 2;
    }
}

await using TestServerHost server = await TestServerHost.StartAsync(port, tlsPort, unixSocket);
Console.WriteLine($"Listening on {server.BaseUri} {server.TlsUri} {server.MutualTlsUri} {server.Tls12Uri}");
Console.Out.Flush();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
if (parentPid > 0)
{
    _ = Task.Run(async () =>
    {
        using Process parent = Process.GetProcessById(parentPid);
        await parent.WaitForExitAsync();
        stop.Cancel();
    });
}
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;
