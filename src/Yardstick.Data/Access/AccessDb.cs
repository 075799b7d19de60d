using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Yardstick.Data.Access;

/// <summary>
/// Who may sign in and how: Identity's tables on the same database as the data, named the way the rest of the schema is
/// (users, roles, user_roles…, snake_case columns), plus personal access tokens, password history and the web app's
/// data-protection keys. The tables come from the numbered SQL migrations (<c>0004_access.sql</c>, <c>0005_web.sql</c>),
/// never from EF.
/// </summary>
public sealed class AccessDb(DbContextOptions<AccessDb> options) : IdentityDbContext<YardstickUser>(options)
{
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
    public DbSet<UserSession> Sessions => Set<UserSession>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<YardstickUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        builder.Entity<AccessToken>().ToTable("access_tokens");
        builder.Entity<PasswordHistoryEntry>().ToTable("password_history");
        builder.Entity<DataProtectionKeyRow>().ToTable("data_protection_keys");
        builder.Entity<UserSession>().ToTable("user_sessions").HasKey(s => s.SessionKey);
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(YardstickDb.SnakeCase(property.Name));
            }
        }
    }

    public static DbContextOptions<AccessDb> OptionsFor(DatabaseLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return (DbContextOptions<AccessDb>)location.UseFor(new DbContextOptionsBuilder<AccessDb>()).Options;
    }
}

/// <summary>A personal access token for the API (<c>Authorization: Bearer …</c>): only its SHA-256 is stored.</summary>
public sealed class AccessToken
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Hash { get; set; } = "";
    public string CreatedAt { get; set; } = "";
    public string? LastUsedAt { get; set; }

    /// <summary>After this moment (ISO 8601, UTC) the token no longer signs anyone in; null only for tokens made before expiry existed.</summary>
    public string? ExpiresAt { get; set; }

    public bool IsExpired(DateTimeOffset now) =>
        ExpiresAt is { } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, out var end) && now >= end;
}

/// <summary>
/// A signed-in browser: the cookie holds only <see cref="SessionKey"/>, the authentication ticket is kept here. Deleting
/// the row ends the session at once, on every instance.
/// </summary>
public sealed class UserSession
{
    public string SessionKey { get; set; } = "";
    public string UserId { get; set; } = "";
    public byte[] Ticket { get; set; } = [];
    public string CreatedAt { get; set; } = "";
    public string? ExpiresAt { get; set; }

    /// <summary>When the user signed out of it: the row stays (without its ticket) so that nothing revives the key.</summary>
    public string? EndedAt { get; set; }
}

/// <summary>A password a user had, kept (hashed) so that the last few cannot be chosen again.</summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string ChangedAt { get; set; } = "";
}

/// <summary>One key of the ASP.NET Core data-protection key ring (cookies, CSRF tokens), shared by every app instance.</summary>
public sealed class DataProtectionKeyRow
{
    public long Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
}
