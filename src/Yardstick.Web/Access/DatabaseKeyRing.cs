using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Yardstick.Data;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>
/// The data-protection key ring (which signs cookies and anti-forgery tokens) kept in the database, so that every app
/// instance behind a load balancer reads the same keys and a restart does not sign everyone out.
/// </summary>
public sealed class DatabaseKeyRing(DatabaseLocation location) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = new AccessDb(AccessDb.OptionsFor(location));
        return [.. db.DataProtectionKeys.Select(k => k.Xml).AsEnumerable().Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = new AccessDb(AccessDb.OptionsFor(location));
        db.DataProtectionKeys.Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
