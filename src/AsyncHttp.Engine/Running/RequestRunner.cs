using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// Runs requests concurrently for one consumer thread: at most ThrottleLimit in flight, results handed back
    /// as they complete (or in input order, within a bounded window). The consumer alone calls
    /// <see cref="Submit"/>, <see cref="TryTake"/> and <see cref="WaitAsync"/>; requests complete on pool threads.
    /// Memory is bounded by the limit and the window, never by the number of requests.
    /// </summary>
    public sealed class RequestRunner : IDisposable
    {
        private readonly Channel<HttpResult> _completed =
            Channel.CreateUnbounded<HttpResult>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        private readonly Queue<HttpResult> _ready = new Queue<HttpResult>();
        private readonly SortedDictionary<long, HttpResult>? _reorder;
        private readonly CancellationTokenSource _cancel;
        // One count per request running, and one for the runner itself until it is disposed.
        private readonly CountdownEvent _running = new CountdownEvent(1);
        private readonly RunContext _run;
        private readonly int _throttleLimit;
        private readonly int _window;
        private readonly InputPartition? _partition;
        private long _inputs;
        private long _submitted;
        private long _completedCount;
        private long _taken;
        private long _nextInOrder;
        private int _disposed;

        /// <summary>Starts a run on <paramref name="session"/>; <paramref name="cancellationToken"/> stops it.</summary>
        public RequestRunner(HttpSession session, RunOptions options, CancellationToken cancellationToken)
        {
            session.ThrowIfClosed();
            options.Validate();
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.ClosingToken);
            _run = new RunContext(session, options, _cancel.Token);
            _throttleLimit = options.ThrottleLimit;
            _window = options.Ordered ? options.EffectiveReorderWindow : options.ThrottleLimit;
            _reorder = options.Ordered ? new SortedDictionary<long, HttpResult>() : null;
            _partition = options.Partition;
            _nextInOrder = _partition?.PositionOf(0) ?? 0;
            if (options.Events is TraceEvents events)
            {
                session.Trace.Subscribe(events);
            }
        }

        /// <summary>Whether another request may start now without passing the limit or the reorder window.</summary>
        public bool HasRoom => InFlight < _throttleLimit && _submitted - _taken < _window;

        /// <summary>Requests started and not yet complete.</summary>
        public long InFlight => _submitted - _completedCount;

        /// <summary>Requests submitted whose results have not been taken.</summary>
        public long Pending => _submitted - _taken;

        /// <summary>Requests submitted so far.</summary>
        public long Submitted => _submitted;

        /// <summary>
        /// Counts one input and says whether this run sends it: every input, unless <see cref="RunOptions.Partition"/>
        /// gives the run a share of them. Call it once per input, in input order, and submit exactly the inputs it admits.
        /// </summary>
        public bool Admit()
        {
            long position = _inputs++;
            return _partition is null || _partition.Contains(position);
        }

        /// <summary>Starts a request. Call only when <see cref="HasRoom"/>; the request's result comes back once, whatever happens.</summary>
        public void Submit(RequestSpec spec)
        {
            if (!HasRoom)
            {
                throw new InvalidOperationException("The run is at its limit; take results before submitting more.");
            }
            // The Index is the position in the whole input, also when this run sends a share of it.
            long index = _partition?.PositionOf(_submitted) ?? _submitted;
            _submitted++;
            _running.AddCount();
            _ = RunOneAsync(spec, index);
        }

        /// <summary>Takes the next result that may be handed out now, without waiting.</summary>
        public bool TryTake(out HttpResult result)
        {
            Collect();
            if (_ready.Count > 0)
            {
                result = _ready.Dequeue();
                _taken++;
                return true;
            }
            result = null!;
            return false;
        }

        /// <summary>Waits until a request completes; returns false when none is in flight.</summary>
        public async Task<bool> WaitAsync(CancellationToken cancellationToken)
        {
            if (InFlight == 0 && _completed.Reader.Count == 0)
            {
                return false;
            }
            return await _completed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Stops every request in flight.</summary>
        public void Cancel() => _cancel.Cancel();

        /// <summary>
        /// Stops what is in flight and waits until it has ended, so that nothing of the run goes on after it: no
        /// request still sending, no partial file of -OutDirectory left to be deleted later. Each request ends
        /// promptly once cancelled.
        /// </summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            _cancel.Cancel();
            _running.Signal();
            _running.Wait();
            if (_run.Events is TraceEvents events)
            {
                _run.Session.Trace.Unsubscribe(events);
            }
            // After the wait, so that the requests just stopped are in the file too.
            _run.Session.Trace.File?.Flush();
            _cancel.Dispose();
            _running.Dispose();
        }

        private async Task RunOneAsync(RequestSpec spec, long index)
        {
            try
            {
                // Leave the consumer's thread at once: it must go back to reading input and writing results.
                await Task.Yield();
                // OpenAsync itself, not a wrapper around it: one async layer less on every request.
                (HttpResult result, OpenBody? open) = await RequestExecutor.OpenAsync(_run, spec, index).ConfigureAwait(false);
                open?.Dispose();
                _completed.Writer.TryWrite(result);
            }
            finally
            {
                _running.Signal();
            }
        }

        private void Collect()
        {
            while (_completed.Reader.TryRead(out HttpResult? result))
            {
                _completedCount++;
                if (_reorder is null)
                {
                    _ready.Enqueue(result);
                    continue;
                }
                _reorder.Add(result.Index, result);
                while (_reorder.TryGetValue(_nextInOrder, out HttpResult? next))
                {
                    _reorder.Remove(_nextInOrder);
                    _nextInOrder += _partition?.Count ?? 1;
                    _ready.Enqueue(next);
                }
            }
        }
    }
}
