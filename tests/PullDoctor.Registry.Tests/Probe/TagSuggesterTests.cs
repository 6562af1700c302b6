using PullDoctor.Registry.Probe;

namespace PullDoctor.Registry.Tests.Probe;

public sealed class TagSuggesterTests
{
    private static readonly string[] NginxTags =
        ["1.24.0", "1.25.0", "1.25.1", "1.25.2", "1.25.3", "1.25.3-alpine", "1.25-alpine", "1.25", "1.26.0", "latest", "stable", "mainline", "alpine"];

    [Test]
    public void Suggest_VersionWildcard_NewestMatchingVersionFirst()
    {
        var suggestions = TagSuggester.Suggest("1.25.x", NginxTags);

        Assert.That(suggestions, Is.EqualTo(new[] { "1.25.3", "1.25.2", "1.25.1", "1.25.0", "1.25" }));
    }

    [Test]
    public void Suggest_SameSuffixPreferred()
    {
        var suggestions = TagSuggester.Suggest("1.25.9-alpine", NginxTags);

        Assert.That(suggestions[0], Is.EqualTo("1.25.3-alpine"));
    }

    [Test]
    public void Suggest_UnknownMinor_FallsBackToTheMajor()
    {
        var suggestions = TagSuggester.Suggest("1.99", NginxTags);

        Assert.That(suggestions[0], Is.EqualTo("1.26.0"));
    }

    [Test]
    public void Suggest_Typo_UsesEditDistance()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TagSuggester.Suggest("lates", NginxTags)[0], Is.EqualTo("latest"));
            Assert.That(TagSuggester.Suggest("Stable", NginxTags)[0], Is.EqualTo("stable"));
        });
    }

    [Test]
    public void Suggest_AtMostFive_AndNothingFarFetched()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TagSuggester.Suggest("1", NginxTags), Has.Count.EqualTo(5));
            Assert.That(TagSuggester.Suggest("completely-different", NginxTags), Is.Empty);
        });
    }
}
