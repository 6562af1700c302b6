using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Informers;

namespace PullDoctor.Operator.Tests.Informers;

public sealed class ReflectorBackoffTests
{
    [Test]
    public void Next_ConsecutiveFailures_DoubleFrom800msTo30sWithJitter()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReflectorBackoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), time, random: () => 0.5);

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.That(delays, Is.EqualTo(new[] { 1.2, 2.4, 4.8, 9.6, 19.2, 38.4, 45, 45 }).Within(1e-9), "base 0.8 s doubling to the 30 s cap, times 1.5 jitter");
    }

    [Test]
    public void Next_AfterQuietPeriod_StartsOver()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReflectorBackoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), time, random: () => 0);
        for (var i = 0; i < 5; i++)
            backoff.Next();

        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        Assert.That(backoff.Next(), Is.EqualTo(TimeSpan.FromMilliseconds(800)));
    }

    [Test]
    public void Next_JitterStaysWithinOneToTwiceTheBase()
    {
        var backoff = new ReflectorBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), new FakeTimeProvider());

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.Next()).ToArray();

        Assert.That(delays, Is.All.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
    }
}
