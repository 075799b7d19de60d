using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>
/// Identity's user manager, with a failed sign-in counted even when others of the same account are counted at the same
/// moment. Identity writes the count back under the account's concurrency stamp; of several wrong passwords sent at once
/// only the first write would land and the rest fail silently, so an attacker sending them in parallel was never locked
/// out (issue 24). A lost write is retried on the account as it is now.
/// </summary>
public sealed class YardstickUserManager(IUserStore<YardstickUser> store, IOptions<IdentityOptions> options, IPasswordHasher<YardstickUser> hasher,
    IEnumerable<IUserValidator<YardstickUser>> userValidators, IEnumerable<IPasswordValidator<YardstickUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<YardstickUser>> logger, AccessDb access)
    : UserManager<YardstickUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    private const int Attempts = 50;

    public override async Task<IdentityResult> AccessFailedAsync(YardstickUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        for (var attempt = 1; ; attempt++)
        {
            var result = await base.AccessFailedAsync(user);
            if (result.Succeeded || attempt == Attempts || result.Errors.All(e => e.Code != nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                return result;
            }
            await access.Entry(user).ReloadAsync();
        }
    }
}
