using System.Text.Json;
using System.Text.Json.Serialization;

namespace Yardstick.Data.Backups;

/// <summary>
/// What a backup holds, written beside the copy (<c>manifest.json</c>) and checked on restore: when it was taken (Beijing
/// time), from which kind of store, the schema version, every table's row count, the audit chain's length and its last
/// row's hash, and per data element how many values and their exact sum — all read in the same snapshot as the copy.
/// The data-protection key file is only named: it must be kept apart from the backup (a backup that held it could forge
/// sign-in cookies).
/// </summary>
public sealed record BackupManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("taken_at")] string TakenAt,
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("schema_version")] int SchemaVersion,
    [property: JsonPropertyName("tables")] IReadOnlyDictionary<string, long> Tables,
    [property: JsonPropertyName("audit_rows")] long AuditRows,
    [property: JsonPropertyName("audit_head_hash")] string? AuditHeadHash,
    [property: JsonPropertyName("values")] IReadOnlyDictionary<string, BackupManifest.ElementTotal> Values,
    [property: JsonPropertyName("key_file")] string? KeyFile,
    [property: JsonPropertyName("key_file_note")] string KeyFileNote)
{
    public const int CurrentFormat = 1;
    public const string EntryName = "manifest.json";

    public const string KeyFileWords = "数据保护密钥文件不在备份内, 须另行保管; 恢复后的应用须使用原密钥文件, 否则已签发的登录与令牌失效";

    /// <summary>One data element's values: how many, and their exact sum as text (so no JSON reader rounds it).</summary>
    public sealed record ElementTotal(
        [property: JsonPropertyName("count")] long Count,
        [property: JsonPropertyName("sum")] string Sum);

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static BackupManifest FromJson(string json) =>
        JsonSerializer.Deserialize<BackupManifest>(json, Options) ?? throw new InvalidDataException("备份清单为空");
}
