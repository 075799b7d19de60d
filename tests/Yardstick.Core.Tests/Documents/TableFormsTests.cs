using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

public class TableFormsTests
{
    [Fact]
    public void Render_puts_each_cell_on_its_own_line_without_bars()
    {
        var text = "表1 主要指标\n指标 |\n2020年 |\n2025年 |\n|\n孕产妇死亡率 |\n\n";

        var blank = TableForms.Render(text, TableForm.BlankLineCells);
        var lines = TableForms.Render(text, TableForm.LineCells);

        blank.ShouldBe("表1 主要指标\n指标\n\n2020年\n\n2025年\n\n孕产妇死亡率\n\n\n");
        lines.ShouldBe("表1 主要指标\n指标\n2020年\n2025年\n孕产妇死亡率\n\n");
    }

    [Fact]
    public void A_table_one_cell_per_line_without_bars_gives_the_same_rows_as_with_bars()
    {
        var barred = "主要指标\n指标 |\n单位 |\n2020年 |\n2025年 |\n属性 |\n孕产妇死亡率 |\n1/10万 |\n12 |\n≤10 |\n预期性 |\n"
            + "婴儿死亡率 |\n‰ |\n5.4 |\n≤5 |\n约束性 |\n";

        var expected = Rows(barred);
        var blank = Rows(TableForms.Render(barred, TableForm.BlankLineCells));
        var lines = Rows(TableForms.Render(barred, TableForm.LineCells));

        expected.Count.ShouldBe(2);
        blank.ShouldBe(expected);
        lines.ShouldBe(expected);
    }

    /// <summary>
    /// Issue 26: the corpus's tables rendered one cell per line (blank lines between cells or not) are read as well as
    /// in the corpus's own <c> |</c> form, and so are its rows one per line (tabs, runs of spaces, bars): every kind
    /// within 0.02 F1 of it.
    /// </summary>
    [Theory]
    [InlineData(TableForm.BlankLineCells)]
    [InlineData(TableForm.LineCells)]
    [InlineData(TableForm.TabRows)]
    [InlineData(TableForm.SpaceRows)]
    [InlineData(TableForm.BarRows)]
    public void Issue_26_every_table_form_of_the_corpus_is_read_as_well_as_the_barred_form(TableForm form)
    {
        var corpus = Corpus();

        var barred = ReadingJson.Score.Sum(ReadingCorpus.Score(corpus).SelectMany(d => d.Scores));
        var other = ReadingJson.Score.Sum(ReadingCorpus.Score(corpus, form: form).SelectMany(d => d.Scores));

        foreach (var kind in barred.Where(s => s.Expected > 0))
        {
            var same = other.Single(s => s.Kind == kind.Kind);
            same.F1.ShouldBeGreaterThanOrEqualTo(kind.F1 - 0.02, $"{form} {kind.Kind}: missed {string.Join("; ", same.Missed)}");
        }
    }

    [Fact]
    public void A_row_whose_merged_category_is_left_out_is_read_after_a_tab_row()
    {
        var text = "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t适龄儿童国家免疫规划疫苗接种率\t≧90%\n7岁以下儿童健康管理率\t≧85%\n";

        var rows = Rows(text);

        rows.Count.ShouldBe(2);
        rows[1].ShouldStartWith("7岁以下儿童健康管理率|");
    }

    [Fact]
    public void A_category_and_a_number_before_a_name_start_one_row_when_cells_come_one_per_line()
    {
        var text = "类别\n指标\n2020年\n2025年\n指标性质\n健康水平\n1\n人均期望寿命(岁)\n—\n77.6\n预期\n2\n婴儿死亡率(‰)\n5.34\n<10\n预期\n";

        var rows = Rows(text);

        rows.Count.ShouldBe(2);
        rows[0].ShouldStartWith("人均期望寿命|");
    }

    private static List<string> Rows(string text) =>
        [.. DocumentReader.Read(text).Indicators.Select(i => $"{i.Name}|{i.Unit}|{i.BaselineYear}:{i.BaselineValue}|{i.TargetYear}:{i.Target?.Comparator}{i.Target?.Value}|{i.Nature}")];

    private static string Corpus()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "tests", "reading-corpus")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("tests/reading-corpus not found above " + AppContext.BaseDirectory);
        }
        return Path.Combine(root, "tests", "reading-corpus");
    }
}
