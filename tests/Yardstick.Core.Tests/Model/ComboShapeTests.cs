using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Model;

public class ComboShapeTests
{
    /// <summary>性别 × 户籍 × 城乡, where 户籍 and 城乡 both have an option coded <c>other</c>.</summary>
    private static ComboShape Shape()
    {
        Category[] categories =
        [
            new(1, "sex", "性别", "male:男;female:女"),
            new(2, "residence", "户籍", "local:本地;other:外地"),
            new(3, "area", "城乡", "urban:城镇;other:乡村"),
        ];
        return new ComboShape(new CategoryCombo(1, "sex_res_area", "性别户籍城乡", "sex;residence;area"), categories,
            new Dictionary<string, CategoryOptionCombo>());
    }

    [Fact]
    public void Issue_27_the_code_in_category_order_is_read_by_position_even_where_an_option_code_is_shared()
    {
        Shape().ByOptionsInAnyOrder("female.other.urban", out _).ShouldNotBeNull().Options.Select(o => o.Name).ShouldBe(["女", "外地", "城镇"]);
    }

    [Theory]
    [InlineData("female.local.urban")]
    [InlineData("urban.female.local")]
    [InlineData("女.本地.城镇")]
    [InlineData("城镇.local.女")]
    public void Issue_27_a_metadata_file_names_an_option_combo_by_its_options_in_any_order_by_code_or_name(string text)
    {
        var combo = Shape().ByOptionsInAnyOrder(text, out var why);

        why.ShouldBeEmpty();
        combo.ShouldNotBeNull().Code.ShouldBe("female.local.urban");
    }

    [Theory]
    [InlineData("other.female.urban", "同是户籍、城乡的选项")]
    [InlineData("female.local", "缺少城乡的选项")]
    [InlineData("female.male.local.urban", "性别的选项写了两次")]
    [InlineData("female.local.rural", "\"rural\" 不是")]
    public void Issue_27_options_that_do_not_name_one_combo_are_refused_with_the_reason(string text, string reason)
    {
        var combo = Shape().ByOptionsInAnyOrder(text, out var why);

        combo.ShouldBeNull();
        why.ShouldContain(reason);
    }

    [Theory]
    [InlineData("uFemAge0000", true)]
    [InlineData("HllvX50cXC0", true)]
    [InlineData("1FemAge0000", false)]
    [InlineData("uFemAge000", false)]
    [InlineData("uFemAge00000", false)]
    [InlineData("uFem_ge0000", false)]
    [InlineData("uFemAgé0000", false)]
    public void Issue_27_a_dhis2_uid_is_eleven_ascii_letters_or_digits_starting_with_a_letter(string text, bool isUid)
    {
        CategoryOptionCombo.IsUid(text).ShouldBe(isUid);
    }
}
