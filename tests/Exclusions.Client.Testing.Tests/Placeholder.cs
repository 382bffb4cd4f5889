namespace Exclusions.Client.Testing.Tests;
