using System.Net;
using System.Text.RegularExpressions;

namespace Yardstick.Testing;

/// <summary>The anti-forgery token of a page's form, for clients that post forms as a browser would (web tests, page benchmark).</summary>
public static partial class AntiForgeryToken
{
    public static string From(string html) =>
        Pattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("no anti-forgery token on the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Pattern();
}
