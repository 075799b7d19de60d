using Yardstick.Core.Tasks;

namespace Yardstick.Core.Tests.Tasks;

/// <summary>Issue 29: where a task came from, and an instruction's number as a clerk types it.</summary>
public class TaskSourceTests
{
    [Fact]
    public void Every_source_round_trips_through_its_word_and_its_Chinese_and_blank_is_no_filter()
    {
        foreach (var source in Enum.GetValues<TaskSource>())
        {
            TaskSources.TryParse(source.Word(), out var asked).ShouldBeTrue();
            asked.ShouldBe(source);
            TaskSources.TryParse(source.Chinese(), out var shown).ShouldBeTrue();
            shown.ShouldBe(source);
        }
        TaskSources.TryParse(" ", out var none).ShouldBeTrue();
        none.ShouldBeNull();
        TaskSources.TryParse("leader", out _).ShouldBeFalse();
    }

    [Fact]
    public void An_instruction_is_the_source_of_a_task_answering_it_whatever_plan_or_warning_it_also_has()
    {
        TaskSources.Of(instruction: true, warning: true, plan: true).ShouldBe(TaskSource.Instruction);
        TaskSources.Of(instruction: false, warning: true, plan: true).ShouldBe(TaskSource.Warning);
        TaskSources.Of(instruction: false, warning: false, plan: true).ShouldBe(TaskSource.Plan);
        TaskSources.Of(instruction: false, warning: false, plan: false).ShouldBe(TaskSource.Other);
    }

    [Theory]
    [InlineData("12", 2026, 12)]
    [InlineData("12号", 2026, 12)]
    [InlineData("第12号", 2026, 12)]
    [InlineData("批示〔2025〕7号", 2025, 7)]
    [InlineData("批示[2025]7号", 2025, 7)]
    [InlineData("（2025）７", 2025, 7)]
    [InlineData("【2025】7号", 2025, 7)]
    public void A_number_is_read_as_a_clerk_types_it(string typed, int year, int seq)
    {
        InstructionNumber.Parse(typed, 2026).ShouldBe(new InstructionNumber(year, seq));
    }

    [Theory]
    [InlineData("十二")]
    [InlineData("0")]
    [InlineData("批示〔25〕7号")]
    [InlineData("12-1")]
    public void Anything_else_is_not_a_number(string typed)
    {
        InstructionNumber.Parse(typed, 2026).ShouldBeNull();
    }

    [Fact]
    public void A_number_is_written_as_offices_write_it()
    {
        new InstructionNumber(2026, 12).ToString().ShouldBe("批示〔2026〕12号");
    }
}
