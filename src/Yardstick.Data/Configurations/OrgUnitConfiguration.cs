using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Yardstick.Core.Model;

namespace Yardstick.Data.Configurations;

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> builder)
    {
        builder.ToTable("org_units");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.HasIndex(u => u.Code).IsUnique();
        // Declared so that EF inserts parents before children in one save.
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.ParentId);
    }
}

internal sealed class DataElementConfiguration : IEntityTypeConfiguration<DataElement>
{
    public void Configure(EntityTypeBuilder<DataElement> builder)
    {
        builder.ToTable("data_elements");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => e.Code).IsUnique();
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("categories");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Ignore(c => c.OptionList);
    }
}

internal sealed class CategoryComboConfiguration : IEntityTypeConfiguration<CategoryCombo>
{
    public void Configure(EntityTypeBuilder<CategoryCombo> builder)
    {
        builder.ToTable("category_combos");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Ignore(c => c.CategoryCodes);
    }
}

internal sealed class CategoryOptionComboConfiguration : IEntityTypeConfiguration<CategoryOptionCombo>
{
    public void Configure(EntityTypeBuilder<CategoryOptionCombo> builder)
    {
        builder.ToTable("category_option_combos");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => new { c.CategoryComboId, c.Code }).IsUnique();
    }
}

internal sealed class OrgUnitGroupSetConfiguration : IEntityTypeConfiguration<OrgUnitGroupSet>
{
    public void Configure(EntityTypeBuilder<OrgUnitGroupSet> builder)
    {
        builder.ToTable("org_unit_group_sets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.Code).IsUnique();
    }
}

internal sealed class OrgUnitGroupConfiguration : IEntityTypeConfiguration<OrgUnitGroup>
{
    public void Configure(EntityTypeBuilder<OrgUnitGroup> builder)
    {
        builder.ToTable("org_unit_groups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.HasIndex(g => g.Code).IsUnique();
        builder.HasOne<OrgUnitGroupSet>().WithMany().HasForeignKey(g => g.GroupSetId);
    }
}

internal sealed class OrgUnitGroupMemberConfiguration : IEntityTypeConfiguration<OrgUnitGroupMember>
{
    public void Configure(EntityTypeBuilder<OrgUnitGroupMember> builder)
    {
        builder.ToTable("org_unit_group_members");
        builder.HasKey(m => new { m.GroupId, m.OrgUnitId });
        // Declared so that EF inserts a new group and new units before their member rows in one save.
        builder.HasOne<OrgUnitGroup>().WithMany().HasForeignKey(m => m.GroupId);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(m => m.OrgUnitId);
    }
}
