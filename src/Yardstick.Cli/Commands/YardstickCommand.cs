using System.CommandLine;

namespace Yardstick.Cli.Commands;

/// <summary>The <c>yardstick</c> command: every subcommand, with help in Chinese (<see cref="ChineseHelp"/>).</summary>
public static class YardstickCommand
{
    public static RootCommand Create() => ChineseHelp.Apply(new RootCommand("Yardstick 卫生健康规划监测评估: 组织机构、数据、指标与目标的导入、计算和评价。")
    {
        HelpName = "yardstick",
        Subcommands =
        {
            InitCommand.Create(),
            ImportCommand.Create(),
            EvaluateCommand.Create(),
            ExportCommand.Create(),
            DemoCommand.Create(),
            ReadCommand.Create(),
            ImportPlanCommand.Create(),
            ScorecardCommand.Create(),
            ReportCommand.Create(),
            ResultCommand.Create(),
            ReportCommand.CreateNotice(),
            UserCommands.Create(),
            UserCommands.CreateToken(),
            BackupCommands.CreateBackup(),
            BackupCommands.CreateRestore(),
        },
    });
}
