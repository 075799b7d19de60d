using Microsoft.AspNetCore.Http.HttpResults;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Core.Tasks;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>领导批示件: the register (scoped, newest first, searched), one instruction with its tasks, and registering one.</summary>
public static class InstructionsApi
{
    public static void MapInstructionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/instructions", async Task<Ok<InstructionListAnswer>> (string? q, int? page, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var found = await Instructions.PageForAsync(db, await user.TaskViewerAsync(ct), q, page ?? 1, LocalClock.Today(time), ct);
            return TypedResults.Ok(new InstructionListAnswer([.. found.Items.Select(i => Json(i.Instruction, i.Progress))], found.Total, found.Page, found.PageSize));
        }).WithName("ListInstructions").WithSummary("领导批示件: 本人机构范围内登记的, 以及本单位承办其任务的批示件, 按批示日期由新到旧; q 按编号、领导、事项或内容查找");

        api.MapGet("/instructions/{id:long}", async Task<Results<Ok<InstructionAnswer>, Refused>> (long id, CurrentUser user, YardstickDb db, TimeProvider time,
            CancellationToken ct) =>
        {
            var viewer = await user.TaskViewerAsync(ct);
            if (await Instructions.GetForAsync(db, viewer, id, ct) is not { } instruction)
            {
                return Refuse(Refusal.NotFound($"没有编号为 {id} 的批示件"));
            }
            var today = LocalClock.Today(time);
            var tasks = (await TaskBoard.ListOfInstructionAsync(db, id, ct)).Where(viewer.Sees).ToList();
            return TypedResults.Ok(Json(instruction, Instructions.ProgressOf(tasks, today)) with
            {
                Tasks = [.. tasks.Select(t => new InstructionTaskAnswer(t.Id, t.Label, t.Title, t.LeadNames, t.Stage.Word(), t.Stage.Chinese(), t.LightOn(today).Chinese(),
                    t.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), t.Progress))],
            });
        }).WithName("GetInstruction").Refuses(RefusalKind.NotFound).WithSummary("一件批示件及其交办的任务 (阶段、进度、亮灯)");

        api.MapPost("/instructions", async Task<Results<Created<InstructionAnswer>, Refused>> (InstructionCreate body, CurrentUser user, YardstickDb db, TimeProvider time,
            CancellationToken ct) =>
        {
            var (date, badDate) = InputLimits.Day(body.Date, "批示日期 (date)");
            if (badDate is not null)
            {
                return Refuse(Refusal.Invalid(badDate, "date"));
            }
            var (due, badDue) = InputLimits.Day(body.Due, "办理时限 (due)");
            if (badDue is not null)
            {
                return Refuse(Refusal.Invalid(badDue, "due"));
            }
            var (instruction, refusal) = await Instructions.RegisterAsync(db, new NewInstruction(body.Title ?? "", body.Leader ?? "", date, body.Text ?? "", due, body.Number),
                await user.TaskViewerAsync(ct), time.GetUtcNow(), ct);
            return refusal is not null
                ? Refuse(refusal)
                : TypedResults.Created($"/api/instructions/{instruction!.Id}", Json(instruction, new InstructionProgress(0, 0, 0)));
        }).WithName("RegisterInstruction").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.Conflict)
            .WithSummary("登记批示件: title 来文或事项, leader 批示领导 (姓名 职务), date 批示日期, text 批示内容, due 办理时限 (可选), number 编号 (可选, 留空自动编号)");
    }

    private static InstructionAnswer Json(Instruction i, InstructionProgress p) => new(i.Id, i.Number.ToString(), i.UnitCode, i.UnitName, i.Subject, i.Leader,
        Day(i.InstructedOn)!, i.Body, Day(i.Due), i.AttachmentName, i.CreatedBy, LocalClock.Text(i.CreatedAt), p.Closed, p.Total, p.Overdue, null);

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The body of <c>POST /api/instructions</c>: dates YYYY-MM-DD; number blank takes the unit's next of the year.</summary>
public sealed record InstructionCreate(string? Title, string? Leader, string? Date, string? Text, string? Due = null, string? Number = null);

/// <summary>
/// A 批示件 as the API answers it: its number (批示〔2026〕12号) in the registering unit, the 来文/事项 (title), leader, date,
/// the instruction's words (text), the day required by, the scan's name, who registered it and when (Beijing time), its
/// tasks' progress (closed of total, overdue today) and, read by id, the tasks themselves.
/// </summary>
public sealed record InstructionAnswer(long Id, string Number, string Unit, string UnitName, string Title, string Leader, string Date, string Text, string? Due,
    string? Attachment, string RegisteredBy, string RegisteredAt, int Closed, int Total, int Overdue, IReadOnlyList<InstructionTaskAnswer>? Tasks);

/// <summary>A task of a 批示件: its number, title, lead, stage (stored and Chinese), light, deadline and progress.</summary>
public sealed record InstructionTaskAnswer(long Id, string Number, string Title, string Lead, string Stage, string StageName, string Light, string? Deadline, int Progress);

/// <summary>A page of the register: the instructions on it and how many match in all.</summary>
public sealed record InstructionListAnswer(IReadOnlyList<InstructionAnswer> Instructions, int Total, int Page, int PageSize);
