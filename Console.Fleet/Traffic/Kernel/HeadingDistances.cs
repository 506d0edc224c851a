namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// Exact timesteps from every (cell, heading) to a goal in any heading, quarter turns included,
/// on a grid given as <c>neighbour[cell * 4 + heading]</c> (the cell ahead, or -1): a way with fewer
/// corners is shorter, which cell distances cannot tell. Indexed <c>cell * 4 + heading</c>.
/// </summary>
internal static class HeadingDistances
{
    public static int[] To(int goal, int cells, int[] neighbour)
    {
        var dist = new int[cells * 4];
        Array.Fill(dist, DistanceTables.Unreachable);
        var queue = new int[cells * 4];
        int head = 0, tail = 0;
        for (int h = 0; h < 4; h++) { dist[goal * 4 + h] = 0; queue[tail++] = goal * 4 + h; }
        while (head < tail)
        {
            int s = queue[head++], cell = s >> 2, h = s & 3, d = dist[s] + 1;
            // Predecessors: the same cell a quarter turn either way, and the cell behind (a forward move).
            int r = cell * 4 + ((h + 3) & 3), l = cell * 4 + ((h + 1) & 3);
            if (dist[r] == DistanceTables.Unreachable) { dist[r] = d; queue[tail++] = r; }
            if (dist[l] == DistanceTables.Unreachable) { dist[l] = d; queue[tail++] = l; }
            int behind = neighbour[cell * 4 + ((h + 2) & 3)];
            // Only a cell behind that has this cell ahead in heading h (one-way grids stay correct).
            if (behind >= 0 && neighbour[behind * 4 + h] == cell && dist[behind * 4 + h] == DistanceTables.Unreachable)
            {
                dist[behind * 4 + h] = d;
                queue[tail++] = behind * 4 + h;
            }
        }
        return dist;
    }

    /// <summary>Timesteps (in table units) to the goal from a cell and heading; a cell table adds the turns before its first step toward the goal.</summary>
    public static long Estimate(int[] dist, int cells, int[] neighbour, int cell, int head)
    {
        if (dist.Length != cells)
        {
            int e = dist[cell * 4 + head];
            return e == DistanceTables.Unreachable ? 1 << 20 : e;
        }
        int d = dist[cell];
        if (d == DistanceTables.Unreachable) return 1 << 20;
        if (d == 0) return 0;
        int best = 2;
        for (int h = 0; h < 4; h++)
        {
            int nb = neighbour[cell * 4 + h];
            if (nb < 0 || dist[nb] != d - 1) continue;
            int t = (h - head + 4) & 3;
            best = Math.Min(best, t == 0 ? 0 : t == 2 ? 2 : 1);
        }
        return d + best;
    }
}
