using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Yardstick.Data.Access;

/// <summary>
/// The 等保2.0 rules for accounts, in one place for the web app and the CLI: password length and classes
/// (<see cref="PasswordRules"/>), no reuse of the last <see cref="RememberedPasswords"/>, a change every
/// <see cref="PasswordMaxAge"/>, lockout after <see cref="MaxFailedAttempts"/> failures.
/// </summary>
public static class IdentityRules
{
    public const int RememberedPasswords = 5;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan PasswordMaxAge = TimeSpan.FromDays(90);

    /// <summary>The longest user name: longer ones are refused before anything (the audit log included) stores them.</summary>
    public const int MaxUserNameLength = 64;

    public static void Configure(IdentityOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        // PasswordRules asks for three of the four classes; Identity's own switches would demand all four.
        o.Password.RequiredLength = 8;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        o.Lockout.DefaultLockoutTimeSpan = LockoutTime;
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = false;
        // Chinese user names (张三) are allowed.
        o.User.AllowedUserNameCharacters = null!;
    }

    /// <summary>True when the password is due for its periodic change (or was never changed since an admin set it).</summary>
    public static bool PasswordExpired(YardstickUser user, DateTimeOffset now) =>
        user.MustChangePassword || user.PasswordChangedAt is not { } at || now - at > PasswordMaxAge;

    /// <summary>Sets a new password (validated by every rule, history included), records it and clears the must-change flag.</summary>
    public static async Task<IdentityResult> ChangePasswordAsync(UserManager<YardstickUser> users, AccessDb db, YardstickUser user,
        string? currentPassword, string newPassword, DateTimeOffset now, bool mustChangeNext = false)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var result = currentPassword is null
            ? await ResetAsync(users, user, newPassword)
            : await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            return result;
        }
        user.MustChangePassword = mustChangeNext;
        user.PasswordChangedAt = now;
        db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash!, ChangedAt = now.ToString("O", CultureInfo.InvariantCulture) });
        await db.SaveChangesAsync();
        var updated = await users.UpdateAsync(user);
        // Whoever held the old password (or a token made with it) is out: every session and token ends. The web page
        // that made the change signs its user in again.
        await UserAccounts.EndAccessAsync(users, db, user, tokens: true);
        return updated;
    }

    /// <summary>An administrator's reset: the new password passes every validator before the old one is removed.</summary>
    private static async Task<IdentityResult> ResetAsync(UserManager<YardstickUser> users, YardstickUser user, string newPassword)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, newPassword);
            errors.AddRange(check.Errors);
        }
        if (errors.Count > 0)
        {
            return IdentityResult.Failed([.. errors]);
        }
        user.PasswordHash = users.PasswordHasher.HashPassword(user, newPassword);
        await users.UpdateSecurityStampAsync(user);
        return IdentityResult.Success;
    }

    /// <summary>A random password that passes the rules, for first logins: the holder must change it.</summary>
    public static string RandomPassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 12).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        return "Ys-" + new string([.. chars]) + RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>How long an access token works unless its maker chooses otherwise.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(90);

    /// <summary>The longest lifetime a token may be given (a year): a forgotten token must still run out.</summary>
    public const int MaxTokenDays = 366;

    /// <summary>Creates a personal access token for the API; returns the token text, shown once and stored only as a hash.</summary>
    public static async Task<string> CreateTokenAsync(AccessDb db, YardstickUser user, string name, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var token = "ys_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.AccessTokens.Add(new AccessToken
        {
            UserId = user.Id,
            Name = name,
            Hash = TokenHash(token),
            CreatedAt = now.ToString("O", CultureInfo.InvariantCulture),
            ExpiresAt = (now + (lifetime ?? TokenLifetime)).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        });
        await db.SaveChangesAsync();
        return token;
    }

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>No reuse of the last <see cref="IdentityRules.RememberedPasswords"/> passwords.</summary>
public sealed class PasswordHistoryRule(AccessDb db) : IPasswordValidator<YardstickUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<YardstickUser> manager, YardstickUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var recent = await db.PasswordHistory.AsNoTracking().Where(h => h.UserId == user.Id)
            .OrderByDescending(h => h.Id).Take(IdentityRules.RememberedPasswords).Select(h => h.PasswordHash).ToListAsync();
        if (user.PasswordHash is { } current)
        {
            recent.Add(current);
        }
        return recent.Any(h => manager.PasswordHasher.VerifyHashedPassword(user, h, password ?? "") != PasswordVerificationResult.Failed)
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordReused", Description = $"新密码不能与最近 {IdentityRules.RememberedPasswords} 次使用过的密码相同" })
            : IdentityResult.Success;
    }
}
