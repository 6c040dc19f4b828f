using System.Collections.Concurrent;
using System.Threading;

namespace AsyncHttp.TestServer;

/// <summary>What the server saw of one run (requests tagged with ?run=NAME): how many, how many at once, how many aborted.</summary>
public sealed class RunStats
{
    private long _count;
    private long _inFlight;
    private long _maxInFlight;
    private long _aborted;

    public long Count => Interlocked.Read(ref _count);
    public long InFlight => Interlocked.Read(ref _inFlight);
    public long MaxInFlight => Interlocked.Read(ref _maxInFlight);
    public long Aborted => Interlocked.Read(ref _aborted);

    public void Enter()
    {
        Interlocked.Increment(ref _count);
        long now = Interlocked.Increment(ref _inFlight);
        long max;
        while (now > (max = Interlocked.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }
    }

    public void Leave(bool aborted)
    {
        Interlocked.Decrement(ref _inFlight);
        if (aborted)
        {
            Interlocked.Increment(ref _aborted);
        }
    }

    public object ToJson() => new { count = Count, inFlight = InFlight, maxInFlight = MaxInFlight, aborted = Aborted };
}

/// <summary>Stats per run name, and hit times per counter key.</summary>
public sealed class ServerState
{
    public ConcurrentDictionary<string, RunStats> Runs { get; } = new();
    public ConcurrentDictionary<string, ConcurrentQueue<double>> Hits { get; } = new();
}
