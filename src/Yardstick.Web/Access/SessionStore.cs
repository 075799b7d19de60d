using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>
/// Server-side sessions for the sign-in cookie: the cookie carries a random key, the ticket is a row of
/// <c>user_sessions</c>, read on every request. Deleting rows (sign-out, <see cref="UserAccounts.EndAccessAsync"/>) ends a
/// session at once on every instance, and a disabled or locked-out account's sessions stop working the moment it is. A
/// ticket made under an older security stamp than the account's is refused too (<see cref="UserAccounts.EndAccessAsync"/>
/// renews the stamp). A signed-out session's row stays, marked ended, until it would have expired: neither a renewal
/// racing the sign-out nor a replayed cookie brings it back.
/// </summary>
public sealed class SessionStore(IServiceScopeFactory scopes, TimeProvider time, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Identity.IdentityOptions> identity)
    : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDb>();
        var now = time.GetUtcNow();
        // Sessions that ran out are swept as new ones start: the table holds live sessions, not history (the audit log has that).
        var cutoff = now.ToString("O", CultureInfo.InvariantCulture);
        await db.Sessions.Where(s => s.ExpiresAt != null && string.Compare(s.ExpiresAt, cutoff) < 0).ExecuteDeleteAsync();
        db.Sessions.Add(new UserSession
        {
            SessionKey = key,
            UserId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            Ticket = TicketSerializer.Default.Serialize(ticket),
            CreatedAt = now.ToString("O", CultureInfo.InvariantCulture),
            ExpiresAt = Expiry(ticket),
        });
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDb>();
        var bytes = TicketSerializer.Default.Serialize(ticket);
        var expiry = Expiry(ticket);
        // Sliding renewal, or a new sign-in from a browser that still sends its old key (after a password change): written
        // whether or not the row exists. A stale ticket written back is refused by its security stamp.
        var updated = await db.Sessions.Where(s => s.SessionKey == key && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Ticket, bytes).SetProperty(s => s.ExpiresAt, expiry));
        if (updated == 0 && !await db.Sessions.AnyAsync(s => s.SessionKey == key))
        {
            db.Sessions.Add(new UserSession
            {
                SessionKey = key,
                UserId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                Ticket = bytes,
                CreatedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                ExpiresAt = expiry,
            });
            await db.SaveChangesAsync();
        }
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDb>();
        var row = await db.Sessions.AsNoTracking().Where(s => s.SessionKey == key && s.EndedAt == null)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.Ticket, u.Disabled, u.LockoutEnd, u.SecurityStamp })
            .FirstOrDefaultAsync();
        if (row is null || row.Disabled || row.LockoutEnd is { } end && end > time.GetUtcNow())
        {
            return null;
        }
        var ticket = TicketSerializer.Default.Deserialize(row.Ticket);
        var stamp = ticket?.Principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp is not null && stamp == row.SecurityStamp ? ticket : null;
    }

    public async Task RemoveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDb>();
        var ended = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await db.Sessions.Where(s => s.SessionKey == key)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, ended).SetProperty(s => s.Ticket, Array.Empty<byte>()));
    }

    private static string? Expiry(AuthenticationTicket ticket) =>
        ticket.Properties.ExpiresUtc?.ToString("O", CultureInfo.InvariantCulture);
}
