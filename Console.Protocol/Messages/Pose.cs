using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>
/// A pose in the current map's frame: x, y in mm; theta in mrad, (−3142, 3142].
/// <see cref="Unknown"/> (0x7FFFFFFF) marks a measurement the sender does not have.
/// </summary>
public readonly record struct Pose(int X, int Y, int Theta)
{
    public const int Unknown = 0x7FFFFFFF;
    public const int Size = 12;

    public static Pose Read(ref WireReader r) => new(r.I32(), r.I32(), r.I32());

    public void Write(WireWriter w)
    {
        w.I32(X);
        w.I32(Y);
        w.I32(Theta);
    }

    /// <summary>Normalises an angle in radians to the protocol's milliradians in (−3142, 3142].</summary>
    public static int ToMilliradians(double radians)
    {
        double a = Math.IEEERemainder(radians, 2 * Math.PI); // [−π, π]
        int m = (int)Math.Round(a * 1000);
        return m <= -3142 ? 3142 : m; // −π and its rounding neighbour are +π in the half-open range
    }
}

/// <summary>A point of a polygon space: i32 x, i32 y in mm.</summary>
public readonly record struct Point2(int X, int Y)
{
    public const int Size = 8;
    public static Point2 Read(ref WireReader r) => new(r.I32(), r.I32());

    public void Write(WireWriter w)
    {
        w.I32(X);
        w.I32(Y);
    }
}
