using Exclusions.Client.Redis.LoadClient;

// run    : one worker process of a multi-process run (see Worker).
// report : the multi-process and latency figures as markdown (see Report; benchmarks/redis-quota.sh).
if (args.Length > 0 && args[0] == "run")
{
    return await Worker.RunAsync(WorkerArguments.Parse(args.Skip(1).ToArray()));
}

if (args.Length > 0 && (args[0] == "report" || args[0] == "--report"))
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 1; i + 1 < args.Length; i += 2)
    {
        options[args[i].TrimStart('-')] = args[i + 1];
    }

    return await Report.RunAsync(options);
}

Console.Error.WriteLine("usage: run --base URL --key KEY [--count N --limit L --window-ms W --redis CFG ...] | report --redis CFG [--processes 1,2,4 --items 200 --limit 40 --window-ms 2000 --client-window-ms 2100]");
return 2;
