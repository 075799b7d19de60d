using System.Text;
using Yardstick.Core.Text;

namespace Yardstick.Core.Tests.Text;

public class TextDecodingTests
{
    /// <summary>GB18030 is there once TextDecoding has registered the code pages.</summary>
    private static Encoding Gb18030
    {
        get
        {
            _ = TextDecoding.Decode([]);
            return Encoding.GetEncoding("GB18030");
        }
    }

    [Fact]
    public void Utf8_and_clean_gb18030_are_read()
    {
        TextDecoding.Decode(Encoding.UTF8.GetBytes("code,name\n150502,东风镇\n")).ShouldContain("东风镇");
        TextDecoding.Decode([.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes("东风镇")]).ShouldBe("东风镇");
        TextDecoding.Decode(Gb18030.GetBytes("code,name\n150502,东风镇\n150503,西风镇\n")).ShouldContain("西风镇");
    }

    [Fact]
    public void One_stray_byte_in_a_utf8_file_is_refused_at_its_line_not_read_as_gb18030()
    {
        var lines = string.Concat(Enumerable.Range(0, 40).Select(i => $"1505{i:D2},东风镇第{i}村\n"));
        var bytes = Encoding.UTF8.GetBytes(lines).ToList();
        var at = Encoding.UTF8.GetByteCount(string.Concat(lines.Split('\n').Take(7).Select(l => l + "\n")));
        bytes.Insert(at + 3, 0xFF);

        var refused = Should.Throw<TextDecodingException>(() => TextDecoding.Decode([.. bytes]));
        refused.Line.ShouldBe(8);
        refused.Message.ShouldContain("第 8 行");
    }

    [Fact]
    public void Bytes_that_are_neither_are_refused()
    {
        Should.Throw<TextDecodingException>(() => TextDecoding.Decode([0x61, 0x0A, 0x80, 0x80, 0xFF]));
    }
}
