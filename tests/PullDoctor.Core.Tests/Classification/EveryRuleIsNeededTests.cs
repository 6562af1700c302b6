using PullDoctor.Core.Classification;
using PullDoctor.Core.Messages;

namespace PullDoctor.Core.Tests.Classification;

/// <summary>
/// No rule exists without a row that needs it (issue 12): each line of the failure and stage tables is
/// taken out in turn, and at least one corpus row must then come out with another cause or rule id.
/// A line no row needs is either wording to find a real message for, or dead.
/// </summary>
public sealed class EveryRuleIsNeededTests
{
    private static readonly IReadOnlyList<(CorpusRow Row, PullMessage Parsed, string Expected)> Corpus = CorpusRow.Load()
        .Select(row => (row, PullMessage.Parse(row.Message), Reading(PullMessage.Parse(row.Message), row, RuleTables.Default)))
        .ToList();

    private static IEnumerable<TestCaseData> FailureLines() =>
        FailureRules.All.Select((rule, index) => new TestCaseData(index).SetName($"FailureLine_{index:00}_{rule.Value}_{rule.AnyOf[0]}"));

    private static IEnumerable<TestCaseData> StageLines() =>
        StageRules.All.Select((rule, index) => new TestCaseData(index).SetName($"StageLine_{index:00}_{rule.Value}_{rule.AnyOf[0]}"));

    [TestCaseSource(nameof(FailureLines))]
    public void EachFailureLine_IsNeededByACorpusRow(int line) =>
        AssertNeeded(new RuleTables(new KeywordTable<Failure>(Without(FailureRules.All, line)), StageRules.Table), $"failure line {line}");

    [TestCaseSource(nameof(StageLines))]
    public void EachStageLine_IsNeededByACorpusRow(int line) =>
        AssertNeeded(new RuleTables(FailureRules.Table, new KeywordTable<Stage>(Without(StageRules.All, line))), $"stage line {line}");

    private static void AssertNeeded(RuleTables without, string what)
    {
        var needing = Corpus.Where(entry => Reading(entry.Parsed, entry.Row, without) != entry.Expected).Select(entry => entry.Row.Message).ToList();
        TestContext.Out.WriteLine($"{what}: needed by {needing.Count} rows");
        Assert.That(needing, Is.Not.Empty, $"no corpus row changes when {what} is taken out");
    }

    private static string Reading(PullMessage parsed, CorpusRow row, RuleTables rules)
    {
        var classification = MessageClassifier.Classify(parsed, string.IsNullOrEmpty(row.Reason) ? null : row.Reason, row.Message, rules);
        return $"{classification.Cause} {classification.RuleId}";
    }

    private static List<KeywordRule<T>> Without<T>(IReadOnlyList<KeywordRule<T>> rules, int line) =>
        rules.Where((_, index) => index != line).ToList();
}
