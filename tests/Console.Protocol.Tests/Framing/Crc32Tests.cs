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
    public void Append_equals_crc_of_concatenation_for_every_split()
    {
        var data = Enumerable.Range(0, 300).Select(i => (byte)(i * 7 + 3)).ToArray();
        uint whole = Crc32.Compute(data);
        for (int split = 0; split <= data.Length; split++)
            Assert.Equal(whole, Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
    }

    [Fact]
    public void Matches_bitwise_reference_on_random_data()
    {
        var rng = new Random(1);
        for (int n = 0; n < 200; n++)
        {
            var data = new byte[rng.Next(0, 100)];
            rng.NextBytes(data);
            uint c = 0xFFFFFFFF;
            foreach (var b in data)
            {
                c ^= b;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
            Assert.Equal(~c, Crc32.Compute(data));
        }
    }
}
