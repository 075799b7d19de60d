using System.Text.RegularExpressions;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Core.Tasks;

namespace Yardstick.Data.Values;

/// <summary>
/// How an audit entry reads on a Chinese screen: the event's name (登录, 任务交办, 角色变更 …) rather than the stored
/// word, and its details (<c>role=planner;orgunit=150500</c>) as "角色: 规划管理；机构: 150500". The stored words stay as
/// they are — they are what the hash chain covers and what filters match — so this is only ever applied when showing.
/// </summary>
public static partial class AuditWords
{
    private static readonly Dictionary<string, string> Events = new(StringComparer.Ordinal)
    {
        ["signin"] = "登录",
        ["signin.2fa"] = "两步验证登录",
        ["signout"] = "退出登录",
        ["password"] = "修改密码",
        ["2fa"] = "两步验证设置",
        ["user"] = "新建账号",
        ["user.access"] = "角色变更",
        ["user.unlock"] = "解除锁定",
        ["user.reset"] = "重置密码",
        ["user.disabled"] = "停用或启用账号",
        ["token"] = "创建访问令牌",
        ["token.revoke"] = "吊销访问令牌",
        ["data_value"] = "数据值",
        ["value_note"] = "数据备注",
        ["data_element"] = "数据元素",
        ["category"] = "类别",
        ["category_combo"] = "类别组合",
        ["category_option_combo"] = "类别选项组合标识码",
        ["data_set"] = "报表",
        ["data_set_report"] = "报表报送",
        ["validation_rule"] = "审核规则",
        ["indicator"] = "指标",
        ["org_unit"] = "组织机构",
        ["org_unit_group"] = "机构分组",
        ["org_unit_geometry"] = "机构边界与位置",
        ["org_unit_group_set"] = "机构分组集",
        ["plan"] = "规划",
        ["plan.warnings"] = "规划预警阈值",
        ["plan.approved_only"] = "规划数据范围 (只统计已审核数据)",
        ["plan_item"] = "文件目标",
        ["plan_item_result"] = "目标结果登记",
        ["plan_task"] = "规划任务",
        ["target"] = "指标目标",
        ["scoring_scheme"] = "计分方案",
        ["assessment"] = "考核公示",
        ["assessment_appeal"] = "考核申诉",
        ["task.progress"] = "任务进度",
        ["task.deadline"] = "任务完成时限",
        ["task.owners"] = "任务责任单位",
        ["task.indicators"] = "任务关联指标",
        ["task.milestones"] = "任务里程碑",
        ["task.edit"] = "任务更新",
        ["instruction.register"] = "登记批示件",
        ["analysis_favorite"] = "数据分析收藏",
    };

