using System.Globalization;
using System.Text;

namespace Yardstick.Web.Access;

/// <summary>
/// A QR code (ISO/IEC 18004) of a short text in byte mode at error correction level M, versions 1–10 (up to 213 bytes):
/// enough for an authenticator's otpauth URI, with no package needed offline. <see cref="Dark"/> is indexed [y, x].
/// </summary>
public sealed class QrCode
{
    // Per version 1–10 at level M: EC codewords per block, blocks and data codewords of the short blocks, long blocks.
    private static readonly (int Ec, int ShortBlocks, int ShortData, int LongBlocks)[] Blocks =
    [
        (0, 0, 0, 0), (10, 1, 16, 0), (16, 1, 28, 0), (26, 1, 44, 0), (18, 2, 32, 0), (24, 2, 43, 0),
        (16, 4, 27, 0), (18, 4, 31, 0), (22, 2, 38, 2), (22, 3, 36, 2), (26, 4, 43, 1),
    ];

    private static readonly int[][] Alignment =
    [
        [], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ];

    private readonly bool[,] _dark;
    private readonly bool[,] _function;

    public int Version { get; }
    public int Size { get; }
    public int Mask { get; private set; }

    /// <summary>Whether the module at column <paramref name="x"/>, row <paramref name="y"/> is dark.</summary>
    public bool Dark(int x, int y) => _dark[y, x];

    private QrCode(int version, byte[] codewords, int? mask)
    {
        Version = version;
        Size = version * 4 + 17;
        _dark = new bool[Size, Size];
        _function = new bool[Size, Size];
        DrawFunctionPatterns();
        DrawCodewords(codewords);
        if (mask is { } chosen)
        {
            Mask = chosen;
        }
        else
        {
            var best = int.MaxValue;
            for (var m = 0; m < 8; m++)
            {
                ApplyMask(m);
                DrawFormatBits(m);
                var penalty = Penalty();
                if (penalty < best)
                {
                    best = penalty;
                    Mask = m;
                }
                ApplyMask(m);
            }
        }
        ApplyMask(Mask);
        DrawFormatBits(Mask);
    }

    /// <summary>The QR code of <paramref name="text"/> (UTF-8) in the smallest version that holds it; <paramref name="mask"/> forces a mask (tests).</summary>
    public static QrCode Encode(string text, int? mask = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (mask is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(m);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(m, 7);
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var version = 1; version < Blocks.Length; version++)
        {
            var capacity = DataCodewords(version);
            var countBits = version < 10 ? 8 : 16;
            if (4 + countBits + bytes.Length * 8 > capacity * 8)
            {
                continue;
            }
            var bits = new List<bool>();
            Append(bits, 0b0100, 4);
            Append(bits, bytes.Length, countBits);
            foreach (var b in bytes)
            {
                Append(bits, b, 8);
            }
            Append(bits, 0, Math.Min(4, capacity * 8 - bits.Count));
            Append(bits, 0, (8 - bits.Count % 8) % 8);
            var data = new List<byte>();
            for (var i = 0; i < bits.Count; i += 8)
            {
                var value = 0;
                for (var j = 0; j < 8; j++)
                {
                    value = value << 1 | (bits[i + j] ? 1 : 0);
                }
                data.Add((byte)value);
            }
            for (var pad = 0xEC; data.Count < capacity; pad ^= 0xEC ^ 0x11)
            {
                data.Add((byte)pad);
            }
            return new QrCode(version, Interleave(version, [.. data]), mask);
        }
        throw new ArgumentException($"text of {bytes.Length} bytes is too long for a version 1–10 QR code", nameof(text));
    }

