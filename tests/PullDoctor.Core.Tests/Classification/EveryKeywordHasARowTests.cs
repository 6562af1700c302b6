using PullDoctor.Core.Classification;
using PullDoctor.Core.Messages;

namespace PullDoctor.Core.Tests.Classification;

/// <summary>
/// No keyword exists without a real message that holds it (issue 12): every keyword of the failure and
/// stage tables occurs in the skeleton of at least one corpus row (or of one of its attempts). A keyword
/// no row holds is wording nobody has seen: find a real message for it, or delete it.
/// </summary>
public sealed class EveryKeywordHasARowTests
{
    [Test]
    public void EveryRuleKeyword_OccursInACorpusRow()
    {
        var skeletons = CorpusRow.Load().SelectMany(row => Skeletons(PullMessage.Parse(row.Message))).ToList();
        var keywords = FailureRules.Table.Keywords.Select(k => ("failure", k)).Concat(StageRules.Table.Keywords.Select(k => ("stage", k)));

        var unused = keywords.Where(entry => !skeletons.Any(skeleton => Holds(skeleton, entry.Item2))).Select(entry => $"{entry.Item1}: {entry.Item2}").ToList();

        foreach (var line in unused)
        {
            TestContext.Out.WriteLine(line);
        }

        Assert.That(unused, Is.Empty, "keywords that no corpus row holds");
    }

    private static IEnumerable<string> Skeletons(PullMessage message) => message.Attempts.Select(a => a.Skeleton).Prepend(message.Skeleton);

    // The matcher's own reading: a placeholder's kind letter stands for any kind.
    private static bool Holds(string skeleton, string keyword)
    {
        var found = new bool[1];
        new KeywordMatcher([keyword]).Find(skeleton, found);
        return found[0];
    }
}
