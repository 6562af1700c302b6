using Microsoft.Extensions.Time.Testing;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Tests.Queues;

public sealed class RateLimiterTests
{
    [Test]
    public void ItemExponential_ConsecutiveFailures_DoubleFromBaseUpToCap()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("a").TotalMilliseconds).ToArray();

        Assert.That(delays, Is.EqualTo(new[] { 5.0, 10, 20, 40, 80 }));
        Assert.That(limiter.NumRequeues("a"), Is.EqualTo(5));
        Assert.That(limiter.When("b"), Is.EqualTo(TimeSpan.FromMilliseconds(5)), "back-off is per item");
    }

    [Test]
    public void ItemExponential_ManyFailures_CapsAtMaxWithoutOverflow()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        TimeSpan last = default;
        for (var i = 0; i < 200; i++)
            last = limiter.When("a");

        Assert.That(last, Is.EqualTo(TimeSpan.FromSeconds(1000)));
    }

    [Test]
    public void ItemExponential_Forget_RestartsFromBase()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");

        limiter.Forget("a");

        Assert.That(limiter.NumRequeues("a"), Is.Zero);
        Assert.That(limiter.When("a"), Is.EqualTo(TimeSpan.FromMilliseconds(5)));
    }

    [Test]
    public void Bucket_BeyondBurst_SpacesCallsAtQps()
    {
        var time = new FakeTimeProvider();
        var limiter = new BucketRateLimiter<string>(10, 100, time);

        var burst = Enumerable.Range(0, 100).Select(i => limiter.When($"k{i}")).ToArray();
        var next = limiter.When("k100");
        var afterThat = limiter.When("k101");

        Assert.That(burst, Is.All.EqualTo(TimeSpan.Zero));
        Assert.That(next.TotalMilliseconds, Is.EqualTo(100).Within(0.001));
        Assert.That(afterThat.TotalMilliseconds, Is.EqualTo(200).Within(0.001));

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(limiter.When("k102"), Is.EqualTo(TimeSpan.Zero), "tokens refill over time");
    }

    [Test]
    public void Default_TakesTheLongerOfItemBackOffAndOverallRate()
    {
        var time = new FakeTimeProvider();
        var limiter = RateLimiters.Default<string>(time);

        Assert.That(limiter.When("a"), Is.EqualTo(TimeSpan.FromMilliseconds(5)));
        for (var i = 0; i < 200; i++)
            limiter.When($"other{i}");

        var delay = limiter.When("a");

        Assert.That(delay, Is.GreaterThan(TimeSpan.FromMilliseconds(10)), "the exhausted bucket dominates the 10 ms item delay");
        Assert.That(limiter.NumRequeues("a"), Is.EqualTo(2));
    }

    [Test]
    public void Default_OptionsOverrideTheNumbers()
    {
        var limiter = RateLimiters.Default<string>(new FakeTimeProvider(), new RateLimiterOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(3) });

        var delays = Enumerable.Range(0, 4).Select(_ => limiter.When("a").TotalSeconds).ToArray();

        Assert.That(delays, Is.EqualTo(new[] { 1.0, 2, 3, 3 }));
    }
}
