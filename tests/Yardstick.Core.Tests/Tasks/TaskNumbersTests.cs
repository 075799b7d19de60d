using Yardstick.Core.Tasks;

namespace Yardstick.Core.Tests.Tasks;

public sealed class TaskNumbersTests
{
    [Fact]
    public void Unique_keeps_a_document_s_own_numbers_when_they_do_not_repeat()
    {
        var numbers = TaskNumbers.Unique(["1", "2", "3"]);

        numbers.ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public void Issue_25_numbering_that_restarts_per_section_is_numbered_through_in_document_order()
    {
        var numbers = TaskNumbers.Unique(["1", "2", "1", "2", "3"]);

        numbers.ShouldBe(["1", "2", "3", "4", "5"]);
    }

    [Fact]
    public void Unique_numbers_through_when_a_task_has_no_number()
    {
        TaskNumbers.Unique(["1", ""]).ShouldBe(["1", "2"]);
    }
}
