using Microsoft.AspNetCore.Identity;

namespace Yardstick.Data.Access;

/// <summary>
/// 等保2.0 password complexity: at least 8 characters from at least three of lower case, upper case, digits and
/// symbols (Identity's own options can only demand each class, not three of four).
/// </summary>
public sealed class PasswordRules : IPasswordValidator<YardstickUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<YardstickUser> manager, YardstickUser user, string? password)
    {
        var p = password ?? "";
        var classes = new[] { p.Any(char.IsLower), p.Any(char.IsUpper), p.Any(char.IsDigit), p.Any(c => !char.IsLetterOrDigit(c)) }.Count(x => x);
        return Task.FromResult(p.Length >= 8 && classes >= 3
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "PasswordComplexity", Description = "密码至少 8 位, 且包含大写字母、小写字母、数字、符号中的至少三类" }));
    }
}
