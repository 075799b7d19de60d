using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Core.Targets;
using Yardstick.Core.Tasks;

namespace Yardstick.Core.Tests;

/// <summary>
/// Every value of every closed family has its stored word and its Chinese word, each read back as the same value: a value
/// added to an enum without its words fails here, not as a silent default in a stored row (issue 30).
/// </summary>
public class WordsTests
{
    [Fact]
    public void Issue_30_task_stages_and_actions_round_trip_through_their_stored_and_Chinese_words()
    {
        foreach (var stage in Enum.GetValues<TaskStage>())
        {
            TaskWords.ParseStage(stage.Word()).ShouldBe(stage);
            TaskWords.TryParseStage(stage.Chinese(), out var shown).ShouldBeTrue(stage.Chinese());
            shown.ShouldBe(stage);
        }
        foreach (var action in Enum.GetValues<TaskAction>())
        {
            TaskWords.ParseAction(action.Word()).ShouldBe(action);
            TaskWords.TryParseAction(action.Chinese(), out var shown).ShouldBeTrue(action.Chinese());
            shown.ShouldBe(action);
        }
        Enum.GetValues<TaskLight>().Select(l => l.Chinese()).Distinct().Count().ShouldBe(Enum.GetValues<TaskLight>().Length);
    }

    [Fact]
    public void Issue_30_an_unknown_stored_stage_action_or_report_state_is_an_error_not_a_default()
    {
        Should.Throw<FormatException>(() => TaskWords.ParseStage("archived")).Message.ShouldContain("archived");
        Should.Throw<FormatException>(() => TaskWords.ParseStage("待交办"), "a stored stage is its word, not its Chinese");
        Should.Throw<FormatException>(() => TaskWords.ParseAction("escalate"));
        Should.Throw<FormatException>(() => ReportStates.FromWord("locked")).Message.ShouldContain("locked");
    }

    [Fact]
    public void Issue_30_report_states_round_trip_through_their_stored_word_and_have_distinct_Chinese_words()
    {
        foreach (var state in Enum.GetValues<ReportState>())
        {
            ReportStates.FromWord(state.Word()).ShouldBe(state);
        }
        Distinct<ReportState>(s => s.Chinese());
    }

    [Fact]
    public void Issue_30_target_statuses_comparators_natures_and_outcomes_round_trip_through_their_words()
    {
        Distinct<TargetStatus>(s => s.Word());
        Distinct<TargetStatus>(s => s.Chinese());
        foreach (var comparator in Enum.GetValues<Comparator>())
        {
            Comparators.TryParse(comparator.Word(), out var read).ShouldBeTrue(comparator.Word());
            read.ShouldBe(comparator);
        }
        RoundTrips<TargetNature>(n => n.Chinese(), TargetNatures.TryParse);
        RoundTrips<ItemOutcome>(o => o.Word(), ItemOutcomes.TryParse);
        RoundTrips<ItemOutcome>(o => o.Chinese(), ItemOutcomes.TryParse);
        Distinct<DocumentTargetKind>(k => k.Word());
        Distinct<DocumentTargetKind>(k => k.Chinese());
    }

    [Fact]
    public void Issue_30_periods_units_and_elements_round_trip_through_their_file_and_Chinese_words()
    {
        RoundTrips<PeriodType>(t => t.Name(), PeriodTypes.TryParse);
        RoundTrips<PeriodType>(t => t.Chinese(), PeriodTypes.TryParse);
        RoundTrips<OrgUnitKind>(k => k.Code(), OrgUnitKinds.TryParse);
        RoundTrips<OrgUnitKind>(k => k.Chinese(), OrgUnitKinds.TryParse);
        RoundTrips<ValueKind>(k => k.Word(), DataElementWords.TryParseValueKind);
        RoundTrips<OrgUnitAggregation>(a => a.Word(), DataElementWords.TryParseOrgUnitAggregation);
        RoundTrips<TimeAggregation>(a => a.Word(), DataElementWords.TryParseTimeAggregation);
    }

    [Fact]
    public void Issue_30_rule_operators_importances_and_missing_value_rules_round_trip_through_their_words()
    {
        RoundTrips<RuleOperator>(o => o.Word(), RuleWords.TryParseOperator);
        Distinct<RuleOperator>(o => o.Chinese());
        RoundTrips<RuleImportance>(i => i.Word(), RuleWords.TryParseImportance);
        RoundTrips<RuleImportance>(i => i.Chinese(), RuleWords.TryParseImportance);
        RoundTrips<MissingValues>(m => m.Word(), RuleWords.TryParseMissing);
    }

    private delegate bool TryParse<T>(string? text, out T value);

    private static void RoundTrips<T>(Func<T, string> word, TryParse<T> parse) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            var written = word(value);
            written.ShouldNotBeNullOrWhiteSpace($"{typeof(T).Name}.{value}");
            parse(written, out var read).ShouldBeTrue($"{typeof(T).Name}.{value} as \"{written}\"");
            read.ShouldBe(value, $"\"{written}\"");
        }
    }

    private static void Distinct<T>(Func<T, string> word) where T : struct, Enum
    {
        var words = Enum.GetValues<T>().Select(word).ToList();
        words.ShouldAllBe(w => !string.IsNullOrWhiteSpace(w));
        words.Distinct(StringComparer.Ordinal).Count().ShouldBe(words.Count, string.Join(", ", words));
    }
}
