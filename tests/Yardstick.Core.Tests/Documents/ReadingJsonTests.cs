using System.Text.Json.Nodes;
using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>The hand-checked expected results per seed, scored the way <c>yardstick read --score</c> does.</summary>
public class ReadingJsonTests
{
    private static string TestData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", "TestData", name));

    [Theory]
    [InlineData("001_tongliao_plan", "indicators", 24)]
    [InlineData("002_changzhou_workpoints", "tasks", 24)]
    public void Each_seed_reproduces_its_expected_reading(string seed, string kind, int count)
    {
        var expected = JsonNode.Parse(TestData(seed + ".expected.json"))!;

        var scores = ReadingJson.Compare(expected, ReadingJson.ToJson(DocumentReader.Read(TestData(seed + ".txt"))));

        var score = scores.Single(s => s.Kind == kind);
        score.Expected.ShouldBe(count);
        score.Precision.ShouldBe(1);
        score.Recall.ShouldBe(1);
    }

    [Fact]
    public void A_wrong_or_missing_item_lowers_precision_and_recall()
    {
        var expected = JsonNode.Parse(TestData("001_tongliao_plan.expected.json"))!;
        var indicators = expected["indicators"]!.AsArray();
        indicators[1]!["target"]!["value"] = 9;
        indicators.RemoveAt(0);

        var score = ReadingJson.Compare(expected, ReadingJson.ToJson(DocumentReader.Read(TestData("001_tongliao_plan.txt")))).Single();

        score.Matched.ShouldBe(22);
        score.Precision.ShouldBe(22.0 / 24);
        score.Recall.ShouldBe(22.0 / 23);
    }
}
