using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// Streams a body to disk. The file appears only when complete (written as "&lt;path&gt;.partial", then renamed), so no
    /// failure leaves a corrupt file behind. With resume, the partial file and the server's validator (ETag or
    /// Last-Modified, kept in "&lt;path&gt;.partial.validator") are kept for the next attempt, which sends Range and If-Range;
    /// a server that answers 200 instead of 206 gets a clean start over.
    /// </summary>
    public static class FileDownload
    {
        private const int BufferSize = 128 * 1024;

        /// <summary>Downloads; returns the result, or a failed <see cref="HttpResult"/> as the second value.</summary>
        public static async Task<(DownloadResult? Download, HttpResult? Failure)> DownloadAsync(
            HttpSession session, RequestSpec spec, DownloadOptions options, TransferProgress progress, CancellationToken cancellationToken)
        {
            session.ThrowIfClosed();
            string path = System.IO.Path.GetFullPath(options.Path);
            string partial = path + ".partial";
            string validatorFile = partial + ".validator";
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.ClosingToken);

            long existing = 0;
            string? validator = null;
            if (options.Resume && File.Exists(partial) && File.Exists(validatorFile))
            {
                existing = new FileInfo(partial).Length;
                validator = File.ReadAllText(validatorFile).Trim();
            }
            RequestSpec request = existing > 0 && validator!.Length > 0 ? WithRange(spec, existing, validator) : spec;

            (HttpResult opened, OpenBody? body) = await StreamOpener.OpenAsync(session, request, options.Stream, cancel.Token).ConfigureAwait(false);
            if (opened.StatusCode == 416 && request != spec)
            {
                // The partial file no longer fits what the server has: start over.
                body?.Dispose();
                request = spec;
                existing = 0;
                (opened, body) = await StreamOpener.OpenAsync(session, request, options.Stream, cancel.Token).ConfigureAwait(false);
            }
            if (body is null)
            {
                return (null, opened);
            }
            using HttpResponseMessage response = body.Response;
            bool resumed = response.StatusCode == System.Net.HttpStatusCode.PartialContent
                && response.Content.Headers.ContentRange?.From == existing && request != spec;
            if (!resumed)
            {
                existing = 0;
            }
            long? total = response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength;
            progress.Start(existing, total);
            if (options.Resume)
            {
                File.WriteAllText(validatorFile, ValidatorOf(response) ?? string.Empty);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long transferred = 0;
            try
            {
                using (var file = new FileStream(partial, resumed ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1, useAsync: true))
                {
                    if (resumed)
                    {
                        await HashExistingAsync(file, existing, hash, cancel.Token).ConfigureAwait(false);
                    }
                    file.SetLength(existing);
                    file.Position = existing;
                    transferred = await CopyAsync(response, file, hash, progress, options.Stream.ReadTimeout ?? session.Options.ReadTimeout, cancel.Token).ConfigureAwait(false);
                }
                long expected = response.Content.Headers.ContentLength ?? -1;
                if (expected >= 0 && transferred != expected && response.Content.Headers.ContentEncoding.Count == 0)
                {
                    throw new PayloadException($"The body ended after {transferred} of {expected} bytes.", transferred, null);
                }
            }
            catch (Exception ex)
            {
                if (!options.Resume)
                {
                    TryDelete(partial);
                }
                opened.Error = HttpErrors.FromException(ex, new FailureScene
                {
                    Stage = FailureStage.Download,
                    Uri = opened.RequestUri,
                    SessionClosed = session.IsClosed,
                    StatusCode = opened.StatusCode,
                    Attempts = opened.Attempts,
                    BytesReceived = existing + transferred,
                });
                opened.ContentLength = existing + transferred;
                return (null, opened);
            }

            BodyFile.Replace(partial, path);
            TryDelete(validatorFile);
            return (new DownloadResult
            {
                Path = path,
                Uri = opened.Uri,
                Bytes = existing + transferred,
                BytesTransferred = transferred,
                Resumed = resumed,
                Elapsed = clock.Elapsed,
                Sha256 = ToHex(hash.GetHashAndReset()),
                StatusCode = (int)response.StatusCode,
            }, null);
        }

        private static async Task<long> CopyAsync(HttpResponseMessage response, FileStream file, IncrementalHash hash, TransferProgress progress, TimeSpan readTimeout, CancellationToken cancellationToken)
        {
            Stream body = await SilentRead.OpenAsync(response.Content, cancellationToken).ConfigureAwait(false);
            long received = 0;
            long transferred = 0;
            // The network read of the next buffers, the write of this one and its hashing all overlap.
            using var ahead = new ReadAhead(
                async (buffer, token) =>
                {
                    int count = await SilentRead.ReadBodyAsync(body, buffer, 0, buffer.Length, received, readTimeout, token).ConfigureAwait(false);
                    received += count;
                    return count;
                },
                cancellationToken);
            while (true)
            {
                System.Collections.Generic.IReadOnlyList<ArraySegment<byte>> taken = await ahead.TakeAsync(cancellationToken).ConfigureAwait(false);
                if (taken.Count == 0)
                {
                    return transferred;
                }
                foreach (ArraySegment<byte> segment in taken)
                {
                    Task write = file.WriteAsync(segment.Array!, 0, segment.Count, cancellationToken);
                    hash.AppendData(segment.Array!, 0, segment.Count);
                    await write.ConfigureAwait(false);
                    transferred += segment.Count;
                    progress.Add(segment.Count);
                }
                ahead.Release();
            }
        }

        private static async Task HashExistingAsync(FileStream file, long length, IncrementalHash hash, CancellationToken cancellationToken)
        {
            byte[] buffer = new byte[BufferSize];
            file.Position = 0;
            long left = length;
            while (left > 0)
            {
                int read = await file.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, left), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                hash.AppendData(buffer, 0, read);
                left -= read;
            }
        }

        private static RequestSpec WithRange(RequestSpec spec, long from, string validator)
        {
            var headers = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>>();
            if (spec.Headers is not null)
            {
                headers.AddRange(spec.Headers);
            }
            headers.Add(new System.Collections.Generic.KeyValuePair<string, string>("Range", $"bytes={from}-"));
            headers.Add(new System.Collections.Generic.KeyValuePair<string, string>("If-Range", validator));
            return new RequestSpec { Uri = spec.Uri, Method = spec.Method, Headers = headers, Body = spec.Body, ContentType = spec.ContentType, Tag = spec.Tag };
        }

        /// <summary>A strong ETag, else Last-Modified: what If-Range may carry.</summary>
        private static string? ValidatorOf(HttpResponseMessage response)
        {
            EntityTagHeaderValue? tag = response.Headers.ETag;
            if (tag is not null && !tag.IsWeak)
            {
                return tag.ToString();
            }
            return response.Content.Headers.LastModified?.ToString("R");
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Best effort: a file still open elsewhere is left for the next run.
            }
        }

        private static string ToHex(byte[] bytes)
        {
            var text = new System.Text.StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes)
            {
                text.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            return text.ToString();
        }
    }
}
