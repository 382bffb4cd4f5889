namespace Exclusions.Client.Testing.Topo;

/// <summary>Topo's two exclusion resources, which share every behaviour except their identifying fields.</summary>
internal enum TopoExclusionKind
{
    Contact,
    Account,
}
