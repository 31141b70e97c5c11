using KnowledgeBase.Calculators;

namespace KnowledgeBase.Pages.Calculators;

/// <summary>/calculators/normalization: kind and shape → which values are normalized together, statistics and γ/β counts.</summary>
public sealed class NormalizationModel : CalculatorPage
{
    public override string Calculator => "normalization";

    protected override CalcForm Defaults() => FromJson("""{"kind":"group","shape":[2,6,4,4],"numGroups":3}""");

    protected override IEnumerable<string> Fields() => ["kind", "shape", "numGroups", "eps"];
}
