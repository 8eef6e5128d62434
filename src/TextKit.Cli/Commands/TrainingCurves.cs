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
            if (f.Length != 6 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double step))
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
        var plot = new ScottPlot.Plot();
        var loss_ = plot.Add.ScatterLine(steps.ToArray(), losses.ToArray());
        loss_.LegendText = "training loss";
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
}
