namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// A vehicle's registered outline (PROTOCOL.md Register: lengthMm, widthMm). Whatever its heading,
/// the vehicle stays within a circle of half its diagonal around its reference point, so two
/// vehicles whose reference points are further apart than the sum of their half-diagonals cannot
/// touch. The kernel adds a safety margin on top (<see cref="RadiusMm"/>).
/// </summary>
public readonly record struct Footprint(int LengthMm, int WidthMm)
{
    /// <summary>Added to every half-diagonal: localisation error and the way a vehicle swings when it turns.</summary>
    public const int DefaultMarginMm = 150;

    public double HalfDiagonalMm => Math.Sqrt((double)LengthMm * LengthMm + (double)WidthMm * WidthMm) / 2;

    /// <summary>The circle the vehicle never leaves, with the margin: what the kernel keeps apart.</summary>
    public double RadiusMm(int marginMm = DefaultMarginMm) => HalfDiagonalMm + marginMm;

    public bool Valid => LengthMm > 0 && WidthMm > 0;

    public override string ToString() => $"{LengthMm} × {WidthMm} mm";
}
