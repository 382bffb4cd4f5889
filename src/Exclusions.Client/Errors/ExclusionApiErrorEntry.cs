using System.Net;

namespace Exclusions.Client;

/// <summary>One error entry of a vendor error body.</summary>
/// <param name="Code">The vendor code or type.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Detail">A longer explanation.</param>
/// <param name="Source">Where in the request the problem is: a JSON pointer, a parameter or a header name.</param>
public sealed record ExclusionApiErrorEntry(string? Code, string? Title, string? Detail, string? Source);
