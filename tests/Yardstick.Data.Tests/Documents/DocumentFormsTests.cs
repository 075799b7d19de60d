using Yardstick.Core.Documents;
using Yardstick.Data.Documents;

namespace Yardstick.Data.Tests.Documents;

/// <summary>
/// Issue 26's metamorphic check through files: each corpus document written as a Word document, as a web page and as a
/// PDF, its tables real tables, and read back is read as well as its text; a seed plan gives the same items in every form.
/// </summary>
public class DocumentFormsTests
{
    /// <summary>
    /// Every kind within 0.02 F1 of the text form, over all 44 corpus documents: as a Word document, as a web page, and
    /// printed to PDF by LibreOffice, plainly and set as a government document (all 44 in one LibreOffice run, under a
    /// minute; without LibreOffice the test fails).
    /// </summary>
    [Theory]
    [InlineData(FileForm.Docx)]
    [InlineData(FileForm.Html)]
    [InlineData(FileForm.Pdf)]
    [InlineData(FileForm.GovernmentPdf)]
    public void Issue_26_the_corpus_as_docx_html_or_pdf_is_read_as_well_as_its_text(FileForm form)
    {
        var corpus = Path.Combine(Tests(), "reading-corpus");
        var through = form is FileForm.Pdf or FileForm.GovernmentPdf
            ? DocumentForms.ThroughPdfs(ReadingCorpus.Texts(corpus).Select(t => t.Text), government: form == FileForm.GovernmentPdf)
            : t => DocumentForms.ThroughFile(t, form);

        var text = ReadingJson.Score.Sum(ReadingCorpus.Score(corpus).SelectMany(d => d.Scores));
        var file = ReadingJson.Score.Sum(ReadingCorpus.Score(corpus, through: through).SelectMany(d => d.Scores));

        foreach (var kind in text.Where(s => s.Expected > 0))
        {
            var same = file.Single(s => s.Kind == kind.Kind);
            same.F1.ShouldBeGreaterThanOrEqualTo(kind.F1 - 0.02, $"{form} {kind.Kind}: missed {string.Join("; ", same.Missed)}");
        }
    }

    /// <summary>
    /// Issue 26: seed 001 (通辽市“十四五”卫生健康事业发展规划, its indicator table flattened one cell per line) as .txt, as a
    /// .docx and as an .html page with real tables, and printed to PDF (merged category cells, names wrapped over up to
    /// five lines in narrow columns) gives the same items.
    /// </summary>
    [Theory]
    [InlineData(FileForm.Docx)]
    [InlineData(FileForm.Html)]
    [InlineData(FileForm.Pdf)]
    public void A_seed_plan_as_txt_docx_html_and_pdf_gives_the_same_items(FileForm form)
    {
        var text = File.ReadAllText(Path.Combine(Tests(), "Yardstick.Core.Tests", "Documents", "TestData", "001_tongliao_plan.txt"));

        var expected = Items(text);

        expected.Split('\n').Count(l => l.StartsWith("indicator ", StringComparison.Ordinal)).ShouldBe(24);
        Items(DocumentForms.ThroughFile(text, form)).ShouldBe(expected);
    }

    private static string Items(string text)
    {
        var r = DocumentReader.Read(text);
        return string.Join('\n', r.Indicators.Select(i => $"indicator {i.Category} {i.Name} {i.Unit} {i.BaselineValue} {i.Target?.Comparator} {i.Target?.Value} {i.TargetYear} {i.Nature}")
            .Concat(r.Tasks.Select(t => $"task {t.No} {t.Title} {string.Join('、', t.Leads)} / {string.Join('、', t.Responsible)}"))
            .Concat(r.ProseTargets.Select(p => $"target {p.Name} {p.Comparator} {p.Value} {p.Unit} {p.Year}"))
            .Concat(r.Achievements.Select(p => $"achieved {p.Name} {p.Value} {p.Unit} {p.Year}")));
    }

    private static string Tests()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "tests", "reading-corpus")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("tests/reading-corpus not found above " + AppContext.BaseDirectory);
        }
        return Path.Combine(root, "tests");
    }
}
