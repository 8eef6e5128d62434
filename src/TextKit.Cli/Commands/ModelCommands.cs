using System.CommandLine;
using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;

namespace TextKit.Cli.Commands;

/// <summary><c>textkit model apply|info</c>: use a saved pipeline (TextKit or plain ML.NET) from the command line.</summary>
internal static class ModelCommands
{
    public static Command Create()
    {
        var model = new Command("model", "Apply or inspect a saved model file.");
        model.Subcommands.Add(Apply());
        model.Subcommands.Add(Info());
        model.Subcommands.Add(Compact());
        return model;
    }

    /// <summary><c>textkit model compact</c>: rewrite a checkpoint folder's or model zip's weights in fp16/bf16.</summary>
    private static Command Compact()
    {
        var inputOption = new Option<string>("--input") { Description = "A transformer checkpoint folder or a saved TextKit model zip.", Required = true };
        var outputOption = new Option<string>("--output") { Description = "Output folder or zip (same kind as the input).", Required = true };
        var precisionOption = new Option<string>("--precision") { Description = "float16, bfloat16 or float32.", DefaultValueFactory = _ => "float16" };
        var command = new Command("compact", "Store a model's transformer weights in half precision (loaded back as float32).") { inputOption, outputOption, precisionOption };
        command.SetAction(parse =>
        {
            var precision = parse.GetValue(precisionOption) switch
            {
                "float16" or "fp16" => Neural.Checkpoints.WeightPrecision.Float16,
                "bfloat16" or "bf16" => Neural.Checkpoints.WeightPrecision.BFloat16,
                "float32" or "fp32" => Neural.Checkpoints.WeightPrecision.Float32,
                var other => throw new TextKitException("TK011", $"--precision: '{other}' is not float16, bfloat16 or float32."),
            };
            Neural.TorchRuntime.EnsureInitialized();
            var (inBytes, outBytes) = Neural.Checkpoints.WeightStorage.Rewrite(parse.GetValue(inputOption)!, parse.GetValue(outputOption)!, precision);
            Console.WriteLine(System.FormattableString.Invariant($"weights: {inBytes / 1048576.0:0.0} MB -> {outBytes / 1048576.0:0.0} MB ({Neural.Checkpoints.WeightStorage.ConfigName(precision)})"));
            return 0;
        });
        return command;
    }

    private static Command Apply()
    {
        var modelOption = new Option<FileInfo>("--model") { Description = "Model file saved with TextKitModel.Save or mlContext.Model.Save.", Required = true };
        var inputOption = new Option<FileInfo>("--input") { Description = "TSV with a header naming the model's input columns.", Required = true };
        var outputOption = new Option<FileInfo?>("--output") { Description = "Output TSV (default: standard output)." };
        var columnsOption = new Option<string?>("--columns") { Description = "Comma-separated output columns (default: every column the model adds)." };
        var command = new Command("apply", "Run a saved model over a TSV file and write chosen output columns as TSV.")
        {
            modelOption, inputOption, outputOption, columnsOption,
        };
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(modelOption)!;
            var inputFile = parse.GetValue(inputOption)!;
            CliErrors.RequireFile(modelFile, "--model");
            CliErrors.RequireFile(inputFile, "--input");
            var mlContext = new MLContext(seed: 0);
            var transformer = TextKitModel.Load(mlContext, modelFile.FullName, out var inputSchema);
            var data = DataViewTsv.Load(mlContext, inputFile.FullName, inputSchema);
            var output = transformer.Transform(data);
            var requested = parse.GetValue(columnsOption);
            var inputNames = inputSchema.Where(c => !c.IsHidden).Select(c => c.Name).ToHashSet();
            var columns = requested is null
                ? output.Schema.Where(c => !c.IsHidden && !inputNames.Contains(c.Name)).Select(c => c.Name).ToArray()
                : requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var outputFile = parse.GetValue(outputOption);
            using var writer = outputFile is null ? Console.Out : new StreamWriter(outputFile.FullName);
            DataViewTsv.Write(output, writer, columns);
            return 0;
        });
        return command;
    }

    private static Command Info()
    {
        var modelOption = new Option<FileInfo>("--model") { Description = "Model file.", Required = true };
        var command = new Command("info", "List the input schema and the transformers of a saved model.") { modelOption };
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(modelOption)!;
            CliErrors.RequireFile(modelFile, "--model");
            var transformer = TextKitModel.Load(new MLContext(seed: 0), modelFile.FullName, out var inputSchema);
            Console.WriteLine("Input columns:");
            foreach (var column in inputSchema.Where(c => !c.IsHidden))
                Console.WriteLine($"  {column.Name}: {column.Type}");
            Console.WriteLine("Transformers:");
            foreach (var t in TextKitModel.Flatten(transformer))
                Console.WriteLine($"  {(t is ITextKitComponent c ? $"{c.ComponentType} (TextKit v{c.ComponentVersion})" : t.GetType().Name)}");
            return 0;
        });
        return command;
    }
}
