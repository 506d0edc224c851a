using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

/// <summary>
/// A random site of the shapes real sites are made of, from a seed: halls; two halls joined by one
/// one-lane aisle used both ways (sometimes narrow: only small AGVs fit); dead-end stations on spurs;
/// a one-way loop; a rack block of one-way aisles alternating in direction with pick stations in the
/// aisles, cross aisles at both ends and drop stations on short spurs; a second floor joined by a
/// lift. Nodes are at least <see cref="Spacing"/> apart, more than two of the largest footprints
/// need, so the progress guarantee's spacing condition holds.
/// </summary>
public static class RandomSite
{
    public const int Spacing = 2800;
    public const int NarrowMm = 700;

    public sealed record Site(IReadOnlyList<SiteMap> Maps, IReadOnlyList<uint> Places, IReadOnlyList<uint> Stations, string Shapes);

    public static Site Make(int seed)
    {
        var rng = new Random(seed);
        var b = new SiteBuilder();
        var shapes = new List<string>();
        var places = new List<uint>();
        int floors = rng.Next(4) == 0 ? 2 : 1;
        var liftDoors = new List<uint>();
        for (uint floor = 1; floor <= floors; floor++)
        {
            int x = 0;
            bool rack = rng.Next(3) == 0;
            uint[,] first;
            if (rack)
            {
                first = RackBlock(b, floor, x, rng, places, shapes);
                x += first.GetLength(0) * Spacing + Spacing * 3;
            }
            else
            {
                first = b.Hall(floor, x, 0, rng.Next(3, 6), rng.Next(2, 4), Spacing);
                places.AddRange(first.Cast<uint>());
                shapes.Add($"hall {first.GetLength(0)}x{first.GetLength(1)}");
                x += first.GetLength(0) * Spacing + Spacing * 2;
            }
            var last = first;
            if (rng.Next(2) == 0)
            {
                // A second hall joined by one one-lane aisle used both ways.
                int gap = rng.Next(2, 6);
                var second = b.Hall(floor, x + gap * Spacing, 0, rng.Next(2, 5), rng.Next(2, 4), Spacing);
                places.AddRange(second.Cast<uint>());
                bool narrow = rng.Next(4) == 0;
                uint from = first[first.GetLength(0) - 1, 0], to = second[0, 0];
                // Nodes at least the spacing apart: the halls are gap + 3 spacings apart.
                var aisle = b.Chain(from, to, rng.Next(Math.Max(1, gap), gap + 3), width: narrow ? NarrowMm : null);
                places.AddRange(aisle);
                shapes.Add($"two halls joined by a {(narrow ? "narrow " : "")}one-lane aisle of {aisle.Count}");
                last = second;
            }
            // Dead-end stations on spurs off the hall's lower edge.
            int spurs = rng.Next(1, 4);
            var used = new HashSet<int>();
            if (rack && last == first) for (int c = 0; c < last.GetLength(0); c += 2) used.Add(c); // the rack's drop spurs
            for (int i = 0; i < spurs; i++)
            {
                int col = rng.Next(last.GetLength(0));
                if (!used.Add(col)) continue;
                var spur = b.Spur(last[col, 0], rng.Next(1, 4), 0, -1, Spacing);
                places.AddRange(spur);
            }
            shapes.Add($"{spurs} dead-end spurs");
            if (rng.Next(3) == 0)
            {
                // A one-way loop above the hall, joined by two two-way links.
                int top = last.GetLength(1) - 1;
                var (lx, ly) = b.At(last[0, top]);
                int w = last.GetLength(0) - 1;
                var loop = new List<uint>();
                for (int i = 0; i <= w; i++) loop.Add(b.Node(floor, lx + i * Spacing, ly + 2 * Spacing));
                for (int i = w; i >= 0; i--) loop.Add(b.Node(floor, lx + i * Spacing, ly + 3 * Spacing));
                for (int i = 0; i < loop.Count; i++) b.Edge(loop[i], loop[(i + 1) % loop.Count], twoWay: false);
                b.Edge(last[0, top], loop[0]);
                b.Edge(last[w, top], loop[w]);
                places.AddRange(loop);
                b.Stations.Add(loop[loop.Count / 2]);
                shapes.Add($"one-way loop of {loop.Count}");
            }
            if (floors == 2)
            {
                // The lift stands beside the hall, reached from its corner.
                var (cx, cy) = b.At(first[0, 0]);
                liftDoors.Add(first[0, 0]);
                _ = cx; _ = cy;
            }
        }
        if (floors == 2)
        {
            var (ax, ay) = b.At(liftDoors[0]);
            var (bx, by) = b.At(liftDoors[1]);
            var (la, lb) = b.Lift(1, ax - Spacing, ay, 2, bx - Spacing, by);
            b.Edge(liftDoors[0], la);
            b.Edge(liftDoors[1], lb);
            shapes.Add("two floors joined by a lift");
        }
        return new Site(b.Build(), places, b.Stations.ToList(), string.Join(", ", shapes));
    }

    /// <summary>One-way aisles alternating up and down, cross aisles at both ends, pick stations in the aisles, drop stations on spurs below.</summary>
    private static uint[,] RackBlock(SiteBuilder b, uint floor, int x0, Random rng, List<uint> places, List<string> shapes)
    {
        int aisles = rng.Next(3, 7), length = rng.Next(2, 5);
        var bottom = new uint[aisles];
        var top = new uint[aisles];
        for (int i = 0; i < aisles; i++)
        {
            bottom[i] = b.Node(floor, x0 + i * Spacing, 0);
            top[i] = b.Node(floor, x0 + i * Spacing, (length + 1) * Spacing);
            if (i > 0) { b.Edge(bottom[i - 1], bottom[i]); b.Edge(top[i - 1], top[i]); }
        }
        for (int i = 0; i < aisles; i++)
        {
            bool up = i % 2 == 0;
            var aisle = b.Chain(up ? bottom[i] : top[i], up ? top[i] : bottom[i], length, twoWay: false);
            places.AddRange(aisle);
            b.Stations.Add(aisle[rng.Next(aisle.Count)]);
        }
        places.AddRange(bottom);
        places.AddRange(top);
        for (int i = 0; i < aisles; i += 2)
            places.AddRange(b.Spur(bottom[i], 1, 0, -1, Spacing));
        shapes.Add($"rack block of {aisles} one-way aisles of {length}");
        var grid = new uint[aisles, 2];
        for (int i = 0; i < aisles; i++) { grid[i, 0] = bottom[i]; grid[i, 1] = top[i]; }
        return grid;
    }
}
