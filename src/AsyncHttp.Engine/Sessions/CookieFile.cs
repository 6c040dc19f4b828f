using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Net;
using System.Text.Json;

namespace AsyncHttp
{
    /// <summary>
    /// A cookie jar saved as JSON, so that a scheduled task keeps its login between runs. Session cookies are kept too:
    /// the next run is the same "session" as far as the task is concerned. The file holds secrets: on Unix it is made
    /// readable by its owner only.
    /// </summary>
    internal static class CookieFile
    {
        // One lock per file: runs on one session in several runspaces save at once, and each save must be whole.
        private static readonly ConcurrentDictionary<string, object> Locks = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);

        /// <summary>
        /// Writes the jar to a temporary file of its own, then moves it over the file: a reader sees the old jar or the
        /// new one, never half of one. Saves of one file are serialized. Throws <see cref="IOException"/> naming the file.
        /// </summary>
        public static void Save(CookieContainer jar, string path)
        {
            var cookies = new List<SavedCookie>();
            foreach (Cookie cookie in AllCookies(jar))
            {
                if (!cookie.Expired)
                {
                    cookies.Add(new SavedCookie
                    {
                        Name = cookie.Name,
                        Value = cookie.Value,
                        Domain = cookie.Domain,
                        Path = cookie.Path,
                        Expires = cookie.Expires == DateTime.MinValue ? (DateTime?)null : cookie.Expires.ToUniversalTime(),
                        Secure = cookie.Secure,
                        HttpOnly = cookie.HttpOnly,
                    });
                }
            }
            // Unique, so that another process saving the same file never shares it either.
            string temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            lock (Locks.GetOrAdd(path, _ => new object()))
            {
                try
                {
                    using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    {
                        OwnerOnly(temporary);
                        JsonSerializer.Serialize(file, cookies, new JsonSerializerOptions { WriteIndented = true });
                    }
                    BodyFile.Replace(temporary, path);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    TryDelete(temporary);
                    throw new IOException($"The cookie jar could not be saved to '{path}': {ex.Message}", ex);
                }
            }
        }

