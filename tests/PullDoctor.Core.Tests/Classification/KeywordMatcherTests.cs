using CsCheck;
using PullDoctor.Core.Classification;

namespace PullDoctor.Core.Tests.Classification;

/// <summary>
/// The one-pass keyword automaton finds exactly the keywords a plain substring search finds: on the
/// real rule tables over every corpus skeleton, and on random keyword sets chosen to overlap
/// (shared prefixes, suffixes that are other keywords' prefixes, keywords inside keywords).
/// </summary>
public sealed class KeywordMatcherTests
{
    [Test]
    public void FindsWhatASubstringSearchFinds_OnRandomOverlappingKeywords()
    {
        // A tiny alphabet makes overlaps (the hard cases for failure links) the rule, not the exception.
        var word = Gen.Char['a', 'd'].Array[1, 5].Select(chars => new string(chars));
        var keywords = word.Array[1, 12].Select(words => words.Distinct(StringComparer.Ordinal).ToArray());
        var text = Gen.Char['a', 'e'].Array[0, 60].Select(chars => new string(chars));
        Gen.Select(keywords, text).Sample((words, message) =>
        {
            var matcher = new KeywordMatcher(words);
            var found = new bool[words.Length];
            matcher.Find(message, found);
            for (var i = 0; i < words.Length; i++)
            {
                if (found[i] != message.Contains(words[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }, iter: 20_000);
    }

    [Test]
    public void FindsWhatASubstringSearchFinds_OnTheRuleTablesOverTheCorpus()
    {
        var tables = new[] { FailureRules.Table.Keywords, StageRules.Table.Keywords };
        foreach (var keywords in tables)
        {
            var matcher = new KeywordMatcher(keywords);
            foreach (var row in CorpusRow.Load())
            {
                var skeleton = Core.Messages.PullMessage.Parse(row.Message).Skeleton;
                var found = new bool[keywords.Count];
                matcher.Find(skeleton, found);
                var expected = keywords.Select(keyword => AnyKind(skeleton).Contains(AnyKind(keyword), StringComparison.Ordinal)).ToArray();
                Assert.That(found, Is.EqualTo(expected), row.Message);
            }
        }
    }

    [Test]
    public void APlaceholderInAKeyword_StandsForAValueOfAnyKind()
    {
        var matcher = new KeywordMatcher(["tag \u2039R\u203a not found"]);
        var found = new bool[1];
        matcher.Find("manifest unknown: tag \u2039H\u203a not found ", found);
        Assert.That(found[0], Is.True);
    }

    // Placeholder letters are one symbol to the matcher; the plain search is told the same.
    private static string AnyKind(string text) => new([.. text.Select(c => char.IsAsciiLetterUpper(c) ? 'X' : c)]);

    [Test]
    public void AnEmptyKeywordIsRefused() =>
        Assert.Throws<ArgumentException>(() => _ = new KeywordMatcher(["denied", ""]));
}
