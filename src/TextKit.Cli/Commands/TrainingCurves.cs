using System.Globalization;

namespace TextKit.Cli.Commands;

/// <summary>Draws the training curves of a <c>TransformerTrainer</c> CSV log as a PNG (ScottPlot): loss per step, validation metric per epoch.</summary>
internal static class TrainingCurves
{
    public static void SavePng(string csvPath, string pngPath, int width = 900, int height = 500)
    {
        var steps = new List<double>();
        var losses = new List<double>();
        var validationSteps = new List<double>();
        var metrics = new List<double>();
        var lines = File.ReadAllLines(csvPath);
        for (int i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            // Six columns, then a training objective's own (e.g. ELECTRA's generator and discriminator losses), not drawn.
            if (f.Length < 6 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double step))
                throw new TextKitFormatException("TK816", csvPath, i + 1, "not a training log row (epoch,step,loss,learning_rate,validation_metric,elapsed_seconds).");
            if (double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double loss))
            {
                steps.Add(step);
                losses.Add(loss);
            }
            if (double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double metric))
            {
                validationSteps.Add(step);
                metrics.Add(metric);
            }
        }
        if (steps.Count == 0 && metrics.Count == 0)
            throw new TextKitFormatException("TK816", csvPath, 1, "the log has no rows to plot.");
        var plot = new ScottPlot.Plot();
        // Long runs (pre-training) have thousands of noisy per-step losses: draw them faintly and a moving average over
        // 1% of the steps on top.
        var loss_ = plot.Add.ScatterLine(steps.ToArray(), losses.ToArray());
        loss_.LegendText = "training loss";
        if (steps.Count >= 500)
        {
            loss_.LegendText = "training loss (per step)";
            loss_.Color = loss_.Color.WithAlpha(0.25);
            var smooth = plot.Add.ScatterLine(steps.ToArray(), MovingAverage(losses, steps.Count / 100));
            smooth.LegendText = $"moving average ({steps.Count / 100} steps)";
            smooth.LineWidth = 2;
        }
        plot.Axes.Left.Label.Text = "loss";
        if (metrics.Count > 0)
        {
            var validation = plot.Add.Scatter(validationSteps.ToArray(), metrics.ToArray());
            validation.LegendText = "validation metric";
            validation.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "validation metric";
        }
        plot.Axes.Bottom.Label.Text = "optimizer step";
        plot.ShowLegend();
        plot.SavePng(pngPath, width, height);
    }

    /// <summary>Trailing mean over <paramref name="window"/> values (fewer at the start).</summary>
    internal static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
                sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    /// <summary><c>textkit plot --log run.csv --output curves.png</c>: the curves of any training or pre-training log.</summary>
    public static System.CommandLine.Command Command()
    {
        var log = new System.CommandLine.Option<FileInfo>("--log") { Description = "CSV log written by --log (train, pretrain).", Required = true };
        var output = new System.CommandLine.Option<FileInfo>("--output") { Description = "PNG to write.", Required = true };
        var command = new System.CommandLine.Command("plot", "Draw a training log (loss per step, validation metric) as a PNG.") { log, output };
        command.SetAction(parse =>
        {
            var csv = parse.GetValue(log)!;
            CliErrors.RequireFile(csv, "--log");
            SavePng(csv.FullName, parse.GetValue(output)!.FullName);
            Console.WriteLine($"wrote {parse.GetValue(output)!.FullName}");
            return 0;
        });
        return command;
    }
}
