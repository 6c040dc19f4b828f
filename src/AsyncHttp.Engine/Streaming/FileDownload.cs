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

        /// <summary>
        /// Downloads; returns the result, or a failed <see cref="HttpResult"/> as the second value. The partial file is
        /// opened before the request is sent, so a destination that cannot be written fails as FileWrite with nothing sent.
        /// </summary>
        public static async Task<(DownloadResult? Download, HttpResult? Failure)> DownloadAsync(
            HttpSession session, RequestSpec spec, DownloadOptions options, TransferProgress progress, CancellationToken cancellationToken)
        {
            session.ThrowIfClosed();
            string path = System.IO.Path.GetFullPath(options.Path);
            string partial = path + ".partial";
            string validatorFile = partial + ".validator";
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.ClosingToken);

            bool partialExisted = File.Exists(partial);
            FileStream file;
            try
            {
                string folder = System.IO.Path.GetDirectoryName(path)!;
                if (!Directory.Exists(folder))
                {
                    throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
                }
                file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, useAsync: true);
            }
            catch (Exception ex) when (FileWriteException.IsFileFailure(ex))
            {
                return (null, NotSent(spec, new FileWriteException(path, ex, beforeSending: true)));
            }
            using (file)
            {
                var (download, failure) = await DownloadToAsync(file, session, spec, options, path, progress, cancel.Token).ConfigureAwait(false);
                if (download is not null)
                {
                    BodyFile.TryDelete(validatorFile);
                    download.Elapsed = clock.Elapsed;
                }
                else
                {
                    file.Dispose();
                    // A resumable partial file stays for the next -Resume; one this call made and never filled does not.
                    if (!options.Resume || (!partialExisted && new FileInfo(partial) is var left && (!left.Exists || left.Length == 0)))
                    {
                        BodyFile.TryDelete(partial);
                    }
                }
                return (download, failure);
            }
        }

        private static async Task<(DownloadResult? Download, HttpResult? Failure)> DownloadToAsync(
            FileStream file, HttpSession session, RequestSpec spec, DownloadOptions options, string path, TransferProgress progress, CancellationToken cancellationToken)
        {
            string validatorFile = path + ".partial.validator";
            long existing = 0;
            string? validator = null;
            string? restarted = null;
            if (options.Resume && File.Exists(validatorFile))
            {
                existing = file.Length;
                validator = ReadValidator(validatorFile);
                if (validator is null)
                {
                    // A damaged validator would make every later -Resume fail: drop it and the partial file, and start over.
                    restarted = $"The resume data of '{path}' was damaged; the download started over.";
                    existing = 0;
                    BodyFile.TryDelete(validatorFile);
                }
            }
            RequestSpec request = existing > 0 && validator!.Length > 0 ? WithRange(spec, existing, validator) : spec;

            (HttpResult opened, OpenBody? body) = await StreamOpener.OpenAsync(session, request, options.Stream, cancellationToken).ConfigureAwait(false);
            if (opened.StatusCode == 416 && request != spec)
            {
                // The partial file no longer fits what the server has: start over.
                body?.Dispose();
                request = spec;
                existing = 0;
                (opened, body) = await StreamOpener.OpenAsync(session, request, options.Stream, cancellationToken).ConfigureAwait(false);
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

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long transferred = 0;
            try
            {
                try
                {
                    if (options.Resume)
                    {
                        File.WriteAllText(validatorFile, ValidatorOf(response) ?? string.Empty);
                    }
                    if (resumed)
                    {
                        await HashExistingAsync(file, existing, hash, cancellationToken).ConfigureAwait(false);
                    }
                    file.SetLength(existing);
                    file.Position = existing;
                }
                catch (Exception ex) when (FileWriteException.IsFileFailure(ex))
                {
                    throw new FileWriteException(path, ex);
                }
                transferred = await CopyAsync(response, file, path, hash, progress, options.Stream.ReadTimeout ?? session.Options.ReadTimeout, cancellationToken).ConfigureAwait(false);
                long expected = response.Content.Headers.ContentLength ?? -1;
                if (expected >= 0 && transferred != expected && response.Content.Headers.ContentEncoding.Count == 0)
                {
                    throw new PayloadException($"The body ended after {transferred} of {expected} bytes.", transferred, null);
                }
                try
                {
                    // Closed before the move: Windows moves no open file.
                    file.Dispose();
                    BodyFile.Replace(file.Name, path);
                }
                catch (Exception ex) when (FileWriteException.IsFileFailure(ex))
                {
                    throw new FileWriteException(path, ex);
                }
            }
            catch (Exception ex)
            {
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

            return (new DownloadResult
            {
                Path = path,
                Uri = opened.Uri,
                Bytes = existing + transferred,
                BytesTransferred = transferred,
                Resumed = resumed,
                Sha256 = ToHex(hash.GetHashAndReset()),
                StatusCode = (int)response.StatusCode,
                RestartReason = restarted,
                Headers = opened.Headers,
            }, null);
        }

        /// <summary>The failed result of a request that was never sent.</summary>
        private static HttpResult NotSent(RequestSpec spec, Exception exception) => new HttpResult
        {
            Method = (spec.Method ?? "GET").Trim().ToUpperInvariant(),
            Error = HttpErrors.FromException(exception, new FailureScene { Stage = FailureStage.Download }),
        };

        /// <summary>The saved validator, when it is one If-Range can carry (a strong ETag or an HTTP date); null when damaged.</summary>
        private static string? ReadValidator(string validatorFile)
        {
            string text;
            try
            {
                text = File.ReadAllText(validatorFile).Trim();
            }
            catch (Exception ex) when (FileWriteException.IsFileFailure(ex))
            {
                return null;
            }
            if (text.Length == 0)
            {
                return text;
            }
            bool isTag = EntityTagHeaderValue.TryParse(text, out EntityTagHeaderValue? tag) && !tag!.IsWeak;
            bool isDate = DateTimeOffset.TryParseExact(text, "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out _);
            return isTag || isDate ? text : null;
        }

        private static async Task<long> CopyAsync(HttpResponseMessage response, FileStream file, string path, IncrementalHash hash, TransferProgress progress, TimeSpan readTimeout, CancellationToken cancellationToken)
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
                    try
                    {
                        Task write = file.WriteAsync(segment.Array!, 0, segment.Count, cancellationToken);
                        hash.AppendData(segment.Array!, 0, segment.Count);
                        await write.ConfigureAwait(false);
                    }
                    catch (Exception ex) when (FileWriteException.IsFileFailure(ex))
                    {
                        // The network's failures come as PayloadException (SilentRead): an IOException here is the disk's.
                        throw new FileWriteException(path, ex);
                    }
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
