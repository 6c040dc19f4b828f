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
using Microsoft.AspNetCore.Server.Kestrel.Https;
using System.Collections.Generic;
using System.Security.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsyncHttp.TestServer;

/// <summary>Starts the test server in this process on 127.0.0.1: plain HTTP on one port, TLS with a self-signed certificate on another.</summary>
public sealed class TestServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServerHost(WebApplication app, Uri[] uris, ServerState state)
    {
        _app = app;
        BaseUri = uris[0];
        TlsUri = uris[1];
        MutualTlsUri = uris[2];
        Tls12Uri = uris[3];
        State = state;
    }

    /// <summary>HTTPS that requires a client certificate (any is accepted), ending in a slash.</summary>
    public Uri MutualTlsUri { get; }

    /// <summary>HTTPS that speaks TLS 1.2 only, ending in a slash.</summary>
    public Uri Tls12Uri { get; }

    /// <summary>The plain HTTP address, ending in a slash.</summary>
    public Uri BaseUri { get; }

    /// <summary>The HTTPS address (self-signed certificate), ending in a slash.</summary>
    public Uri TlsUri { get; }

    public ServerState State { get; }

    /// <summary>Starts on the given ports; 0 picks free ones.</summary>
    public static async Task<TestServerHost> StartAsync(int port = 0, int tlsPort = 0, string? unixSocket = null)
    {
        var listeners = new List<ListenOptions>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        X509Certificate2 certificate = SelfSignedCertificate.Create();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, port, listen => listeners.Add(listen));
            if (unixSocket is not null)
            {
                // The same endpoints on a Unix domain socket, for sessions made with -UnixSocket.
                kestrel.ListenUnixSocket(unixSocket);
            }
            kestrel.Listen(IPAddress.Loopback, tlsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
                listeners.Add(listen);
            });
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
                listeners.Add(listen);
            });
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    https.SslProtocols = SslProtocols.Tls12;
                });
                listeners.Add(listen);
            });
        });
        var state = new ServerState();
        builder.Services.AddSingleton(state);
        WebApplication app = builder.Build();
        Endpoints.Map(app, state);
        await app.StartAsync().ConfigureAwait(false);

        // Ports chosen by the system are known once bound, in the order the listeners were declared.
        Uri[] uris = listeners.Select((l, i) => new Uri($"{(i == 0 ? "http" : "https")}://127.0.0.1:{((IPEndPoint)l.EndPoint).Port}/")).ToArray();
        return new TestServerHost(app, uris, state);
    }

    /// <summary>What the server saw of one run.</summary>
    public RunStats Stats(string run) => State.Runs.GetOrAdd(run, _ => new RunStats());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
