using System.Text.Json;
using System.Text.Json.Serialization;

namespace KnowledgeBase.Calculators;

/// <summary>
/// Writes doubles that hold an exact integer through the integer path (same JSON text — System.Text.Json writes 5.0
/// as 5 — but about three times faster than shortest round-trip double formatting). Pooling and batch-norm answers
/// are mostly such numbers and are thousands of values long, so this is most of their serialization time.
/// </summary>
internal static class JsonNumbers
{
    public static void Write(Utf8JsonWriter writer, double v)
    {
        // Negative zero must stay "-0"; anything beyond 2^53 is not an exact long anyway.
        if (v == Math.Floor(v) && Math.Abs(v) < 9e15 && !(v == 0 && double.IsNegative(v))) { writer.WriteNumberValue((long)v); }
        else { writer.WriteNumberValue(v); }
    }

    public static void Write(Utf8JsonWriter writer, double[] values)
    {
        writer.WriteStartArray();
        foreach (var v in values) { Write(writer, v); }
        writer.WriteEndArray();
    }
}

public sealed class FastDoubleArrayConverter : JsonConverter<double[]>
{
    public override double[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<List<double>>(ref reader, options)?.ToArray();

    public override void Write(Utf8JsonWriter writer, double[] value, JsonSerializerOptions options) => JsonNumbers.Write(writer, value);
}

public sealed class FastDoubleMatrixConverter : JsonConverter<double[][]>
{
    public override double[][]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<List<double[]>>(ref reader, options)?.ToArray();

    public override void Write(Utf8JsonWriter writer, double[][] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var row in value) { JsonNumbers.Write(writer, row); }
        writer.WriteEndArray();
    }
}

/// <summary>Row-major values written as nested arrays of the given shape (e.g. [N][C][H][W]).</summary>
[JsonConverter(typeof(TensorConverter))]
public sealed record Tensor(double[] Values, long[] Shape);

public sealed class TensorConverter : JsonConverter<Tensor>
{
    public override Tensor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Tensors are written only.");

    public override void Write(Utf8JsonWriter writer, Tensor value, JsonSerializerOptions options)
    {
        var pos = 0;
        Write(writer, value, 0, ref pos);
    }

    private static void Write(Utf8JsonWriter writer, Tensor t, int level, ref int pos)
    {
        writer.WriteStartArray();
        for (var i = 0; i < t.Shape[level]; i++)
        {
            if (level == t.Shape.Length - 1) { JsonNumbers.Write(writer, t.Values[pos++]); }
            else { Write(writer, t, level + 1, ref pos); }
        }
        writer.WriteEndArray();
    }
}
