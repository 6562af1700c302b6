using PullDoctor.Registry.Credentials;
using PullDoctor.RegistryFixtures.Hostile;
using PullDoctor.Security.Tests.Support;

namespace PullDoctor.Security.Tests.Credentials;

/// <summary>A registry echoes the password where a cut would split it, or as a tag or platform name: none of it comes back.</summary>
public sealed class ScrubBeforeCutTests
{
    [TestCase(180)]
    [TestCase(185)]
    [TestCase(280)]
    [TestCase(288)]
    public async Task PasswordStraddlingTheCut_LeaksNoPrefix(int offset)
    {
        var password = "Straddle" + string.Concat(Enumerable.Range(0, 20).Select(i => (char)('a' + i))) + "-pw-99887766";
        await using var registry = HostileRegistry.Start();
        registry.On("/v2/", HostileResponse.BasicChallenge())
            .On("/v2/app/manifests/*", HostileResponse.RegistryError(403, "DENIED", new string('x', offset) + password + " trailing words"));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.0", options, credential: RegistryCredential.FromUsernamePassword("victim", password));

        var everything = AttackProbe.Everything(result);
        Assert.Multiple(() =>
        {
            Assert.That(result.HttpStatus, Is.EqualTo(403), AttackProbe.Explain(result));
            Assert.That(everything, Does.Not.Contain(password[..6]));
        });
    }

    [Test]
    public async Task PasswordServedAsATag_IsNeverSuggested()
    {
        const string password = "Victim-Tag-pw-8842";
        await using var registry = HostileRegistry.Start();
        registry.On("/v2/", HostileResponse.BasicChallenge())
            .On("/v2/app/manifests/*", HostileResponse.RegistryError(404, "MANIFEST_UNKNOWN", "unknown"))
            .On("/v2/app/tags/list", HostileResponse.Json(200, $$"""{"name":"app","tags":["{{password}}","Victim-Tag-pw-8840"]}"""));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:Victim-Tag-pw-8843", options, credential: RegistryCredential.FromUsernamePassword("victim", password));

        Assert.Multiple(() =>
        {
            Assert.That(result.SuggestedTags, Does.Contain("Victim-Tag-pw-8840"), AttackProbe.Explain(result));
            Assert.That(AttackProbe.Everything(result), Does.Not.Contain(password));
        });
    }

    [Test]
    public async Task PasswordServedAsAPlatformName_IsNeverListed()
    {
        const string password = "victim-arch-pw-5541";
        await using var registry = HostileRegistry.Start();
        var index = $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":2,"platform":{"os":"linux","architecture":"{{{password}}}"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:3333333333333333333333333333333333333333333333333333333333333333","size":2,"platform":{"os":"linux","architecture":"riscv64"}}]}""";
        registry.On("/v2/", HostileResponse.BasicChallenge())
            .On("/v2/app/manifests/*", HostileResponse.Text(200, index, "application/vnd.oci.image.index.v1+json"));
        var options = AttackProbe.Options();
        options.PlainHttpRegistries.Add(registry.Host);

        var result = await AttackProbe.RunAsync($"{registry.Host}/app:1.0", options, credential: RegistryCredential.FromUsernamePassword("victim", password), platform: "linux/amd64");

        Assert.Multiple(() =>
        {
            Assert.That(result.AvailablePlatforms, Does.Contain("linux/riscv64"), AttackProbe.Explain(result));
            Assert.That(AttackProbe.Everything(result), Does.Not.Contain(password));
        });
    }
}
