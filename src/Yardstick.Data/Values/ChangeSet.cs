namespace Yardstick.Data.Values;

/// <summary>Who changed data, when and from which source (a file, a form, the demo). Every data change belongs to one.</summary>
public sealed record ChangeSet(long Id, string Actor, DateTimeOffset At, string Source);
