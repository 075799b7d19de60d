using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

public class IndicatorCatalogueTests
{
    [Fact]
    public void Issue_25_a_semicolon_inside_an_aliases_bracketed_note_does_not_split_the_alias()
    {
        var aliases = IndicatorCatalogue.AliasesOf("孕检覆盖率 (某县旧称; 待核实);孕检率；产检覆盖率");

        aliases.ShouldBe(["孕检覆盖率 (某县旧称; 待核实)", "孕检率", "产检覆盖率"]);
    }

    [Fact]
    public void Issue_25_a_name_given_only_as_an_alias_with_a_note_links_to_its_indicator()
    {
        var catalogue = new IndicatorCatalogue([("pregnancy_check_coverage", "孕期检查覆盖率", IndicatorCatalogue.AliasesOf("孕检覆盖率 (某县旧称; 待核实)"), "%")]);

        catalogue.Match("孕检覆盖率", "%").ShouldBe("pregnancy_check_coverage");
    }

    [Fact]
    public void Issue_25_the_tongliao_tables_prenatal_testing_rate_links_to_the_catalogue_so_it_is_not_also_an_open_document_target()
    {
        IndicatorCatalogue.Default.Match("产前检测率", "%").ShouldBe("prenatal_screening_rate");
    }
}
