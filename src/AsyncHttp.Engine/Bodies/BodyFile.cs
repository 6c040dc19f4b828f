using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Bodies saved to a folder (-OutDirectory): one file per request, named by its index and URI, complete or absent.</summary>
    internal static class BodyFile
    {
        private const int BufferSize = 64 * 1024;

        /// <summary>"000042-report.csv": the input position keeps names unique and sorted; the last path segment says what it is.</summary>
        public static string PathFor(string folder, long index, Uri uri)
        {
            string segment = Uri.UnescapeDataString(uri.Segments.Length > 0 ? uri.Segments[uri.Segments.Length - 1].Trim('/') : string.Empty);
            char[] invalid = Path.GetInvalidFileNameChars();
            var name = new System.Text.StringBuilder();
            foreach (char c in segment)
            {
                name.Append(Array.IndexOf(invalid, c) >= 0 || c == ':' ? '_' : c);
                if (name.Length == 100)
                {
                    break;
                }
            }
            return Path.Combine(folder, $"{index:D6}-{(name.Length == 0 ? "response" : name.ToString())}");
        }

        /// <summary>Moves a finished file over its final name, whether or not that name exists.</summary>
        public static void Replace(string from, string to)
        {
#if NET
            File.Move(from, to, overwrite: true);
#else
            File.Delete(to);
            File.Move(from, to);
#endif
        }

        /// <summary>
        /// Writes to "&lt;path&gt;.partial" and renames when complete; a failure leaves no file. A local write failure
        /// (disk full, no permission) is a <see cref="FileWriteException"/>, never taken for the network's.
        /// </summary>
        public static async Task<long> SaveAsync(HttpContent content, string path, TimeSpan readTimeout, CancellationToken cancellationToken)
        {
            string partial = path + ".partial";
            long length = 0;
            try
            {
                Stream body = await SilentRead.OpenAsync(content, cancellationToken).ConfigureAwait(false);
                // Reads turn the network's IOExceptions into PayloadException (SilentRead): any left are the file's.
                using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
                {
                    byte[] buffer = new byte[BufferSize];
                    int read;
                    while ((read = await SilentRead.ReadBodyAsync(body, buffer, 0, buffer.Length, length, readTimeout, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await file.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                        length += read;
                    }
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                Replace(partial, path);
                return length;
            }
            catch (Exception ex) when (FileWriteException.IsFileFailure(ex))
            {
                TryDelete(partial);
                throw new FileWriteException(path, ex);
            }
            catch
            {
                TryDelete(partial);
                throw;
            }
        }

        /// <summary>Deletes a file if it can; a failure that is being reported already needs no second one.</summary>
        public static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (FileWriteException.IsFileFailure(ex))
            {
                // Left for the next run: the error that brought us here says what went wrong.
            }
        }
    }
}
