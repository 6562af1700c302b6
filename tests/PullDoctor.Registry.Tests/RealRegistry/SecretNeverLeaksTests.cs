using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PullDoctor.Core.References;
using PullDoctor.Registry.Credentials;
using PullDoctor.Registry.Probe;
using PullDoctor.RegistryFixtures;

namespace PullDoctor.Registry.Tests.RealRegistry;

/// <summary>
/// One known password pushed through every path of the probe (success, 401, token flow, refused token, TLS and
/// network failures, redirects, a registry that echoes it back): it must never appear in a result, log line or
/// exception message, in any of its encodings.
/// </summary>
public sealed class SecretNeverLeaksTests
{
    private const string Password = "Kn0wn-Secret-Passw0rd-7f3a";

    [Test]
    public async Task KnownPassword_NeverAppearsInResultsLogsOrExceptions()
    {
        await using var basic = await TestRegistry.StartAsync(RegistryOptions.BasicAuth("alice", Password));
        await basic.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
        await using var token = await TestRegistry.StartAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [new RegistryUser("bob", Password), new RegistryUser("carol", Password)],
            Grants = [new TokenGrant("bob", "*", "pull")],
        });
        await token.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
        await using var tls = await TestRegistry.StartAsync(RegistryOptions.WithTls());
        await using var front = await NginxFrontFixture.StartAsync(new NginxFrontOptions { Upstream = basic, Failure = NginxFailure.Redirect });
        await using var silent = SilentListener.Start();

        var cases = new (string Image, string User)[]
        {
            (basic.ImageReference("team/app", "1.0"), "alice"),
            (basic.ImageReference("team/app", "2.0"), "alice"),
            (basic.ImageReference("team/app", "1.0"), "mallory"),
            (token.ImageReference("team/app", "1.0"), "bob"),
            (token.ImageReference("team/app", "1.0"), "carol"),
            (token.ImageReference("team/app", "1.0"), "nobody"),
            (tls.ImageReference("team/app", "1.0"), "alice"),
            (front.ImageReference("team/app", "1.0"), "alice"),
            ($"{RefusedPort.AllocateHost()}/team/app:1.0", "alice"),
            ($"{UnresolvableHost.Unique()}/team/app:1.0", "alice"),
            ($"{silent.Host}/team/app:1.0", "alice"),
        };

        var logs = new CapturingLogger();
        var options = Probes.Options();
        options.PlainHttpRegistries.Add(front.Host);
        var probe = new RegistryProbe(options, logger: logs);
        var texts = new List<string>();
        foreach (var (image, user) in cases)
        {
            var request = new ProbeRequest(ImageReference.Parse(image).Reference!, RegistryCredential.FromUsernamePassword(user, Password));
            texts.Add(request.ToString());
            try
            {
                var result = await probe.ProbeAsync(request);
                texts.Add(JsonSerializer.Serialize(result));
                texts.Add(result.ToString());
                texts.AddRange(result.Steps.Select(s => s.ToString()));
            }
            catch (Exception ex)
            {
                texts.Add(ex.ToString());
            }
        }

        texts.AddRange(logs.Lines);
        var forms = new[]
        {
            Password,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{Password}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"bob:{Password}")),
            Uri.EscapeDataString(Password),
        };
        Assert.Multiple(() =>
        {
            Assert.That(texts, Has.Count.GreaterThan(cases.Length * 3));
            Assert.That(logs.Lines, Has.Count.EqualTo(cases.Length));
            foreach (var form in forms)
            {
                Assert.That(texts.Where(t => t.Contains(form, StringComparison.Ordinal)), Is.Empty, $"secret form {form[..4]}… leaked");
            }
        });
    }

    [Test]
    public void Scrubber_RemovesAnEchoedPassword()
    {
        var scrubber = new SecretScrubber();
        scrubber.AddRange(RegistryCredential.FromUsernamePassword("alice", Password).SecretForms());

        Assert.That(scrubber.Scrub($"unauthorized: password {Password} and header Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{Password}"))}"), Does.Not.Contain(Password).And.Not.Contain("YWxpY2"));
    }

    private sealed class CapturingLogger : ILogger<RegistryProbe>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception) + exception);
            }
        }
    }
}
