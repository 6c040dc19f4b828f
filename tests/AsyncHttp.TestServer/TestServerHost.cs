using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsyncHttp.TestServer;

/// <summary>Starts the test server in this process on 127.0.0.1: plain HTTP on one port, TLS with a self-signed certificate on another.</summary>
public sealed class TestServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServerHost(WebApplication app, Uri baseUri, Uri tlsUri, ServerState state)
    {
        _app = app;
        BaseUri = baseUri;
        TlsUri = tlsUri;
        State = state;
    }

    /// <summary>The plain HTTP address, ending in a slash.</summary>
    public Uri BaseUri { get; }

    /// <summary>The HTTPS address (self-signed certificate), ending in a slash.</summary>
    public Uri TlsUri { get; }

    public ServerState State { get; }

    /// <summary>Starts on the given ports; 0 picks free ones.</summary>
    public static async Task<TestServerHost> StartAsync(int port = 0, int tlsPort = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        X509Certificate2 certificate = SelfSignedCertificate.Create();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Listen(IPAddress.Loopback, tlsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            });
        });
        var state = new ServerState();
        builder.Services.AddSingleton(state);
        WebApplication app = builder.Build();
        Endpoints.Map(app, state);
        await app.StartAsync().ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Uri http = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)) + "/");
        Uri https = new Uri(addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)) + "/");
        return new TestServerHost(app, http, https, state);
    }

    /// <summary>What the server saw of one run.</summary>
    public RunStats Stats(string run) => State.Runs.GetOrAdd(run, _ => new RunStats());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
