using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp.Tests;

/// <summary>
/// A clock that moves only when a test moves it: timers fire as <see cref="Advance"/> passes their due time. Given to a
/// session, it makes backoff, Retry-After and the circuit breaker wait for the test instead of for real time.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<Timer> _timers = new();
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Waits, in real time, until a timer due within <paramref name="atMost"/> is pending (a backoff delay, not a
    /// timeout of minutes), and returns how long it waits.
    /// </summary>
    public async Task<TimeSpan> NextWaitAsync(TimeSpan atMost)
    {
        var patience = Stopwatch.StartNew();
        while (patience.Elapsed < TimeSpan.FromSeconds(10))
        {
            lock (_gate)
            {
                TimeSpan[] waits = _timers.Select(t => t.Due - _now).Where(w => w <= atMost).OrderBy(w => w).ToArray();
                if (waits.Length > 0)
                {
                    return waits[0];
                }
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"No timer due within {atMost} was started.");
    }

    /// <summary>Moves the clock on, firing each timer as its due time is passed, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }
        while (true)
        {
            Timer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }
                _now = next.Due;
                next.Rearm();
            }
            next.Fire();
        }
    }

    private sealed class Timer : ITimer
    {
        private readonly ManualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private TimeSpan _period;

        public Timer(ManualClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._gate)
            {
                _clock._timers.Remove(this);
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = _clock._now + dueTime;
                    _clock._timers.Add(this);
                }
            }
            return true;
        }

        /// <summary>Called under the clock's lock as the timer fires: periodic timers stay, others go.</summary>
        public void Rearm()
        {
            _clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                Due += _period;
                _clock._timers.Add(this);
            }
        }

        public void Fire() => _callback(_state);

        public void Dispose()
        {
            lock (_clock._gate)
            {
                _clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
