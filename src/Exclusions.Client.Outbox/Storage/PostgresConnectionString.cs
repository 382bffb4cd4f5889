using Npgsql;

namespace Exclusions.Client.Outbox.Storage;

/// <summary>
/// The PostgreSQL store's connection setting: an Npgsql connection string (<c>Host=…;Database=…</c>) or a
/// URL (<c>postgresql://user:password@host:5432/db?sslmode=require</c>). Messages name the host, port and
/// database, never the password.
/// </summary>
internal static class PostgresConnectionString
{
    /// <summary>Whether <paramref name="value"/> is a <c>postgres://</c> or <c>postgresql://</c> URL.</summary>
    public static bool IsUrl(string value)
        => value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Npgsql connection string for a URL or a connection string.</summary>
    /// <exception cref="ArgumentException">The value cannot be read (the message does not repeat it: it may hold a password).</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (!IsUrl(value))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException("The PostgreSQL connection string cannot be read: " + e.Message, nameof(value));
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("The PostgreSQL URL cannot be read; expected postgresql://user:password@host:port/database.", nameof(value));
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.Port > 0 ? uri.Port : 5432,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var setting = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = setting;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                throw new ArgumentException($"The PostgreSQL URL has a parameter Npgsql does not accept: '{key}'.", nameof(value));
            }
        }

        return builder;
    }

    /// <summary><c>postgresql://host:port/database</c>, without user or password.</summary>
    public static string Describe(string value)
    {
        try
        {
            var builder = Parse(value);
            return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "postgresql (unreadable connection string)";
        }
    }
}
