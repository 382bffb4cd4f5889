using System.CommandLine;
using Exclusions.Cli.Input;
using Exclusions.Cli.Output;
using Exclusions.Client;
using Exclusions.Client.Topo;
using Exclusions.Client.Internal;

namespace Exclusions.Cli.Commands;

/// <summary>
/// <c>update --provider topo --id UUID [--type T] [--reason R] [--message M] [--until ISO8601 | --permanent]</c>:
/// PATCH one Topo exclusion. <c>--permanent</c> sends <c>"until": null</c>; without it or <c>--until</c>,
/// <c>until</c> is not sent. The id may be a contact or an account exclusion: without <c>--type</c>
/// the contact is tried first, then the account on 404; the output says which it was.
/// </summary>
internal static class UpdateCommand
{
    public static Command Create(CliRunner runner)
    {
        var provider = CommonOptions.Provider(description: "topo (Amplemarket exclusions have no id and cannot be updated)");
        var id = new Option<string>("--id") { Required = true, Description = "The exclusion's UUID", HelpName = "UUID" };
        var type = CommonOptions.Type("email or linkedin: a contact exclusion; domain: an account exclusion (default: try contact, then account)");
        var reason = CommonOptions.Reason(defaultNote: "unchanged when not given");
        var message = CommonOptions.Message();
        var until = CommonOptions.Until("A new expiry");
        var permanent = new Option<bool>("--permanent") { Description = "Make the exclusion permanent (sends \"until\": null)" };
        var format = CommonOptions.Format();
        var command = new Command("update", "Change the reason, message or expiry of one Topo exclusion.") { provider, id, type, reason, message, until, permanent, format };
        runner.SetBody(command, async context =>
        {
            if (context.Value(provider) != "topo")
            {
                throw CliException.Usage("update works on Topo only (--provider topo): Amplemarket exclusions have no id and nothing to update.");
            }

            var idText = context.Value(id)!;
            if (!Guid.TryParse(idText, out var exclusionId) || exclusionId == Guid.Empty)
            {
                throw CliException.Usage($"--id {ValueNormalizer.Quote(idText)} is not a UUID.");
            }

            var request = BuildRequest(context.Console.Time.GetUtcNow(), context.Value(reason), context.Value(message), context.Value(until), context.Value(permanent));
            var targetType = CommonOptions.ParseType(context.Value(type));

            await using var connection = await context.ConnectAsync(ExclusionProvider.Topo).ConfigureAwait(false);
            var topo = connection.Topo;
            var rows = await UpdateAsync(topo, exclusionId, targetType, request, context).ConfigureAwait(false);

            using var writer = new ExclusionListWriter(context.Console, OutputFormats.Parse(context.Value(format)));
            foreach (var row in rows)
            {
                writer.Write(row);
            }

            writer.Complete();
            return CliExitCode.Success;
        });
        return command;
    }

    private static UpdateExclusionRequest BuildRequest(DateTimeOffset now, string? reason, string? message, string? until, bool permanent)
    {
        if (permanent && until is not null)
        {
            throw CliException.Usage("Use --until or --permanent, not both.");
        }

        if (!CliValues.TryParseUntil(until, now, out var untilValue, out var untilError))
        {
            throw CliException.Usage($"--until: {untilError}.");
        }

        var request = new UpdateExclusionRequest
        {
            Reason = CliValues.ParseReason(reason),
            Message = message,
            Until = permanent ? UntilUpdate.Permanent : untilValue is { } at ? UntilUpdate.At(at) : UntilUpdate.Unchanged,
        };
        if (request.Reason is null && request.Message is null && !request.Until.IsSet)
        {
            throw CliException.Usage("Nothing to update: give --reason, --message, --until or --permanent.");
        }

        return request;
    }

    private static async Task<IReadOnlyList<ExclusionRow>> UpdateAsync(
        TopoExclusionsClient topo, Guid id, ExclusionTargetType? type, UpdateExclusionRequest request, CommandContext context)
    {
        var ct = context.CancellationToken;
        if (type is not ExclusionTargetType.Domain)
        {
            try
            {
                var contact = await topo.UpdateContactExclusionAsync(id, request, ct).ConfigureAwait(false);
                context.Console.WriteError($"Updated Topo contact exclusion {id}.");
                return TopoRows.From(contact);
            }
            catch (ExclusionNotFoundException) when (type is null)
            {
                // Not a contact exclusion: it may be an account exclusion.
            }
            catch (ExclusionNotFoundException)
            {
                throw new CliException(CliFailure.NotDone, $"Topo has no contact exclusion with id {id}; nothing was changed.");
            }
        }

        try
        {
            var account = await topo.UpdateAccountExclusionAsync(id, request, ct).ConfigureAwait(false);
            context.Console.WriteError($"Updated Topo account exclusion {id}.");
            return [TopoRows.From(account)];
        }
        catch (ExclusionNotFoundException)
        {
            throw new CliException(
                CliFailure.NotDone,
                type is null ? $"Topo has no contact or account exclusion with id {id}; nothing was changed." : $"Topo has no account exclusion with id {id}; nothing was changed.");
        }
    }

    /// <summary>A Topo record as list rows: a contact with both an e-mail and a LinkedIn URL is two rows, as in <c>list</c>.</summary>
    private static class TopoRows
    {
        public static IReadOnlyList<ExclusionRow> From(ContactExclusion contact)
        {
            var rows = new List<ExclusionRow>(2);
            if (contact.Email is not null)
            {
                rows.Add(Row("email", contact.Email, contact.Reason, contact.Message, contact.Until, contact.Id, contact.CreatedAt));
            }

            if (contact.LinkedInUrl is not null)
            {
                rows.Add(Row("linkedin", contact.LinkedInUrl, contact.Reason, contact.Message, contact.Until, contact.Id, contact.CreatedAt));
            }

            return rows;
        }

        public static ExclusionRow From(AccountExclusion account)
            => Row("domain", account.Domain ?? string.Empty, account.Reason, account.Message, account.Until, account.Id, account.CreatedAt);

        private static ExclusionRow Row(string type, string value, ExclusionReason reason, string? message, DateTimeOffset? until, Guid id, DateTimeOffset createdAt)
            => new(
                ExclusionProvider.Topo.Name,
                type,
                value,
                string.IsNullOrEmpty(reason.Value) ? null : reason.Value,
                message,
                until is { } u ? CliValues.FormatMoment(u) : null,
                null,
                id.ToString(),
                CliValues.FormatMoment(createdAt));
    }
}
