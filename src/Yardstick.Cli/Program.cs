using System.Text;
using Yardstick.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;

return await CliRunner.RunAsync(YardstickCommand.Create(), args);
