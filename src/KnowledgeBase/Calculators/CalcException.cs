namespace KnowledgeBase.Calculators;

/// <summary>
/// Input a calculator refuses. <see cref="Field"/> is the JSON path of the offending value relative to the request
/// body (e.g. <c>layers[2].groups</c>, <c>input[3][0]</c>; <c>$</c> for the body itself), so the API can name it.
/// </summary>
public sealed class CalcException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Limits shared by the calculators: bounded work per request, counts exact in a JSON double.</summary>
public static class CalcLimits
{
    /// <summary>2^53 − 1: the largest integer every JSON client (JavaScript numbers) reads exactly.</summary>
    public const long MaxSafeInteger = 9_007_199_254_740_991;
    public const int MaxLayers = 1000;
    public const int MaxPoolSide = 256;
    /// <summary>Output cells × window cells of one pooling request (≈ tens of milliseconds).</summary>
    public const int MaxPoolWork = 1 << 24;
    public const int MaxRank = 8;
    public const int MaxBatches = 100;
    /// <summary>Numbers in one tensor-valued input (batch norm, normalization).</summary>
    public const int MaxElements = 65_536;
    /// <summary>Input values beyond this could overflow sums of squares to infinity, which JSON cannot carry.</summary>
    public const double MaxAbsValue = 1e100;

    internal static long Mul(long a, long b, string field)
    {
        try { return Safe(checked(a * b), field); }
        catch (OverflowException) { throw TooLarge(field); }
    }

    internal static long Add(long a, long b, string field)
    {
        try { return Safe(checked(a + b), field); }
        catch (OverflowException) { throw TooLarge(field); }
    }

    internal static long Safe(long v, string field) => v > MaxSafeInteger ? throw TooLarge(field) : v;

    private static CalcException TooLarge(string field) =>
        new(field, "The result exceeds 2^53 - 1 (9007199254740991), beyond what JSON clients represent exactly.");

    internal static void Finite(double v, string field)
    {
        if (!double.IsFinite(v)) { throw new CalcException(field, "The result is not a finite number; use smaller input values."); }
    }
}