    /// <summary>The code as SVG: one path of dark modules on white, with the standard four-module quiet zone.</summary>
    public string ToSvg(int pixelsPerModule = 4)
    {
        var full = Size + 8;
        var path = new StringBuilder();
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                if (_dark[y, x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x + 4},{y + 4}h1v1h-1z");
                }
            }
        }
        var pixels = (full * pixelsPerModule).ToString(CultureInfo.InvariantCulture);
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" width=\"{pixels}\" height=\"{pixels}\" shape-rendering=\"crispEdges\">" +
            $"<rect width=\"{full}\" height=\"{full}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>";
    }

    private static int DataCodewords(int version)
    {
        var (_, shortBlocks, shortData, longBlocks) = Blocks[version];
        return shortBlocks * shortData + longBlocks * (shortData + 1);
    }

    private static void Append(List<bool> bits, int value, int length)
    {
        for (var i = length - 1; i >= 0; i--)
        {
            bits.Add((value >> i & 1) != 0);
        }
    }

    private static byte[] Interleave(int version, byte[] data)
    {
        var (ec, shortBlocks, shortData, longBlocks) = Blocks[version];
        var divisor = Divisor(ec);
        var blocks = new List<(byte[] Data, byte[] Ec)>();
        var k = 0;
        for (var b = 0; b < shortBlocks + longBlocks; b++)
        {
            var length = shortData + (b < shortBlocks ? 0 : 1);
            var block = data[k..(k + length)];
            k += length;
            blocks.Add((block, Remainder(block, divisor)));
        }
        var result = new List<byte>();
        for (var i = 0; i <= shortData; i++)
        {
            result.AddRange(blocks.Where(b => i < b.Data.Length).Select(b => b.Data[i]));
        }
        for (var i = 0; i < ec; i++)
        {
            result.AddRange(blocks.Select(b => b.Ec[i]));
        }
        return [.. result];
    }

    /// <summary>The Reed–Solomon generator polynomial of <paramref name="degree"/> over GF(2⁸/0x11D), highest term dropped.</summary>
    private static byte[] Divisor(int degree)
    {
        var result = new byte[degree];
        result[degree - 1] = 1;
        var root = 1;
        for (var i = 0; i < degree; i++)
        {
            for (var j = 0; j < degree; j++)
            {
                result[j] = (byte)Multiply(result[j], root);
                if (j + 1 < degree)
                {
                    result[j] ^= result[j + 1];
                }
            }
            root = Multiply(root, 2);
        }
        return result;
    }

    private static byte[] Remainder(byte[] data, byte[] divisor)
    {
        var result = new byte[divisor.Length];
        foreach (var b in data)
        {
            var factor = b ^ result[0];
            Array.Copy(result, 1, result, 0, result.Length - 1);
            result[^1] = 0;
            for (var i = 0; i < result.Length; i++)
            {
                result[i] ^= (byte)Multiply(divisor[i], factor);
            }
        }
        return result;
    }

    private static int Multiply(int x, int y)
    {
        var z = 0;
        for (var i = 7; i >= 0; i--)
        {
            z = z << 1 ^ (z >> 7) * 0x11D;
            z ^= (y >> i & 1) * x;
        }
        return z;
    }

    private void Set(int x, int y, bool dark)
    {
        _dark[y, x] = dark;
        _function[y, x] = true;
    }

    private void DrawFunctionPatterns()
    {
        for (var i = 0; i < Size; i++)
        {
            Set(6, i, i % 2 == 0);
            Set(i, 6, i % 2 == 0);
        }
        foreach (var (cx, cy) in new[] { (3, 3), (Size - 4, 3), (3, Size - 4) })
        {
            for (var dy = -4; dy <= 4; dy++)
            {
                for (var dx = -4; dx <= 4; dx++)
                {
                    var distance = Math.Max(Math.Abs(dx), Math.Abs(dy));
                    if (cx + dx is >= 0 and var x && x < Size && cy + dy is >= 0 and var y && y < Size)
                    {
                        Set(x, y, distance != 2 && distance != 4);
                    }
                }
            }
        }
        var positions = Alignment[Version];
        for (var i = 0; i < positions.Length; i++)
        {
            for (var j = 0; j < positions.Length; j++)
            {
                var last = positions.Length - 1;
                if ((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0))
                {
                    continue;
                }
                for (var dy = -2; dy <= 2; dy++)
                {
                    for (var dx = -2; dx <= 2; dx++)
                    {
                        Set(positions[i] + dx, positions[j] + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
                    }
                }
            }
        }
        DrawFormatBits(0);
        if (Version >= 7)
        {
            var remainder = Version;
            for (var i = 0; i < 12; i++)
            {
                remainder = remainder << 1 ^ (remainder >> 11) * 0x1F25;
            }
            var bits = Version << 12 | remainder;
            for (var i = 0; i < 18; i++)
            {
                var dark = (bits >> i & 1) != 0;
                var a = Size - 11 + i % 3;
                var b = i / 3;
                Set(a, b, dark);
                Set(b, a, dark);
            }
        }
    }

    /// <summary>Level M (00) and the mask, BCH-coded and XORed with 101010000010010, in both copies, plus the dark module.</summary>
    private void DrawFormatBits(int mask)
    {
        var data = mask;
        var remainder = data;
        for (var i = 0; i < 10; i++)
        {
            remainder = remainder << 1 ^ (remainder >> 9) * 0x537;
        }
        var bits = (data << 10 | remainder) ^ 0x5412;
        bool Bit(int i) => (bits >> i & 1) != 0;
        for (var i = 0; i <= 5; i++)
        {
            Set(8, i, Bit(i));
        }
        Set(8, 7, Bit(6));
        Set(8, 8, Bit(7));
        Set(7, 8, Bit(8));
        for (var i = 9; i < 15; i++)
        {
            Set(14 - i, 8, Bit(i));
        }
        for (var i = 0; i < 8; i++)
        {
            Set(Size - 1 - i, 8, Bit(i));
        }
        for (var i = 8; i < 15; i++)
        {
            Set(8, Size - 15 + i, Bit(i));
        }
        Set(8, Size - 8, true);
    }

    private void DrawCodewords(byte[] codewords)
    {
        var i = 0;
        for (var right = Size - 1; right >= 1; right -= 2)
        {
            if (right == 6)
            {
                right = 5;
            }
            for (var vertical = 0; vertical < Size; vertical++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var x = right - j;
                    var upward = ((right + 1) & 2) == 0;
                    var y = upward ? Size - 1 - vertical : vertical;
                    if (!_function[y, x] && i < codewords.Length * 8)
                    {
                        _dark[y, x] = (codewords[i >> 3] >> (7 - (i & 7)) & 1) != 0;
                        i++;
                    }
                }
            }
        }
    }

    private void ApplyMask(int mask)
    {
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var invert = mask switch
                {
                    0 => (x + y) % 2 == 0,
                    1 => y % 2 == 0,
                    2 => x % 3 == 0,
                    3 => (x + y) % 3 == 0,
                    4 => (x / 3 + y / 2) % 2 == 0,
                    5 => x * y % 2 + x * y % 3 == 0,
                    6 => (x * y % 2 + x * y % 3) % 2 == 0,
                    _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
                };
                if (invert && !_function[y, x])
                {
                    _dark[y, x] = !_dark[y, x];
                }
            }
        }
    }

    /// <summary>The standard's four penalty rules: runs of five or more, 2×2 blocks, finder-like 1:1:3:1:1 patterns, dark share.</summary>
    private int Penalty()
    {
        var penalty = 0;
        for (var line = 0; line < Size; line++)
        {
            foreach (var horizontal in new[] { true, false })
            {
                bool At(int i) => horizontal ? _dark[line, i] : _dark[i, line];
                var run = 1;
                for (var i = 1; i <= Size; i++)
                {
                    if (i < Size && At(i) == At(i - 1))
                    {
                        run++;
                        continue;
                    }
                    if (run >= 5)
                    {
                        penalty += 3 + run - 5;
                    }
                    run = 1;
                }
                for (var i = 0; i + 11 <= Size; i++)
                {
                    var pattern = 0;
                    for (var j = 0; j < 11; j++)
                    {
                        pattern = pattern << 1 | (At(i + j) ? 1 : 0);
                    }
                    if (pattern is 0b10111010000 or 0b00001011101)
                    {
                        penalty += 40;
                    }
                }
            }
        }
        var dark = 0;
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                dark += _dark[y, x] ? 1 : 0;
                if (x + 1 < Size && y + 1 < Size && _dark[y, x] == _dark[y, x + 1] && _dark[y, x] == _dark[y + 1, x] && _dark[y, x] == _dark[y + 1, x + 1])
                {
                    penalty += 3;
                }
            }
        }
        var total = Size * Size;
        var k = (Math.Abs(dark * 20 - total * 10) + total - 1) / total - 1;
        return penalty + k * 10;
    }
}
