using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp.Bench;

/// <summary>
/// WebSocket messages echoed per second: raw ClientWebSocket, the engine's WebSocketConnection, and the cmdlets
/// (Send-WebSocketMessage and Receive-WebSocketMessage in the hosted engine), against the test server's /ws/echo, in the
/// same run. Each contender sends a window of messages, then receives their echoes, until all came back: a window of 1
/// measures round trips, a larger one throughput.
/// </summary>
internal static class WebSocketBench
{
    private static readonly string Payload = new('x', 100);

    private sealed record Scenario(int Messages, int Window);

    public static async Task RunAsync(Runspace runspace, string baseUri, int rounds)
    {
        string echo = baseUri.Replace("http://", "ws://") + "ws/echo";
        var scenarios = new[] { new Scenario(2_000, 1), new Scenario(20_000, 500) };
        Console.WriteLine();
        Console.WriteLine("| 100-byte messages echoed | contender | wall (median) | messages/s | rate vs raw ClientWebSocket |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        using var raw = new ClientWebSocket();
        await raw.ConnectAsync(new Uri(echo), CancellationToken.None);
        using var session = new HttpSession(new SessionOptions());
        using WebSocketConnection engine = await WebSocketConnection.ConnectAsync(session, new WebSocketOptions { Uri = echo }, CancellationToken.None);
        Program.Invoke(runspace, $"$ws = Connect-WebSocket '{echo}'; $payload = '{Payload}'");
        foreach (Scenario scenario in scenarios)
        {
            var contenders = new (string Name, Func<Task<TimeSpan>> Run)[]
            {
                ("raw ClientWebSocket (C#)", () => RawAsync(raw, scenario)),
                ("engine WebSocketConnection (C#)", () => EngineAsync(engine, scenario)),
                ("Send-/Receive-WebSocketMessage", () => Task.FromResult(Cmdlets(runspace, scenario))),
            };
            foreach (var contender in contenders)
            {
                await contender.Run();
            }
            var samples = contenders.Select(_ => new List<TimeSpan>()).ToArray();
            for (int round = 0; round < rounds; round++)
            {
                for (int c = 0; c < contenders.Length; c++)
                {
                    samples[c].Add(await contenders[c].Run());
                }
            }
            TimeSpan rawWall = Median(samples[0]);
            for (int c = 0; c < contenders.Length; c++)
            {
                TimeSpan wall = Median(samples[c]);
                Console.WriteLine($"| {scenario.Messages} in windows of {scenario.Window} | {contenders[c].Name} | {wall.TotalMilliseconds:0} ms | " +
                    $"{scenario.Messages / wall.TotalSeconds:0} | {rawWall / wall:0.00}x |");
            }
        }
        Program.Invoke(runspace, "Close-WebSocket $ws");
        await engine.CloseAsync(1000, null, TimeSpan.FromSeconds(5), CancellationToken.None);
        await raw.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private static async Task<TimeSpan> RawAsync(ClientWebSocket socket, Scenario scenario)
    {
        byte[] message = Encoding.UTF8.GetBytes(Payload);
        byte[] buffer = new byte[16 * 1024];
        var clock = Stopwatch.StartNew();
        for (int sent = 0; sent < scenario.Messages; sent += scenario.Window)
        {
            for (int i = 0; i < scenario.Window; i++)
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            for (int i = 0; i < scenario.Window; i++)
            {
                ValueWebSocketReceiveResult result;
                int length = 0;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                // As the module does: each message becomes a string.
                if (Encoding.UTF8.GetString(buffer, 0, length).Length != Payload.Length)
                {
                    throw new InvalidOperationException("A raw echo came back changed.");
                }
            }
        }
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> EngineAsync(WebSocketConnection connection, Scenario scenario)
    {
        var clock = Stopwatch.StartNew();
        for (int sent = 0; sent < scenario.Messages; sent += scenario.Window)
        {
            for (int i = 0; i < scenario.Window; i++)
            {
                await connection.SendTextAsync(Payload, CancellationToken.None);
            }
            for (int i = 0; i < scenario.Window; i++)
            {
                if (await connection.ReceiveAsync(Timeout.InfiniteTimeSpan, CancellationToken.None) is not WebSocketMessage { Text.Length: 100 })
                {
                    throw new InvalidOperationException("An engine echo came back changed.");
                }
            }
        }
        return clock.Elapsed;
    }

    private static TimeSpan Cmdlets(Runspace runspace, Scenario scenario)
    {
        // The window's messages are made before the clock starts; the clock covers sending them and receiving the echoes.
        var output = Program.Invoke(runspace, $$"""
            $window = @($payload) * {{scenario.Window}}
            $got = 0
            $clock = [Diagnostics.Stopwatch]::StartNew()
            for ($sent = 0; $sent -lt {{scenario.Messages}}; $sent += {{scenario.Window}}) {
                $window | Send-WebSocketMessage $ws
                $got += @(Receive-WebSocketMessage $ws -Count {{scenario.Window}}).Count
            }
            $clock.Stop()
            $clock.Elapsed
            $got
            """);
        if ((int)output[1].BaseObject != scenario.Messages)
        {
            throw new InvalidOperationException($"Only {output[1]} of {scenario.Messages} echoes came back to the cmdlets.");
        }
        return (TimeSpan)output[0].BaseObject;
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
}
