using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

public class DocumentTextTests
{
    [Fact]
    public void Pinyin_after_characters_is_removed_and_every_span_maps_back()
    {
        var text = DocumentText.Normalize("衛(wèi)生局發(fā)展(一)項目,醫(yī)療費用(‰)");

        text.Text.ShouldBe("卫生局发展(一)项目,医疗费用(‰)");
        var at = text.Text.IndexOf("医疗", StringComparison.Ordinal);
        text.SourceOf(at, 2).ShouldBe("醫(yī)療");
    }

    [Fact]
    public void Traditional_phrases_convert_before_single_characters()
    {
        var converter = TraditionalToSimplified.Default;

        converter.Convert("乾乾淨淨的醫療衛生服務,一目瞭然").ShouldBe("干干净净的医疗卫生服务,一目了然");
        converter.Convert("乾隆").ShouldStartWith("乾");
        converter.Convert("简体字不变 123").ShouldBe("简体字不变 123");
    }

    [Fact]
    public void Full_width_characters_fold_but_numbers_are_never_invented()
    {
        var text = DocumentText.Normalize("婴儿死亡率（‰）：５．３４，Ⅱ型糖尿病，纳入⒑范围");

        text.Text.ShouldBe("婴儿死亡率(‰):5.34,2型糖尿病,纳入⒑范围");
        text.SourceOf(text.Text.IndexOf("5.34", StringComparison.Ordinal), 4).ShouldBe("５．３４");
    }

    [Fact]
    public void Seed_004_loses_its_638_pinyin_annotations_and_reads_as_simplified()
    {
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", "TestData", "004_district_report.txt"));
        var annotations = System.Text.RegularExpressions.Regex.Matches(original, @"(?<=\p{IsCJKUnifiedIdeographs})\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)");

        var text = DocumentText.Normalize(original).Text;

        annotations.Count.ShouldBe(638);
        text.ShouldNotContain("(wèi)");
        text.ShouldContain("(一)");
        text.ShouldContain("卫生局发展提升工作报告");
    }

    [Fact]
    public void Garbled_spans_are_flagged_and_yield_no_figures()
    {
        var reading = DocumentReader.Read("某区卫生局工作报告\n一是将准新生儿纳入?yún)⒑戏秶\uE2F0_@项创新率100%。参合率达98.2%。");

        reading.Warnings.ShouldHaveSingleItem().ShouldStartWith("第2行疑似乱码");
        reading.Achievements.Select(a => a.Value).ShouldBe([98.2m]);
    }

    [Fact]
    public void An_ordinary_question_mark_is_not_garbled()
    {
        DocumentText.Normalize("如何提升服务能力？我们认为").Garbled.ShouldBeEmpty();
    }
}
