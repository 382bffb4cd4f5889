namespace Exclusions.Client.Outbox;

/// <summary>
/// The outbox store cannot be opened, read or written: a corrupted or unreadable SQLite file, a schema
/// from a newer version of this package, or a database that refuses the connection. The message names
/// the store (the SQLite file path, or the PostgreSQL host and database, never a password).
/// </summary>
public class ExclusionOutboxStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExclusionOutboxStoreException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the store.</param>
    public ExclusionOutboxStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the store.</param>
    /// <param name="innerException">The database error.</param>
    public ExclusionOutboxStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
