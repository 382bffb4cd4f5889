namespace Exclusions.Client;
