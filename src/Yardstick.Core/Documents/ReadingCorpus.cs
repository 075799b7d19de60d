using System.Text.Json.Nodes;

namespace Yardstick.Core.Documents;

/// <summary>
/// A directory of documents with their expected readings, scored as a whole: the reading corpus's layout
/// (<c>docs/NN.txt</c>, whose first line is the source address, beside <c>truth/NN.json</c>) or the seeds'
/// (<c>NN.txt</c> beside <c>NN.expected.json</c>). One place decides how a corpus is read, for <c>yardstick read
/// --score DIR</c> and for the tests that hold the reader to its floor.
/// </summary>
public static class ReadingCorpus
{
    /// <summary>One document: its name, the kind the expected reading gives, the reading, and its scores per kind.</summary>
    public sealed record Document(string Name, string? ExpectedKind, DocumentReading Reading, IReadOnlyList<ReadingJson.Score> Scores);

    /// <summary>Reads and scores every document of <paramref name="directory"/> that has an expected reading, in name order.</summary>
    /// <param name="form">The shape each document's tables are rendered in before reading (<see cref="TableForms"/>).</param>
    /// <param name="through">What the text goes through after that, as a file would (written as .docx and read back).</param>
    public static IReadOnlyList<Document> Score(string directory, IndicatorCatalogue? catalogue = null, TableForm form = TableForm.BarCells,
        Func<string, string>? through = null)
    {
        var documents = new List<Document>();
        foreach (var (name, text, expected) in Texts(directory, form))
        {
            var reading = DocumentReader.Read(through is null ? text : through(text), catalogue);
            documents.Add(new Document(name, expected["kind"]?.GetValue<string>(), reading, ReadingJson.Compare(expected, ReadingJson.ToJson(reading))));
        }
        return documents;
    }

    /// <summary>Each document of <paramref name="directory"/> that has an expected reading, its tables rendered in <paramref name="form"/>, in name order.</summary>
    public static IReadOnlyList<(string Name, string Text, JsonNode Expected)> Texts(string directory, TableForm form = TableForm.BarCells)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var corpus = Directory.Exists(Path.Combine(directory, "docs")) && Directory.Exists(Path.Combine(directory, "truth"));
        var pairs = corpus
            ? Directory.GetFiles(Path.Combine(directory, "docs"), "*.txt").Order(StringComparer.Ordinal)
                .Select(d => (Doc: d, Truth: Path.Combine(directory, "truth", Path.GetFileNameWithoutExtension(d) + ".json")))
            : Directory.GetFiles(directory, "*.expected.json").Order(StringComparer.Ordinal)
                .Select(t => (Doc: t[..^".expected.json".Length] + ".txt", Truth: t));
        var texts = new List<(string, string, JsonNode)>();
        foreach (var (doc, truth) in pairs.Where(p => File.Exists(p.Doc) && File.Exists(p.Truth)))
        {
            // The same decoding every text file gets (UTF-8, or clean GB18030).
            var text = Text.TextDecoding.Decode(File.ReadAllBytes(doc));
            if (corpus)
            {
                // The corpus's first line is where the page came from, not part of the document.
                text = text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];
            }
            texts.Add((Path.GetFileNameWithoutExtension(doc), TableForms.Render(text, form), JsonNode.Parse(File.ReadAllText(truth))!));
        }
        return texts;
    }
}
