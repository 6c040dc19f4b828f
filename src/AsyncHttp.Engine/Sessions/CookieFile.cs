using System;
using System.Collections.Generic;
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
        public static void Save(CookieContainer jar, string path)
        {
#if NET
            var cookies = new List<SavedCookie>();
            foreach (Cookie cookie in jar.GetAllCookies())
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
            string temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                JsonSerializer.Serialize(file, cookies, new JsonSerializerOptions { WriteIndented = true });
            }
            File.Move(temporary, path, overwrite: true);
#else
            throw new PlatformNotSupportedException("Saving cookies needs PowerShell 7.");
#endif
        }

        /// <summary>Adds the cookies of a file to the jar; a missing file adds none.</summary>
        public static int Load(CookieContainer jar, string path)
        {
            if (!File.Exists(path))
            {
                return 0;
            }
            List<SavedCookie>? cookies;
            try
            {
                cookies = JsonSerializer.Deserialize<List<SavedCookie>>(File.ReadAllText(path));
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"Cookie file '{path}' is not a cookie file written by AsyncHttp: {ex.Message}", nameof(path), ex);
            }
            int added = 0;
            foreach (SavedCookie saved in cookies ?? new List<SavedCookie>())
            {
                if (saved.Expires is DateTime expires && expires <= DateTime.UtcNow)
                {
                    continue;
                }
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
