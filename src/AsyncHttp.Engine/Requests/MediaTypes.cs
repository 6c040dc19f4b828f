using System;
using System.Collections.Generic;
using System.IO;

namespace AsyncHttp
{
    /// <summary>Media types of files sent as form parts, by extension; application/octet-stream for the rest.</summary>
    internal static class MediaTypes
    {
        private static readonly Dictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".txt"] = "text/plain", [".log"] = "text/plain", [".csv"] = "text/csv", [".htm"] = "text/html", [".html"] = "text/html",
            [".css"] = "text/css", [".md"] = "text/markdown", [".xml"] = "application/xml", [".json"] = "application/json",
            [".js"] = "text/javascript", [".yaml"] = "application/yaml", [".yml"] = "application/yaml",
            [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp",
            [".svg"] = "image/svg+xml", [".ico"] = "image/x-icon", [".bmp"] = "image/bmp", [".tif"] = "image/tiff", [".tiff"] = "image/tiff",
            [".pdf"] = "application/pdf", [".zip"] = "application/zip", [".gz"] = "application/gzip", [".tar"] = "application/x-tar",
            [".7z"] = "application/x-7z-compressed", [".mp3"] = "audio/mpeg", [".wav"] = "audio/wav", [".mp4"] = "video/mp4",
            [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        };

        public static string ForFile(string name) =>
            ByExtension.TryGetValue(Path.GetExtension(name), out string? type) ? type : "application/octet-stream";
    }
}
