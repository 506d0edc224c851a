using System.Text;
using AgvConsole.Protocol.Framing;

namespace AgvConsole.Protocol.Tests.Framing;

public class Crc32Tests
{
    // Values from zlib's crc32() (python3 -c "import zlib; print(hex(zlib.crc32(b'...')))").
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Matches_zlib(string text, uint expected) =>
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void A_sequence_in_segments_has_the_crc_of_its_bytes_for_every_split()
    {
        // 300 bytes are hashed from a copy on the stack, 3000 through the thread's hasher.
        foreach (var length in new[] { 300, 3000 })
        {
            var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3)).ToArray();
            uint whole = Crc32.Compute(data);
            for (int chunk = 1; chunk <= data.Length; chunk += chunk < 20 ? 1 : 37)
                Assert.Equal(whole, Crc32.Compute(Segment.Split(data, chunk)));
        }
        var big = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        // One after another on the same thread: nothing carries over in the hasher from the previous sequence.
        Assert.Equal(Crc32.Compute(big.AsSpan(1)), Crc32.Compute(Segment.Split(big[1..], 700)));
    }

    [Fact]
    public void A_frame_in_segments_costs_no_allocation_once_its_thread_has_read_one()
    {
        var small = Segment.Split(Enumerable.Range(0, 168).Select(i => (byte)i).ToArray(), 50);
        var large = Segment.Split(Enumerable.Range(0, 2000).Select(i => (byte)i).ToArray(), 300);
        uint first = Crc32.Compute(large), second = Crc32.Compute(small); // the thread's first large one makes its hasher
        long before = GC.GetAllocatedBytesForCurrentThread();
        int same = 0;
        for (int i = 0; i < 100; i++) same += Crc32.Compute(large) == first && Crc32.Compute(small) == second ? 1 : 0;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(100, same);
    }

    [Fact]
    public void Matches_bitwise_reference_on_random_data()
    {
        var rng = new Random(1);
        for (int n = 0; n < 200; n++)
        {
            var data = new byte[rng.Next(0, 2000)];
            rng.NextBytes(data);
            uint c = 0xFFFFFFFF;
            foreach (var b in data)
            {
                c ^= b;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
            Assert.Equal(~c, Crc32.Compute(data));
            Assert.Equal(~c, Crc32.Compute(Segment.Split(data, 1 + n % 64)));
        }
    }
}
