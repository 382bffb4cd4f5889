namespace Exclusions.Client.Testing.Amplemarket;

/// <summary>Amplemarket's two exclusion lists, which differ only in names.</summary>
internal sealed record AmplemarketList(string Path, string CollectionName, string ItemField)
{
    public static readonly AmplemarketList Emails = new("/excluded-emails", "excluded_emails", "email");

    public static readonly AmplemarketList Domains = new("/excluded-domains", "excluded_domains", "domain");

    public bool IsValidValue(string value) =>
        this == Emails ? Hosting.AddressRules.IsValidEmail(value) : Hosting.AddressRules.IsValidDomain(value);
}
