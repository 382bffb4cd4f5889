using Exclusions.Client;

namespace Exclusions.Cli.Input;

/// <summary>One validated item to add or remove, from the command line or a file row.</summary>
/// <param name="Line">The file line it came from; <see langword="null"/> for <c>--type/--value</c>.</param>
/// <param name="Target">The normalized target.</param>
/// <param name="Reason">The reason code, if given.</param>
/// <param name="Message">The note, if given.</param>
/// <param name="Until">The expiry, if given.</param>
internal sealed record ExclusionInput(int? Line, ExclusionTarget Target, ExclusionReason? Reason, string? Message, DateTimeOffset? Until)
{
    public ExclusionRequest ToRequest() => new(Target, Reason, Message, Until);
}
