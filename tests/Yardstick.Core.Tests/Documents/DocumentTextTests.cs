using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

public class DocumentTextTests
{
    [Fact]
    public void Pinyin_after_characters_is_removed_and_every_span_maps_back()
    {
        var text = DocumentText.Normalize("衛(wèi)生局發(fā)展(一)項目,醫(yī)療費用(‰)");

        text.Text.ShouldBe("衛生局發展(一)項目,醫療費用(‰)");
        var at = text.Text.IndexOf("醫療", StringComparison.Ordinal);
        text.SourceOf(at, 2).ShouldBe("醫(yī)療");
    }

    [Fact]
    public void Full_width_characters_fold_but_numbers_are_never_invented()
    {
        var text = DocumentText.Normalize("婴儿死亡率（‰）：５．３４，Ⅱ型糖尿病，纳入⒑范围");

        text.Text.ShouldBe("婴儿死亡率(‰):5.34,2型糖尿病,纳入⒑范围");
        text.SourceOf(text.Text.IndexOf("5.34", StringComparison.Ordinal), 4).ShouldBe("５．３４");
    }

    [Fact]
    public void Seed_004_loses_its_638_pinyin_annotations_and_nothing_else()
    {
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", "TestData", "004_district_report.txt"));
        var annotations = System.Text.RegularExpressions.Regex.Matches(original, @"(?<=\p{IsCJKUnifiedIdeographs})\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)");

        var text = DocumentText.Normalize(original).Text;

        annotations.Count.ShouldBe(638);
        text.Length.ShouldBe(original.Length - annotations.Sum(m => m.Length) - original.Count(c => c is '\r' or '\uFEFF'));
        text.ShouldContain("(一)");
    }
}
