using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Yardstick.Core.Indicators;
using Yardstick.Core.Targets;

namespace Yardstick.Data.Configurations;

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> builder)
    {
        builder.ToTable("indicators");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.HasIndex(i => i.Code).IsUnique();
        builder.Ignore(i => i.NumeratorFormula);
        builder.Ignore(i => i.DenominatorFormula);
        builder.Ignore(i => i.IsRatio);
        builder.Ignore(i => i.DataElementCodes);
    }
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.ToTable("plans");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Ignore(p => p.Warnings);
    }
}

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> builder)
    {
        builder.ToTable("targets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasOne<Plan>().WithMany().HasForeignKey(t => t.PlanId);
        builder.HasOne<Indicator>().WithMany().HasForeignKey(t => t.IndicatorId);
        builder.HasOne<Core.Model.OrgUnit>().WithMany().HasForeignKey(t => t.OrgUnitId);
    }
}
