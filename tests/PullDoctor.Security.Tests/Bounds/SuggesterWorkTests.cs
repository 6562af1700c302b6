using System.Diagnostics;
using PullDoctor.Registry.Probe;

namespace PullDoctor.Security.Tests.Bounds;

/// <summary>The nearest-tag search does bounded work whatever it is handed (39 MB of tags once cost 11 s of CPU).</summary>
public sealed class SuggesterWorkTests
{
    [Test]
    public void ThirtyNineMegabytesOfLongTags_AreSearchedInBoundedTime()
    {
        var random = new Random(42);
        var tags = Enumerable.Range(0, 300_000)
            .Select(_ => new string([.. Enumerable.Range(0, 128).Select(_ => (char)('a' + random.Next(26)))]))
            .ToList();
        var missing = new string('q', 128);

        var clock = Stopwatch.StartNew();
        var suggestions = TagSuggester.Suggest(missing, tags);
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(suggestions.Count, Is.LessThanOrEqualTo(TagSuggester.MaxSuggestions));
        });
    }

    [Test]
    public void HugeAndUngrammaticalTags_AreNeverSuggested()
    {
        var tags = new[] { "1.25." + new string('a', 1_000_000), "1.25.3;rm -rf /", "1.25.2" };

        var suggestions = TagSuggester.Suggest("1.25.x", tags);

        Assert.That(suggestions, Is.EqualTo(new[] { "1.25.2" }));
    }
}
