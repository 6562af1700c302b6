using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Tests.Http;

public sealed class RateLimitInfoTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ResponseHeaders Headers(params (string Name, string Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, string[]>(v.Name, [v.Value])));

    [Test]
    public void From_DockerHubHeaders_ResetsInRetryAfter()
    {
        var info = RateLimitInfo.From(Headers(("ratelimit-limit", "100;w=21600"), ("ratelimit-remaining", "0;w=21600"), ("Retry-After", "7980")), Now)!;

        Assert.Multiple(() =>
        {
            Assert.That(info.Limit, Is.EqualTo(100));
            Assert.That(info.Remaining, Is.EqualTo(0));
            Assert.That(info.Window, Is.EqualTo(TimeSpan.FromHours(6)));
            Assert.That(info.ResetText, Is.EqualTo("resets in 2h 13m"));
        });
    }

    [Test]
    public void From_WindowOnly_SaysResetsWithinTheWindow()
    {
        var info = RateLimitInfo.From(Headers(("RateLimit-Limit", "100;w=21600"), ("RateLimit-Remaining", "0;w=21600")), Now)!;

        Assert.That(info.ResetText, Is.EqualTo("resets within 6h, the length of the limit's window (100 pulls, 0 left)"));
    }

    [Test]
    public void From_RetryAfterAsHttpDate()
    {
        var info = RateLimitInfo.From(Headers(("Retry-After", Now.AddSeconds(90).ToString("r"))), Now)!;

        Assert.That(info.ResetText, Is.EqualTo("resets in 1m 30s"));
    }

    [Test]
    public void From_NoHeaders_IsNull() => Assert.That(RateLimitInfo.From(ResponseHeaders.Empty, Now), Is.Null);
}
