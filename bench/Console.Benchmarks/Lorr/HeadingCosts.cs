namespace AgvConsole.Benchmarks.Lorr;

/// <summary>
/// Costs from every (cell, heading) to a goal in any heading when forward moves have costs of their own (the
/// guidances' weighted form of the kernel's <c>HeadingDistances</c>): a backward Dijkstra with a bucket queue
/// (Dial's), since every cost is a small positive integer. Indexed <c>cell * 4 + heading</c>; unreachable is
/// <see cref="int.MaxValue"/>.
/// </summary>
public static class HeadingCosts
{
    /// <param name="neighbour">The cell ahead of each (cell, heading), or -1.</param>
    /// <param name="moveCost">The cost of the forward move from each (cell, heading), ≥ 1.</param>
    /// <param name="turnCost">The cost of a quarter turn, ≥ 1.</param>
    public static int[] To(int goal, int[] neighbour, int[] moveCost, int turnCost)
    {
        int states = neighbour.Length, n = Math.Max(turnCost, moveCost.Max()) + 1, pending = 0;
        var cost = new int[states];
        Array.Fill(cost, int.MaxValue);
        var buckets = new List<int>?[n]; // circular: a relaxation lands at most n - 1 ahead; made when first used
        for (int h = 0; h < 4; h++) { cost[goal * 4 + h] = 0; (buckets[0] ??= []).Add(goal * 4 + h); pending++; }
        for (int d = 0; pending > 0; d++)
        {
            var bucket = buckets[d % n];
            if (bucket is null) continue;
            // Relaxations from this bucket land in later buckets (every cost ≥ 1), so the list does not grow while read.
            for (int i = 0; i < bucket.Count; i++)
            {
                int s = bucket[i];
                pending--;
                if (cost[s] != d) continue;
                int c = s >> 2, h = s & 3;
                Relax(c * 4 + ((h + 3) & 3), d + turnCost);
                Relax(c * 4 + ((h + 1) & 3), d + turnCost);
                // Only a cell behind that has this cell ahead in heading h (one-way grids stay correct).
                int behind = neighbour[c * 4 + ((h + 2) & 3)];
                if (behind >= 0 && neighbour[behind * 4 + h] == c) Relax(behind * 4 + h, d + moveCost[behind * 4 + h]);
            }
            bucket.Clear();
        }
        return cost;

        void Relax(int s, int d)
        {
            if (d >= cost[s]) return;
            cost[s] = d;
            (buckets[d % n] ??= []).Add(s);
            pending++;
        }
    }
}
