using System.CommandLine;
using TextKit.Data;

namespace TextKit.Cli.Commands;

/// <summary><c>textkit data list|fetch</c>: the open corpora TextKit fetches into its cache.</summary>
internal static class DataCommands
{
    public static Command Create()
    {
        var data = new Command("data", "Fetch and list the open corpora TextKit uses (cache: $TEXTKIT_DATA or ~/.cache/textkit/data).");

        var list = new Command("list", "List known datasets, their licences and whether they are fetched.");
        list.SetAction(_ =>
        {
            Console.WriteLine($"cache: {DataCatalog.CacheRoot}");
            foreach (var d in DataCatalog.All)
                Console.WriteLine($"{d.Name,-16} {(DataCatalog.IsAvailable(d.Name) ? "fetched" : "-"),-8} {d.Source}:{d.Package}@{d.Version}\n  {d.Description}\n  licence: {d.Licence}");
            return 0;
        });

        var names = new Argument<string[]>("names") { Description = "Datasets to fetch (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var fetch = new Command("fetch", "Fetch datasets (idempotent, checksum-verified).") { names };
        fetch.SetAction(parse =>
        {
            var wanted = parse.GetValue(names) is { Length: > 0 } given ? given : DataCatalog.All.Select(d => d.Name).ToArray();
            foreach (var name in wanted)
                Console.WriteLine($"{name}: {DataCatalog.Ensure(name, Console.Error)}");
            return 0;
        });

        data.Subcommands.Add(list);
        data.Subcommands.Add(fetch);
        return data;
    }
}
