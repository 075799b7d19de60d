using System.Globalization;
using Yardstick.Data;
using Yardstick.Data.Backups;
using Yardstick.Web.Access;

namespace Yardstick.Web.Hosting;

/// <summary>
/// The nightly backup (<see cref="YardstickOptions.BackupFolder"/>): waits for <see cref="YardstickOptions.BackupAt"/> Beijing
/// time, backs the store up while the app goes on serving (<see cref="StoreBackup"/>), keeps the newest
/// <see cref="YardstickOptions.BackupKeep"/>, and logs what it did; a failed night is logged and tried again the next night.
/// </summary>
public sealed class BackupHost(YardstickOptions options, DatabaseLocation location, KeyFile keyFile, TimeProvider time, ILogger<BackupHost> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.BackupFolder))
        {
            return;
        }
        if (!TimeOnly.TryParseExact(options.BackupAt, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            logger.LogError("Yardstick:BackupAt \"{At}\" 不是 时:分 (如 02:30), 每日备份未启用", options.BackupAt);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NightlyBackups.NextRun(time.GetUtcNow(), at);
            logger.LogInformation("下次自动备份: {Next:yyyy-MM-dd HH:mm} (北京时间), 保存到 {Folder}, 保留最近 {Keep} 份", next, options.BackupFolder, options.BackupKeep);
            var wait = next - time.GetUtcNow();
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
            try
            {
                var (taken, removed) = await NightlyBackups.RunAsync(location, options.BackupFolder, options.BackupKeep, keyFile.Path, time, stoppingToken);
                logger.LogInformation("自动备份完成: {File} ({Megabytes:F1} MB, {Values} 个数值, 审计链 {Audit} 条); 删除过期备份 {Removed} 份",
                    taken.File, taken.Bytes / 1024.0 / 1024.0, taken.Manifest.Values.Values.Sum(v => v.Count), taken.Manifest.AuditRows, removed.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "自动备份失败, 明晚再试; 上一份完好的备份仍在 {Folder}", options.BackupFolder);
            }
        }
    }
}
