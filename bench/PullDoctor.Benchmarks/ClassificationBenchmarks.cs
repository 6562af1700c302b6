using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PullDoctor.Core.Classification;
using PullDoctor.Core.References;

namespace PullDoctor.Benchmarks;

/// <summary>
/// Classification throughput over the real-message corpus: one operation classifies every corpus
/// message once, so messages per second = corpus size / mean time. Target (issue 2): ≥ 200,000/s on one core.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ClassificationBenchmarks
{
    private (string Message, string? Reason)[] _messages = [];

    [GlobalSetup]
    public void Setup()
    {
        _messages = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "messages*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(row => (row.GetProperty("message").GetString()!, row.TryGetProperty("reason", out var r) && r.GetString() is { Length: > 0 } reason ? reason : null))
            .ToArray();
        Console.WriteLine($"// corpus: {_messages.Length} messages");
    }

    [Benchmark(Description = "Classify every corpus message once")]
    public int ClassifyCorpus()
    {
        var known = 0;
        foreach (var (message, reason) in _messages)
        {
            if (MessageClassifier.Classify(message, reason).Cause != Core.Causes.CauseCode.Unknown)
            {
                known++;
            }
        }

        return known;
    }

    // The first stage alone (wrapper, attempts, value lifting), to tell parsing from rules and facts.
    [Benchmark(Description = "Parse every corpus message once")]
    public int ParseCorpus()
    {
        var values = 0;
        foreach (var (message, _) in _messages)
        {
            values += Core.Messages.PullMessage.Parse(message).Values.Count;
        }

        return values;
    }

    [Benchmark(Description = "Parse every corpus message's image reference")]
    public int ParseReferences()
    {
        var valid = 0;
        foreach (var (message, _) in _messages)
        {
            var quote = message.IndexOf('"', StringComparison.Ordinal);
            var end = quote < 0 ? -1 : message.IndexOf('"', quote + 1);
            if (end > quote && ImageReference.Parse(message[(quote + 1)..end]).IsValid)
            {
                valid++;
            }
        }

        return valid;
    }
}
