using Yardstick.Core.Scorecards;
using Yardstick.Data.Interchange;
using Yardstick.Data.Reports;

namespace Yardstick.Data.Tests.Reports;

/// <summary>The closed families named in Data: each value's word is read back as the same value (issue 30).</summary>
public class WordsTests
{
    [Fact]
    public void Issue_30_every_scoring_rule_is_read_back_from_the_name_a_scorecard_writes()
    {
        foreach (var rule in Enum.GetValues<ScoringRule>())
        {
            var (items, errors) = ScoringScheme.Parse($"indicator,weight,rule\nimr,10,{ScorecardReport.RuleName(rule)}\n");

            errors.ShouldBeEmpty(rule.ToString());
            items.ShouldHaveSingleItem().Rule.ShouldBe(rule);
        }
    }

    [Fact]
    public void Issue_30_every_interchange_kind_is_read_back_from_its_word()
    {
        foreach (var kind in Enum.GetValues<InterchangeKind>())
        {
            InterchangeKinds.TryParse(kind.Word(), out var read).ShouldBeTrue(kind.Word());
            read.ShouldBe(kind);
        }
    }

    [Fact]
    public void Issue_27_a_header_of_option_combo_uids_is_read_as_such_and_an_elements_file_with_a_uid_column_stays_elements()
    {
        InterchangeKinds.FromHeader(["category_combo", "code", "uid"]).ShouldBe(InterchangeKind.CategoryOptionCombos);
        InterchangeKinds.FromHeader(["code", "name", "value_type", "agg_ou", "agg_time", "category_combo", "uid"]).ShouldBe(InterchangeKind.DataElements);
    }

    [Fact]
    public void Issue_30_every_report_kind_has_its_own_name()
    {
        var names = Enum.GetValues<ReportKind>().Select(PlanReport.KindName).ToList();

        names.Distinct().Count().ShouldBe(names.Count);
    }
}
