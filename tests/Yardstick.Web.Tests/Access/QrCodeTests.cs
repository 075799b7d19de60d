using System.Diagnostics;
using Yardstick.Web.Access;

namespace Yardstick.Web.Tests.Access;

/// <summary>The QR encoder against Debian's qrencode (installed by scripts/setup.sh): the same modules, module for module.</summary>
public sealed class QrCodeTests
{
    [Theory]
    [InlineData("HELLO WORLD")]
    [InlineData("otpauth://totp/Yardstick:planner01?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Yardstick&digits=6")]
    [InlineData("otpauth://totp/Yardstick:%E7%8E%8B%E5%B0%8F%E6%98%8E%E7%9A%84%E8%B4%A6%E5%8F%B7?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Yardstick&digits=6&algorithm=SHA1&period=30")]
    [InlineData("王小明 https://example.org/a/very/long/path/that/needs/version/ten/or/so/to/hold/all/of/it/in/byte/mode/at/level/m/so/we/keep/going/for/a/while/longer/still/and/longer/and/then/some/more")]
    public void Encode_draws_the_same_modules_as_qrencode(string text)
    {
        var expected = Qrencode(text);

        var matches = Enumerable.Range(0, 8).Where(m => Matrix(QrCode.Encode(text, m)) == expected).ToList();

        matches.Count.ShouldBe(1, $"one mask gives qrencode's code, version {QrCode.Encode(text).Version}");
        QrCode.Encode(text).Size.ShouldBe(expected.Split('\n').Length, "the same (smallest) version");
    }

    [Fact]
    public void Hello_world_is_version_1_and_renders_as_svg()
    {
        var code = QrCode.Encode("HELLO WORLD");

        code.Version.ShouldBe(1);
        code.Size.ShouldBe(21);
        code.ToSvg().ShouldStartWith("<svg ");
        code.ToSvg().ShouldContain("viewBox=\"0 0 29 29\"");
    }

    [Fact]
    public void Text_too_long_for_version_10_is_refused() =>
        Should.Throw<ArgumentException>(() => QrCode.Encode(new string('a', 214)));

    private static string Matrix(QrCode code) =>
        string.Join('\n', Enumerable.Range(0, code.Size).Select(y => new string([.. Enumerable.Range(0, code.Size).Select(x => code.Dark(x, y) ? '#' : '.')])));

    private static string Qrencode(string text)
    {
        var start = new ProcessStartInfo("qrencode") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-l", "M", "-8", "-m", "0", "-t", "ASCII", text })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
        return string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => new string([.. line.Chunk(2).Select(pair => pair[0] == '#' ? '#' : '.')])));
    }
}
