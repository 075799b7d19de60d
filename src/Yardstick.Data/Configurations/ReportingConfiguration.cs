using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Yardstick.Core.Reporting;

namespace Yardstick.Data.Configurations;

internal sealed class DataSetConfiguration : IEntityTypeConfiguration<DataSet>
{
    public void Configure(EntityTypeBuilder<DataSet> builder)
    {
        builder.ToTable("data_sets");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Ignore(d => d.ElementCodes);
        builder.Ignore(d => d.AssignedUnitCodes);
        builder.Ignore(d => d.AssignedLevels);
        builder.Ignore(d => d.ApprovalTiers);
    }
}

/// <summary>Times and days are kept as ISO text in both stores (as the audit log's), so the two read alike.</summary>
internal sealed class DataSetReportConfiguration : IEntityTypeConfiguration<DataSetReport>
{
    private static readonly ValueConverter<DateTimeOffset?, string?> Time = new(
        t => t == null ? null : t.Value.ToString("O", CultureInfo.InvariantCulture),
        s => s == null ? null : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture));

    private static readonly ValueConverter<DateOnly?, string?> Day = new(
        d => d == null ? null : d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        s => s == null ? null : DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    public void Configure(EntityTypeBuilder<DataSetReport> builder)
    {
        builder.ToTable("data_set_reports");
        builder.HasKey(r => new { r.DataSetId, r.OrgUnitId, r.PeriodStart });
        builder.Ignore(r => r.RecordedState);
        builder.Property(r => r.FirstSubmittedAt).HasConversion(Time);
        builder.Property(r => r.SubmittedAt).HasConversion(Time);
        builder.Property(r => r.DecidedAt).HasConversion(Time);
        builder.Property(r => r.UnlockedUntil).HasConversion(Day);
    }
}

internal sealed class ValidationRuleConfiguration : IEntityTypeConfiguration<ValidationRule>
{
    public void Configure(EntityTypeBuilder<ValidationRule> builder)
    {
        builder.ToTable("validation_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => r.Code).IsUnique();
        builder.Ignore(r => r.Left);
        builder.Ignore(r => r.Right);
        builder.Property(r => r.Operator).HasConversion(o => o.Word(), w => Parse<RuleOperator>(w, RuleWords.TryParseOperator));
        builder.Property(r => r.Importance).HasConversion(i => i.Word(), w => Parse<RuleImportance>(w, RuleWords.TryParseImportance));
        builder.Property(r => r.Missing).HasConversion(m => m.Word(), w => Parse<MissingValues>(w, RuleWords.TryParseMissing));
    }

    private delegate bool TryParse<T>(string? text, out T value);

    private static T Parse<T>(string word, TryParse<T> parse) => parse(word, out var value) ? value : throw new FormatException(word);
}
