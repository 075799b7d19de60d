using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Core.Model;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests.Analytics;

/// <summary>
/// Issue 28, item 1 with issue 27's categories: 数据分析 asks for an element by an option of its categories
/// (<c>births.female</c>, summed over the other categories) or one combo (<c>deaths.female.age0</c>) beside the whole
/// element, each figure equal to the values summed by hand.
/// </summary>
public sealed class AnalyticsOptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("yardstick-analytics-options-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string File(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task An_elements_option_and_one_combo_are_pivot_data_equal_to_their_values_summed_by_hand()
    {
        var values = new List<(string Unit, string Combo, decimal Value)>();
        var csv = new System.Text.StringBuilder("dataelement,period,orgunit,categoryoptioncombo,value\n");
        var random = new Random(11);
        foreach (var unit in new[] { "T1", "T2" })
        {
            foreach (var combo in new[] { "male.age0", "female.age0", "male.age1_4", "female.age1_4" })
            {
                for (var month = 1; month <= 12; month++)
                {
                    var v = random.Next(0, 9);
                    csv.Append(CultureInfo.InvariantCulture, $"deaths,2023{month:00},{unit},{combo},{v}\n");
                    values.Add((unit, combo, v));
                }
            }
        }
        await using var db = DatabaseLocation.Sqlite(Path.Combine(_folder, "store.db")).Open();
        await SchemaMigrator.MigrateAsync(db);
        var imported = await new Importer(db, new FakeTimeProvider()).ImportAsync(
        [
            File("orgunits.csv", "code,name,parent,level\nC,县,,县\nT1,甲镇,C,乡镇\nT2,乙镇,C,乡镇\n"),
            File("categories.csv", "code,name,options\nsex,性别,male:男;female:女\nage,年龄组,age0:0岁;age1_4:1—4岁\n"),
            File("categorycombos.csv", "code,name,categories\nsex_age,按性别和年龄组,sex;age\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time,category_combo\ndeaths,5岁以下儿童死亡数,count,sum,sum,sex_age\n"),
            File("values.csv", csv.ToString()),
        ], "tester");
        imported.Succeeded.ShouldBeTrue(string.Join("; ", imported.Issues));
        var county = db.OrgUnits.Single(u => u.Code == "C");
        var (question, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:deaths;deaths.female;deaths.female.age0", "ou:C;CHILDREN", "pe:2023"], []);

        var (result, refusal) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, question!, county, new DateOnly(2024, 3, 1));

        refusal.ShouldBeNull();
        decimal ByHand(string unit, Func<string, bool> combo) => values.Where(v => (unit == "C" || v.Unit == unit) && combo(v.Combo)).Sum(v => v.Value);
        foreach (var unit in new[] { "C", "T1", "T2" })
        {
            decimal Cell(string data) => result!.Cells.Single(c => c.Items[0] == data && c.Items[1] == unit).Value;
            Cell("deaths").ShouldBe(ByHand(unit, _ => true));
            Cell("deaths.female").ShouldBe(ByHand(unit, c => c.StartsWith("female.", StringComparison.Ordinal)));
            Cell("deaths.female.age0").ShouldBe(ByHand(unit, c => c == "female.age0"));
        }
        result!.Names["deaths.female"].ShouldBe("5岁以下儿童死亡数 (女)");
        var (unknown, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:deaths.rural", "ou:C", "pe:2023"], []);
        (await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, unknown!, county, new DateOnly(2024, 3, 1))).Refusal!.Message
            .ShouldContain("deaths.rural");
    }
}
