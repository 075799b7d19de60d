using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Core.Model;
using Yardstick.Web.Hosting;

namespace Yardstick.Web.Tests;

public class ProblemsTests
{
    [Fact]
    public void Issue_30_every_refusal_kind_has_its_status_and_a_general_Chinese_title()
    {
        var expected = new Dictionary<RefusalKind, int>
        {
            [RefusalKind.Invalid] = 400,
            [RefusalKind.Forbidden] = 403,
            [RefusalKind.NotFound] = 404,
            [RefusalKind.Conflict] = 409,
            [RefusalKind.Locked] = 409,
            [RefusalKind.UnsupportedType] = 415,
            [RefusalKind.Busy] = 503,
        };

        foreach (var kind in Enum.GetValues<RefusalKind>())
        {
            var (status, title) = Problems.Answer(kind);

            status.ShouldBe(expected[kind], kind.ToString());
            title.ShouldNotBeNullOrWhiteSpace();
            title.Any(c => c >= '\u4e00' && c <= '\u9fff').ShouldBeTrue($"{kind}: {title}");
        }
    }

    [Fact]
    public async Task Issue_30_a_refusal_answers_with_its_reason_as_detail_and_its_field()
    {
        var (status, body, _) = await AnswerAsync(Refusal.Invalid("完成时限 (deadline) 应为 YYYY-MM-DD", "deadline"));

        status.ShouldBe(400);
        body.GetProperty("title").GetString().ShouldBe(Problems.Answer(RefusalKind.Invalid).Title);
        body.GetProperty("detail").GetString().ShouldBe("完成时限 (deadline) 应为 YYYY-MM-DD");
        body.GetProperty("field").GetString().ShouldBe("deadline");
    }

    [Fact]
    public async Task Issue_30_the_same_words_answer_by_kind_not_by_what_they_say()
    {
        var (forbidden, _, _) = await AnswerAsync(Refusal.Conflict("无权修改: 报表已上报"));
        var (conflict, _, _) = await AnswerAsync(Refusal.Forbidden("本年度考核已公示"));

        forbidden.ShouldBe(409);
        conflict.ShouldBe(403);
    }

    [Fact]
    public async Task Issue_30_a_busy_refusal_says_when_to_retry()
    {
        var (status, _, retryAfter) = await AnswerAsync(new Refusal(RefusalKind.Busy, "数据加载中 (40%), 请稍后重试"));

        status.ShouldBe(503);
        retryAfter.ShouldBe(Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<(int Status, JsonElement Body, string RetryAfter)> AnswerAsync(Refusal refusal)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;

        await Problems.Result(refusal).ExecuteAsync(context);

        return (context.Response.StatusCode, JsonDocument.Parse(body.ToArray()).RootElement.Clone(), context.Response.Headers.RetryAfter.ToString());
    }
}
