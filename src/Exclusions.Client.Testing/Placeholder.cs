namespace Exclusions.Client.Testing;
