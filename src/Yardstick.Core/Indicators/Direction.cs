namespace Yardstick.Core.Indicators;

/// <summary>Which way is better for an indicator.</summary>
public enum Direction
{
    Higher,
    Lower,
    /// <summary>A band or no preferred direction (sex ratio at birth, bed occupancy).</summary>
    Neutral,
}
