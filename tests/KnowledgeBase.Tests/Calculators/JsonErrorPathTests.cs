using System.Text;
using KnowledgeBase.Calculators;

namespace KnowledgeBase.Tests.Calculators;

public class JsonErrorPathTests
{
    [Theory]
    [InlineData("{\"layers\":[{\"type\":\"conv2d\",\"kernelSize\":[3,}]}", "layers[0].kernelSize[1]")]
    [InlineData("{\"layers\":[{\"type\":\"linear\"}, oops]}", "layers[1]")]
    [InlineData("{\"mode\":\"max\",\"input\":[[1,2],[3,x]]}", "input[1][1]")]
    [InlineData("{\"mode\": tru}", "mode")]
    [InlineData("{\"a\":1", "a")]
    [InlineData("nonsense", "$")]
    public void Names_where_reading_stopped(string json, string expected)
    {
        Assert.Equal(expected, JsonErrorPath.Find(Encoding.UTF8.GetBytes(json)));
    }
}