    /// <summary>
    /// Fields of audit details that are not interchange columns; every other field is named as its column is in files and
    /// templates (<see cref="Interchange.InterchangeKinds.ChineseName"/>), so a name is written in one place.
    /// </summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["role"] = "角色",
        ["kind"] = "层级",
        ["base_year"] = "基期年",
        ["end_year"] = "目标年",
        ["baseline"] = "基期",
        ["target"] = "目标",
        ["min"] = "下限",
        ["max"] = "上限",
        ["shared"] = "与本单位共享",
        ["selection"] = "查询条件",
    };

    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["number"] = "数值",
        ["integer"] = "整数",
        ["count"] = "计数",
        ["percentage"] = "百分比",
        ["sum"] = "求和",
        ["average"] = "平均",
        ["none"] = "不汇总",
        ["last"] = "期末",
        ["Higher"] = "越高越好",
        ["Lower"] = "越低越好",
        ["Neutral"] = "无方向",
        ["high"] = "高",
        ["medium"] = "中",
        ["low"] = "低",
        ["skip_if_any_missing"] = "任一缺失不校验",
        ["skip_if_all_missing"] = "全部缺失不校验",
        ["never_skip"] = "缺失按0校验",
        ["success"] = "成功",
        ["failure"] = "失败",
        ["locked"] = "账号已锁定",
        ["disabled"] = "账号已停用",
    };

    /// <summary>The event's Chinese name; a task's step by its action (task.assign → 任务交办); an unknown word as it is.</summary>
    public static string Event(string entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (Events.TryGetValue(entity, out var name))
        {
            return name;
        }
        return entity.StartsWith("task.", StringComparison.Ordinal) && TaskWords.TryParseAction(entity[5..], out var action)
            ? "任务" + action.Chinese()
            : entity;
    }

    /// <summary>Every event with a Chinese name, for a picker: (stored word, name).</summary>
    public static IReadOnlyList<(string Word, string Name)> Named { get; } =
    [
        .. Events.Select(e => (e.Key, e.Value)),
        .. Enum.GetValues<TaskAction>().Select(a => ("task." + a.Word(), "任务" + a.Chinese())),
    ];

    /// <summary>
    /// Details as a person reads them: <c>k=v;k=v</c> becomes "名称: 值；…" with known fields and words in Chinese; a task stage
    /// (draft, assigned …), a role or a unit level alone becomes its Chinese name; other text is shown as written.
    /// </summary>
    public static string Detail(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        text = IsoTime().Replace(text, m => LocalClock.Text(m.Value));
        var parts = text.Split(';');
        if (!parts[0].Contains('=', StringComparison.Ordinal))
        {
            return string.Join("；", parts.Select((p, i) => i == 0 ? Word(p.Trim(), null) : p.Trim()));
        }
        return string.Join("；", parts.Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return p.Trim();
            }
            var key = p[..eq].Trim();
            var value = p[(eq + 1)..].Trim();
            var field = Fields.GetValueOrDefault(key) ?? Interchange.InterchangeKinds.ChineseName(key);
            return field != key ? $"{field}: {Word(value, key)}" : p.Trim();
        }));
    }

    /// <summary>
    /// A change set's source (途径) in Chinese: older rows carry English beside the Chinese ("合成演示数据 (synthetic demo data)")
    /// or an English label of an entry point; file names and other text are shown as written.
    /// </summary>
    public static string Source(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "";
        }
        if (Sources.TryGetValue(source.Trim(), out var chinese))
        {
            return chinese;
        }
        var english = EnglishAside().Match(source);
        var shown = english.Success && english.Index > 0 ? source[..english.Index].TrimEnd() : source;
        // Older rows name the period by its code (网页填报 科尔沁区 202611): shown as the period is written (2026年11月).
        return PeriodCode().Replace(shown, m => Period.TryParse(m.Value, out var period) ? period.ToChinese() : m.Value);
    }

    /// <summary>
    /// A request's address (来源地址) as a person reads it: the machine's own loopback (::1, 127.0.0.1) is 本机 — a sign-in
    /// from the server itself or through a proxy on it —, an IPv4 address mapped into IPv6 (::ffff:10.1.2.3) is shown as
    /// IPv4, a change with no request behind it (the CLI, the demo's seeding) is 本机 too.
    /// </summary>
    public static string Address(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !System.Net.IPAddress.TryParse(address.Trim(), out var ip))
        {
            return string.IsNullOrWhiteSpace(address) ? "本机" : address;
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        return System.Net.IPAddress.IsLoopback(ip) ? "本机" : ip.ToString();
    }

    /// <summary>A period code standing alone in a source: 202611, 2026Q3, 2026S1 (a month 01–12), not part of a file name.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z_.\-])(?:\d{4}(?:0[1-9]|1[0-2])|\d{4}[QS][1-4])(?![0-9A-Za-z_.\-])")]
    private static partial Regex PeriodCode();

    private static readonly Dictionary<string, string> Sources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["API dataValueSets"] = "接口上报数据值",
        ["cli"] = "命令行",
        ["web"] = "网页",
        ["api"] = "接口",
        ["demo"] = "合成演示数据",
        ["synthetic demo data"] = "合成演示数据",
    };

    /// <summary>An English gloss in brackets at the end of Chinese text: " (synthetic demo data)".</summary>
    [GeneratedRegex(@"(?<=\p{IsCJKUnifiedIdeographs}[^()（）]*)\s*[(（][A-Za-z][A-Za-z0-9 ,.'\-]*[)）]\s*$")]
    private static partial Regex EnglishAside();

    /// <summary>An ISO 8601 instant as writers stored them (<c>2026-12-14T00:39:56.7342626+00:00</c>, <c>…Z</c>).</summary>
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")]
    private static partial Regex IsoTime();

    /// <summary>A stored word in Chinese; <paramref name="field"/> says which list it is from where two share a word (a role and a level are both "department").</summary>
    private static string Word(string value, string? field)
    {
        if (field is "kind" or "level")
        {
            return OrgUnitKinds.TryParse(value, out var level) ? level.Chinese() : value;
        }
        if (Values.TryGetValue(value, out var word))
        {
            return word;
        }
        if (TaskWords.TryParseStage(value, out var stage))
        {
            return stage.Chinese();
        }
        if (Access.Roles.All.Contains(value))
        {
            return Access.Roles.Chinese(value);
        }
        var chinese = Comparators.Chinese(value);
        return chinese != value ? chinese : value;
    }
}
