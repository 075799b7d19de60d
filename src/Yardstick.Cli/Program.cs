using System.CommandLine;
using System.Text;
using Yardstick.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;

var root = new RootCommand("Yardstick 卫生健康规划监测评估: 组织机构、数据、指标与目标的导入、计算和评价。")
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
};
return await CliRunner.RunAsync(root, args);
