using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Exclusions.Client.Amplemarket;

/// <summary>
/// Resolves <c>_links.next.href</c> values and detects servers that loop.
/// <para>
/// Resolution: a root-relative href (<c>/excluded-emails?page[after]=…</c>) is taken relative to the
/// API root, i.e. the base address's path is kept (a base of <c>https://gw.example/amplemarket</c> gives
/// <c>https://gw.example/amplemarket/excluded-emails?…</c>, the same place the first page came from),
/// unless the href already starts with that path. For the production base (no path) this is plain
/// RFC 3986 resolution. An absolute href must have the base address's scheme, host and port: the bearer
/// key is attached to every request, so a link to another origin is refused, never followed.
/// </para>
/// </summary>
internal static class AmplemarketPageLinks
{
    public static Uri Resolve(Uri baseAddress, string href)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(href);
        href = href.Trim();
        if (Uri.TryCreate(href, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            if (Uri.Compare(absolute, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new ArgumentException(
                    $"The page link '{absolute.GetLeftPart(UriPartial.Path)}' points to another origin than the configured base address ({baseAddress.GetLeftPart(UriPartial.Authority)}); it is not followed, so the API key is not sent there.",
                    nameof(href));
            }

            return absolute;
        }

        if (href.StartsWith("//", StringComparison.Ordinal) || href.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The page link '{href}' is neither a relative link nor an http(s) URL on the base address.", nameof(href));
        }

        var basePath = baseAddress.AbsolutePath.TrimEnd('/');
        var root = new Uri(baseAddress.GetLeftPart(UriPartial.Authority));
        if (href.StartsWith('/'))
        {
            var path = basePath.Length == 0 || href.StartsWith(basePath + "/", StringComparison.Ordinal) ? href : basePath + href;
            return new Uri(root, path);
        }

        return new Uri(new Uri(root, basePath + "/"), href);
    }

    /// <summary>
    /// Remembers the pages of one walk so that a <c>next</c> link repeating an earlier one stops the walk.
    /// Memory: 16 bytes per page (a truncated SHA-256 of the absolute URL), not per item, so a walk
    /// over millions of items at thousands per page stays in kilobytes. A hash collision (odds about
    /// 2^-128) would stop the walk with an error, never skip items silently.
    /// </summary>
    internal sealed class LoopDetector
    {
        private readonly HashSet<UInt128> _seen = [];

        public int PagesSeen => _seen.Count;

        /// <summary>Records <paramref name="pageUrl"/>; <see langword="false"/> when it was seen before.</summary>
        public bool TryVisit(Uri pageUrl) => _seen.Add(Hash(pageUrl.AbsoluteUri));

        private static UInt128 Hash(string text)
        {
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
            return BinaryPrimitives.ReadUInt128LittleEndian(digest);
        }
    }
}
