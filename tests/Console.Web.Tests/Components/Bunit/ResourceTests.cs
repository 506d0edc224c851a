using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>The English and Chinese resources are complete, and every literal key a component uses exists.</summary>
public sealed partial class ResourceTests
{
    private static readonly string Web = AgvConsole.Web.Tests.WebProject.Directory;
    private static string Resources => Path.Combine(Web, "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(file).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");

    public static TheoryData<string> Pairs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Resources, "*.resx", SearchOption.AllDirectories).Where(f => !f.EndsWith(".zh-CN.resx")))
            data.Add(Path.GetRelativePath(Resources, f));
        return data;
    }

    [Fact]
    public void Every_english_resource_has_a_chinese_one_and_the_reverse()
    {
        var all = Directory.EnumerateFiles(Resources, "*.resx", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Resources, f)).ToList();
        Assert.NotEmpty(all);
        var english = all.Where(f => !f.EndsWith(".zh-CN.resx")).ToHashSet();
        var chinese = all.Where(f => f.EndsWith(".zh-CN.resx")).Select(f => f.Replace(".zh-CN.resx", ".resx")).ToHashSet();
        Assert.Equal(english.Order(), chinese.Order());
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void English_and_chinese_have_the_same_keys_and_no_empty_value(string resource)
    {
        var en = Read(Path.Combine(Resources, resource));
        var zh = Read(Path.Combine(Resources, resource.Replace(".resx", ".zh-CN.resx")));
        Assert.Equal(en.Keys.Order(), zh.Keys.Order());
        Assert.All(en, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"{resource}: {kv.Key} is empty in English"));
        Assert.All(zh, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"{resource}: {kv.Key} is empty in Chinese"));
        // The same placeholders in both languages: a missing {1} would drop a value, an extra one throw.
        Assert.All(en, kv => Assert.Equal(Placeholders(kv.Value), Placeholders(zh[kv.Key])));
    }

    private static string[] Placeholders(string s) => Placeholder().Matches(s).Select(m => m.Value).Distinct().Order().ToArray();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("""\b(L|T)\["([A-Za-z][A-Za-z0-9.]*)"[\],]""")]
    private static partial Regex LiteralKey();

    [Fact]
    public void Every_literal_key_a_component_uses_is_in_its_resources()
    {
        var shared = Read(Path.Combine(Resources, "Components", "SharedText.resx"));
        var checkedKeys = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Web, "Components"), "*.razor*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains("IStringLocalizer")) continue;
            var component = Path.GetFileName(file).Split('.')[0];
            var own = Path.Combine(Resources, Path.GetDirectoryName(Path.GetRelativePath(Web, file))!, component + ".resx");
            var ownKeys = File.Exists(own) ? Read(own) : [];
            foreach (Match m in LiteralKey().Matches(text))
            {
                var (which, key) = (m.Groups[1].Value, m.Groups[2].Value);
                Assert.True(which == "T" ? shared.ContainsKey(key) : ownKeys.ContainsKey(key), $"{Path.GetFileName(file)} uses {which}[\"{key}\"], missing from its resources");
                checkedKeys++;
            }
        }
        Assert.True(checkedKeys > 100, $"only {checkedKeys} keys found: the pattern no longer matches the components");
    }
}
