using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Yardstick.Data;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>
/// The data-protection key ring (which signs cookies and anti-forgery tokens) kept in the database, so that every app
/// instance behind a load balancer reads the same keys and a restart does not sign everyone out. Only encrypted keys are
/// read: a key stored in plain text (by a version before key encryption, or planted by someone who can write the
/// database) is ignored, so it signs nothing; the start-up removes such rows.
/// </summary>
public sealed class DatabaseKeyRing(DatabaseLocation location) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = new AccessDb(AccessDb.OptionsFor(location));
        return [.. db.DataProtectionKeys.Select(k => k.Xml).AsEnumerable().Select(x => XElement.Parse(x)).Where(IsEncrypted)];
    }

    /// <summary>A key whose secret is encrypted (data protection writes the secret inside an encryptedSecret element).</summary>
    public static bool IsEncrypted(XElement key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Descendants().Any(e => e.Name.LocalName == "encryptedSecret");
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = new AccessDb(AccessDb.OptionsFor(location));
        db.DataProtectionKeys.Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