        /// <summary>
        /// Refuses a cookie file that could not be saved, when the session is made rather than after its first run:
        /// its folder must exist and take new files (the save writes beside it), and the file itself must be writable.
        /// </summary>
        public static void CheckWritable(string path)
        {
            string? folder = System.IO.Path.GetDirectoryName(path);
            if (Directory.Exists(path))
            {
                throw new ArgumentException($"Cookie file '{path}' is a folder.", nameof(path));
            }
            if (folder is null || !Directory.Exists(folder))
            {
                throw new ArgumentException($"Cookie file '{path}' cannot be saved: its folder does not exist.", nameof(path));
            }
            string probe = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }
                if (File.Exists(path))
                {
                    using (new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                    {
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ArgumentException($"Cookie file '{path}' cannot be saved: {ex.Message}", nameof(path), ex);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Nothing more to do: the save failed already, and says so.
            }
        }

#if NET
        /// <summary>Whether this runtime can list a jar's cookies, which saving needs.</summary>
        internal static bool CanSave => true;

        private static IEnumerable<Cookie> AllCookies(CookieContainer jar) => jar.GetAllCookies();

        private static void OwnerOnly(string path)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
#else
        // netstandard2.0 has no CookieContainer.GetAllCookies. It exists from .NET 6, so it is there when this build runs in
        // PowerShell 7; on .NET Framework (Windows PowerShell 5.1) the jar's own domain table, unchanged since .NET 2.0, is read.
        private static readonly System.Reflection.MethodInfo? GetAllCookies = typeof(CookieContainer).GetMethod("GetAllCookies", Type.EmptyTypes);
        private static readonly System.Reflection.FieldInfo? DomainTable =
            typeof(CookieContainer).GetField("m_domainTable", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);

        /// <summary>Whether this runtime can list a jar's cookies, which saving needs.</summary>
        internal static bool CanSave => GetAllCookies is not null || DomainTable is not null;

        private static IEnumerable<Cookie> AllCookies(CookieContainer jar)
        {
            if (GetAllCookies is not null)
            {
                return ((CookieCollection)GetAllCookies.Invoke(jar, null)).Cast<Cookie>().ToList();
            }
            if (DomainTable?.GetValue(jar) is not System.Collections.Hashtable table)
            {
                throw new PlatformNotSupportedException("This runtime cannot list the cookies of a jar, so a cookie file cannot be saved.");
            }
            var pathLists = new List<object>();
            lock (table.SyncRoot)
            {
                pathLists.AddRange(table.Values.Cast<object>());
            }
            var cookies = new List<Cookie>();
            foreach (object pathList in pathLists)
            {
                // PathList.Values: one CookieCollection per path of the domain.
                var collections = (System.Collections.ICollection)pathList.GetType().GetProperty("Values")!.GetValue(pathList, null)!;
                lock (collections.SyncRoot)
                {
                    foreach (CookieCollection collection in collections)
                    {
                        cookies.AddRange(collection.Cast<Cookie>());
                    }
                }
            }
            return cookies;
        }

        // File.SetUnixFileMode exists from .NET 7: there when this build runs in PowerShell 7 on Linux or macOS. On Windows
        // the file takes the ACL of its folder, as every file the user writes does.
        private static readonly System.Reflection.MethodInfo? SetUnixFileMode = Array.Find(typeof(File).GetMethods(),
            m => m.Name == "SetUnixFileMode" && m.GetParameters().Length == 2 && m.GetParameters()[0].ParameterType == typeof(string));

        private static void OwnerOnly(string path)
        {
            if (SetUnixFileMode is not null && System.IO.Path.DirectorySeparatorChar == '/')
            {
                Type mode = SetUnixFileMode.GetParameters()[1].ParameterType;
                SetUnixFileMode.Invoke(null, new object[] { path, Enum.ToObject(mode, 0x180) }); // UserRead | UserWrite
            }
        }
#endif

        /// <summary>Adds the cookies of a file to the jar; a missing file adds none.</summary>
        public static int Load(CookieContainer jar, string path)
        {
            if (!File.Exists(path))
            {
                return 0;
            }
            List<SavedCookie?>? cookies;
            try
            {
                cookies = JsonSerializer.Deserialize<List<SavedCookie?>>(File.ReadAllText(path));
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"Cookie file '{path}' is not a cookie file written by AsyncHttp: {ex.Message}", nameof(path), ex);
            }
            int added = 0;
            int position = 0;
            foreach (SavedCookie? saved in cookies ?? new List<SavedCookie?>())
            {
                position++;
                if (saved is null || string.IsNullOrEmpty(saved.Name))
                {
                    throw new ArgumentException($"Cookie file '{path}' is not a cookie file written by AsyncHttp: entry {position} is not a cookie.", nameof(path));
                }
                if (saved.Expires is DateTime expires && expires <= DateTime.UtcNow)
                {
                    continue;
                }
                try
                {
                    // Null fields of a hand-edited file are refused by Cookie, as an invalid name or value is.
                    var cookie = new Cookie(saved.Name, saved.Value, saved.Path, saved.Domain)
                    {
                        Secure = saved.Secure,
                        HttpOnly = saved.HttpOnly,
                    };
                    if (saved.Expires is DateTime until)
                    {
                        cookie.Expires = until;
                    }
                    jar.Add(cookie);
                }
                catch (CookieException ex)
                {
                    throw new ArgumentException($"Cookie file '{path}' is not a cookie file written by AsyncHttp: entry {position}: {ex.Message}", nameof(path), ex);
                }
                added++;
            }
            return added;
        }

        private sealed class SavedCookie
        {
            public string Name { get; set; } = string.Empty;
            public string Value { get; set; } = string.Empty;
            public string Domain { get; set; } = string.Empty;
            public string Path { get; set; } = "/";
            public DateTime? Expires { get; set; }
            public bool Secure { get; set; }
            public bool HttpOnly { get; set; }
        }
    }
}
