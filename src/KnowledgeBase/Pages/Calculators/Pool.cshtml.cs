using System.Globalization;
using KnowledgeBase.Calculators;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Pages.Calculators;

/// <summary>/calculators/pool: input grid, pooling arguments and upstream-gradient grid → picture of forward and backward.</summary>
public sealed class PoolModel : CalculatorPage
{
    /// <summary>Editable grids stay small enough to read; the API takes up to 256×256.</summary>
    public const int MaxSide = 16;

    public override string Calculator => "pool";

    public int Rows { get; private set; }
    public int Cols { get; private set; }
    public int GradRows { get; private set; }
    public int GradCols { get; private set; }

    /// <summary>Ties (two 6s in one window) and overlap (stride 1 < kernel 2): the cases worth seeing.</summary>
    protected override CalcForm Defaults() => FromJson("""
        {"mode":"max","kernelSize":2,"stride":1,"padding":0,"dilation":1,"ceilMode":false,"countIncludePad":true,
         "input":[[1,3,2,1],[4,6,6,0],[1,2,9,8],[3,0,7,7]]}
        """);

    private static readonly string[] Scalars = ["mode", "kernelSize", "stride", "padding", "dilation", "ceilMode", "countIncludePad"];

    protected override IEnumerable<string> Fields() =>
        Scalars.Concat(Cells("input", Rows, Cols)).Concat(Cells("gradOutput", GradRows, GradCols));

    protected override IEnumerable<string> PageKeys() => ["rows", "cols"];

    protected override IEnumerable<string> Groups() => ["input", "gradOutput"];

    public IActionResult OnGetRandom()
    {
        // No-JS "random": fill the grid on the server and redirect, so the URL still holds every value.
        Load();
        var random = Random.Shared;
        foreach (var cell in Cells("input", Rows, Cols)) { Form[cell] = random.Next(-3, 10).ToString(CultureInfo.InvariantCulture); }
        return Redirect(Permalink);
    }

    protected override void Prepare()
    {
        Rows = Size("rows", Extent("input[", 4), MaxSide);
        Cols = Size("cols", Extent("input[0][", 4), MaxSide);
        // The gradient grid has the output's shape: run the forward pass alone before listing the fields.
        var body = Form.ToJson(Scalars.Concat(Cells("input", Rows, Cols)));
        long[]? shape = null;
        CalcOutcome.Run(body, request => { shape = PoolCalculator.Calculate(CalcJson.ParsePool(request)).OutputShape; return ""; });
        // Inputs ≤ 16 give outputs ≤ 17 (kernel 2, padding 1, stride 1), so the grid stays small.
        GradRows = shape is null ? Extent("gradOutput[", 0) : (int)shape[0];
        GradCols = shape is null ? Extent("gradOutput[0][", 0) : (int)shape[1];
        Fill("input", Rows, Cols, "0");
        Fill("gradOutput", GradRows, GradCols, "1");
    }
}
