using PullDoctor.RegistryFixtures.Hostile;
using PullDoctor.Security.Tests.Support;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Ssrf;

/// <summary>
/// Only registry-shaped answers (the distribution error JSON, short and cleaned) are quoted into a result; anything
/// else an HTTP service says — HTML, other JSON, its status line — is summarised as "HTTP 403 from host".
/// </summary>
public sealed class ReflectionTests
{
    private const string InsideSecret = "INSIDE-ONLY-5512";

    private static IEnumerable<TestCaseData> NonRegistryAnswers()
    {
        yield return new TestCaseData(HostileResponse.Text(403, $"<html><body>{InsideSecret}</body></html>", "text/html")).SetName("Html");
        yield return new TestCaseData(HostileResponse.Json(403, $$"""{"message":"{{InsideSecret}}"}""")).SetName("JsonMessage");
        yield return new TestCaseData(HostileResponse.Json(403, $$"""{"kind":"Status","status":"Failure","message":"{{InsideSecret}}","code":403}""")).SetName("KubernetesStatus");
        yield return new TestCaseData(HostileResponse.Json(403, $$"""{"details":"{{InsideSecret}}"}""")).SetName("TokenServerDetailsFromTheRegistryItself");
        yield return new TestCaseData(HostileResponse.Json(403, $$"""{"error":"{{InsideSecret}}"}""")).SetName("JsonError");
        yield return new TestCaseData(HostileResponse.Json(403, $$"""{"errors":[{"code":"{{InsideSecret.ToLowerInvariant()}} {{InsideSecret}}","message":"x"}]}""")).SetName("ErrorCodeOutsideItsGrammar");
        yield return new TestCaseData(new HostileResponse { Status = 403, Reason = $"Forbidden {InsideSecret}" }).SetName("ReasonPhrase");
    }

    [TestCaseSource(nameof(NonRegistryAnswers))]
    public async Task NonRegistryAnswer_IsSummarised_NeverQuoted(HostileResponse answer)
    {
        await using var registry = HostileRegistry.Start();
        registry.On("/v2/", HostileResponse.Json(200, "{}")).On("/v2/app/manifests/*", answer);
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.0", options);

        Assert.Multiple(() =>
        {
            Assert.That(result.HttpStatus, Is.EqualTo(403), AttackProbe.Explain(result));
            Assert.That(AttackProbe.Everything(result).ToUpperInvariant(), Does.Not.Contain(InsideSecret.ToUpperInvariant()));
            Assert.That(result.Detail, Does.Contain($"HTTP 403 from {registry.Host}"));
            Assert.That(result.RegistryMessage, Is.Null);
        });
    }

    [Test]
    public async Task RegistryError_IsQuoted_ShortAndWithoutControlCharacters()
    {
        await using var registry = HostileRegistry.Start();
        var message = "denied: \u001b[31mred\u001b[0m\r\nSet-Cookie: x\u0007 \u202Egnp.exe " + new string('y', 5000);
        registry.On("/v2/", HostileResponse.Json(200, "{}")).On("/v2/app/manifests/*", HostileResponse.RegistryError(403, "DENIED", message));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.0", options);

        Assert.Multiple(() =>
        {
            Assert.That(result.RegistryErrorCode, Is.EqualTo("DENIED"), AttackProbe.Explain(result));
            Assert.That(result.RegistryMessage, Does.StartWith("denied: "));
            Assert.That(result.RegistryMessage!.Length, Is.LessThanOrEqualTo(200));
            Assert.That(AttackProbe.Everything(result), Does.Not.Contain(new string('y', 300)));
            foreach (var text in (string[])[result.RegistryMessage, result.Detail, .. result.Steps.Select(s => s.Answer)])
            {
                Assert.That(text.Where(c => char.IsControl(c) || c == '\u202E'), Is.Empty, text);
            }
        });
    }

    [Test]
    public async Task TheCommandLine_NeverPrintsWhatAnInternalServiceSaid()
    {
        await using var registry = HostileRegistry.Start();
        registry.On("/v2/", HostileResponse.Json(200, "{}"))
            .On("/v2/app/manifests/*", new HostileResponse { Status = 403, Reason = InsideSecret, Body = System.Text.Encoding.UTF8.GetBytes($$"""{"message":"{{InsideSecret}}"}"""), Headers = [new("Content-Type", "application/json")] });

        var text = await PullDoctorProcess.RunAsync(["diagnose", $"{registry.Host}/app:1.0", "--plain-http", "--timeout", "20"]);
        var json = await PullDoctorProcess.RunAsync(["diagnose", $"{registry.Host}/app:1.0", "--plain-http", "--timeout", "20", "-o", "json"]);

        Assert.Multiple(() =>
        {
            Assert.That(registry.Requests, Is.Not.Empty);
            Assert.That(text.Stdout + text.Stderr, Does.Not.Contain(InsideSecret), text.Stdout);
            Assert.That(json.Stdout + json.Stderr, Does.Not.Contain(InsideSecret), json.Stdout);
            Assert.That(json.Stdout, Does.Contain($"HTTP 403 from {registry.Host}"));
        });
    }
}
