namespace Exclusions.Client.Tests;
