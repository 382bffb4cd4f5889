using System.Text.Json;
using Exclusions.Client.Amplemarket;

namespace Exclusions.Client.Tests.Amplemarket;

/// <summary>The one per-item status mapping, including the reconciliation of replayed requests.</summary>
public sealed class AmplemarketStatusMapperTests
{
    [Theory]
    [InlineData("add", "success", false, ItemOutcomeKind.Added)]
    [InlineData("add", "duplicated", false, ItemOutcomeKind.AlreadyExcluded)]
    [InlineData("add", "duplicated", true, ItemOutcomeKind.Added)]
    [InlineData("add", "success", true, ItemOutcomeKind.Added)]
    [InlineData("add", "unsupported", false, ItemOutcomeKind.Unsupported)]
    [InlineData("add", "unsupported", true, ItemOutcomeKind.Unsupported)]
    [InlineData("add", "not_found", false, ItemOutcomeKind.Unknown)]
    [InlineData("add", "not_found", true, ItemOutcomeKind.Unknown)]
    [InlineData("add", "SUCCESS ", false, ItemOutcomeKind.Added)]
    [InlineData("add", "blocked", false, ItemOutcomeKind.Unknown)]
    [InlineData("add", "", false, ItemOutcomeKind.Unknown)]
    [InlineData("remove", "success", false, ItemOutcomeKind.Removed)]
    [InlineData("remove", "not_found", false, ItemOutcomeKind.NotFound)]
    [InlineData("remove", "not_found", true, ItemOutcomeKind.Removed)]
    [InlineData("remove", "success", true, ItemOutcomeKind.Removed)]
    [InlineData("remove", "unsupported", false, ItemOutcomeKind.Unsupported)]
    [InlineData("remove", "duplicated", false, ItemOutcomeKind.Unknown)]
    [InlineData("remove", "duplicated", true, ItemOutcomeKind.Unknown)]
    [InlineData("remove", "gone_fishing", true, ItemOutcomeKind.Unknown)]
    public void Maps_each_status(string operation, string status, bool replayed, ItemOutcomeKind expected)
    {
        var outcome = AmplemarketStatusMapper.ToOutcome(operation == "add" ? AmplemarketBulkOperation.Add : AmplemarketBulkOperation.Remove, status, replayed);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(status, outcome.VendorStatus);
    }

    [Fact]
    public void A_replayed_duplicated_says_why_it_counts_as_added()
    {
        var outcome = AmplemarketStatusMapper.ToOutcome(AmplemarketBulkOperation.Add, "duplicated", replayed: true);

        Assert.Contains("replayed", outcome.Detail, StringComparison.Ordinal);
        Assert.True(outcome.IsSuccess);
    }

    [Fact]
    public void A_missing_status_is_Unknown_and_not_a_success()
    {
        var outcome = AmplemarketStatusMapper.ToOutcome(AmplemarketBulkOperation.Remove, null, replayed: true);

        Assert.Equal(ItemOutcomeKind.Unknown, outcome.Kind);
        Assert.False(outcome.IsSuccess);
    }

    [Fact]
    public void Chunk_mapping_matches_normalized_keys_and_reports_conflicting_echoes_verbatim()
    {
        var response = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"A@X.com":"success","a@x.com":"duplicated","b@x.com":"duplicated"}""")!;

        var outcomes = AmplemarketStatusMapper.MapChunk(
            AmplemarketBulkOperation.Add,
            ["a@x.com", "b@x.com", "c@x.com"],
            response,
            key => key.Trim().ToLowerInvariant(),
            replayed: true);

        Assert.Equal(ItemOutcomeKind.Unknown, outcomes[0].Kind);
        Assert.Equal("success | duplicated", outcomes[0].VendorStatus);
        Assert.Equal(ItemOutcomeKind.Added, outcomes[1].Kind);
        Assert.Equal(ItemOutcomeKind.Unknown, outcomes[2].Kind);
    }
}
