using System.Text;

namespace Yardstick.Core.Text;

/// <summary>
/// Turns the bytes of a text file into a string the way Chinese offices save them: UTF-8 (BOM or not), or GB18030 as
/// Chinese Excel and Notepad save — but GB18030 only when the bytes are not UTF-8 as a whole, do not look like UTF-8
/// with a few damaged bytes, and decode as GB18030 without a single error. Anything else is refused with the line of
/// the first bad byte: one stray byte must not turn a whole UTF-8 file into mojibake (东风镇 → 涓滈闀?) that imports.
/// </summary>
public static class TextDecoding
{
    static TextDecoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var bom = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var body = bytes.AsSpan(bom);
        var (firstBad, valid, invalid) = Scan(body);
        if (firstBad < 0)
        {
            return Encoding.UTF8.GetString(body);
        }
        // A BOM says UTF-8; so do many well-formed multi-byte sequences beside a few bad bytes (GB18030 text breaks UTF-8
        // about as often as it happens to fit it).
        var damagedUtf8 = bom > 0 || invalid * 20 < valid;
        if (!damagedUtf8)
        {
            try
            {
                return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(body);
            }
            catch (DecoderFallbackException)
            {
                // Neither encoding: refused below.
            }
        }
        var line = 1 + body[..firstBad].Count((byte)'\n');
        throw new TextDecodingException(line, damagedUtf8
            ? $"第 {line} 行有无效的字节 (0x{body[firstBad]:X2}): 文件是 UTF-8 编码但已损坏, 请检查该行后重新保存"
            : $"第 {line} 行有无效的字节 (0x{body[firstBad]:X2}): 文件既不是 UTF-8 也不是 GB18030 编码, 请另存为 UTF-8");
    }

    /// <summary>The offset of the first byte that is not UTF-8 (−1 when all are), and how many multi-byte sequences were well formed and how many bytes were not.</summary>
    private static (int FirstBad, int Valid, int Invalid) Scan(ReadOnlySpan<byte> bytes)
    {
        int firstBad = -1, valid = 0, invalid = 0, i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] < 0x80)
            {
                i++;
                continue;
            }
            if (System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                valid++;
            }
            else
            {
                invalid++;
                if (firstBad < 0)
                {
                    firstBad = i;
                }
            }
            i += Math.Max(consumed, 1);
        }
        return (firstBad, valid, invalid);
    }
}

/// <summary>Text that is neither UTF-8 nor GB18030; <see cref="Line"/> is where the first bad byte is.</summary>
public sealed class TextDecodingException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
