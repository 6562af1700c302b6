using PullDoctor.RegistryFixtures;

namespace PullDoctor.Tests.Diagnose;

/// <summary><c>diagnose</c> with and without pull secrets, against real basic-auth and token-auth registries.</summary>
public sealed class DiagnoseAuthTests
{
    private const string Password = "cli-known-password-8c1f";
    private TestRegistry _basic = null!;
    private TestRegistry _token = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _directory = Directory.CreateTempSubdirectory("pulldoctor-diagnose-").FullName;
        _basic = await TestRegistry.StartAsync(RegistryOptions.BasicAuth("alice", Password));
        await _basic.PushImageAsync("team/app", "1.0", ImagePlatforms.LinuxAmd64);
        _token = await TestRegistry.StartAsync(new RegistryOptions
        {
            Auth = RegistryAuthMode.Token,
            Users = [new RegistryUser("bob", Password), new RegistryUser("carol", Password)],
            Grants = [new TokenGrant("bob", "*", "pull"), new TokenGrant("carol", "team/*", "pull")],
        });
        await _token.PushImageAsync("private/app", "1.0", ImagePlatforms.LinuxAmd64);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _basic.DisposeAsync();
        await _token.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string Secret(string key, string user, string password) => DiagnoseProcess.WriteDockerConfig(_directory, key, user, password);

    [Test]
    public async Task Basic_NoSecret_IsAuthenticationRequired()
    {
        var run = await DiagnoseProcess.RunAsync(_basic.ImageReference("team/app", "1.0"), "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("AuthenticationRequired"));
            Assert.That(run.Json.GetProperty("evidence").GetProperty("probe").GetProperty("httpStatus").GetInt32(), Is.EqualTo(401));
        });
    }

    [Test]
    public async Task Basic_RightSecret_IsPullable()
    {
        var run = await DiagnoseProcess.RunAsync(_basic.ImageReference("team/app", "1.0"), "--pull-secret", Secret(_basic.Host, "alice", Password));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stdout, Does.Contain($"Found, entry {_basic.Host}").And.Contain("credentials sent"));
        });
    }

    [Test]
    public async Task Basic_WrongPassword_IsAuthenticationFailed()
    {
        var run = await DiagnoseProcess.RunAsync(_basic.ImageReference("team/app", "1.0"), "--pull-secret", Secret(_basic.Host, "alice", "wrong"), "-o", "json");

        Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("AuthenticationFailed"), run.ToString());
    }

    [Test]
    public async Task SecretKeyedForDockerHub_IsPullSecretInvalid_NamingBothHosts()
    {
        var run = await DiagnoseProcess.RunAsync(_basic.ImageReference("team/app", "1.0"), "--pull-secret", Secret("https://index.docker.io/v1/", "alice", Password), "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("PullSecretInvalid"));
            Assert.That(run.Json.GetProperty("pullSecret").GetProperty("state").GetString(), Is.EqualTo("NoEntryForRegistry"));
            Assert.That(run.Json.GetProperty("pullSecret").GetProperty("detail").GetString(), Is.EqualTo($"keyed for https://index.docker.io/v1/, the image is on {_basic.Host}"));
        });
    }

    [Test]
    public async Task SecretAsKubectlYaml_IsUnderstood()
    {
        var config = File.ReadAllText(Secret(_basic.Host, "alice", Password));
        var yaml = Path.Combine(_directory, "secret.yaml");
        File.WriteAllText(yaml, $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: regcred
            type: kubernetes.io/dockerconfigjson
            data:
              .dockerconfigjson: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(config))}
            """);

        var run = await DiagnoseProcess.RunAsync(_basic.ImageReference("team/app", "1.0"), "--pull-secret", yaml);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public async Task SecretOfTheWrongType_IsPullSecretInvalid()
    {
        var config = File.ReadAllText(Secret(_basic.Host, "alice", Password));
        var yaml = Path.Combine(_directory, "opaque.yaml");
        File.WriteAllText(yaml, $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: regcred
            type: Opaque
            data:
              .dockerconfigjson: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(config))}
            """);

        var run = await DiagnoseProcess.RunAsync(_basic.ImageReference("team/app", "1.0"), "--pull-secret", yaml, "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("PullSecretInvalid"), run.ToString());
            Assert.That(run.Json.GetProperty("pullSecret").GetProperty("detail").GetString(), Does.Contain("type Opaque"));
        });
    }

    [Test]
    public async Task Token_Anonymous_IsRepositoryNotFoundOrPrivate()
    {
        var run = await DiagnoseProcess.RunAsync(_token.ImageReference("private/app", "1.0"), "-o", "json");

        Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("RepositoryNotFoundOrPrivate"), run.ToString());
    }

    [Test]
    public async Task Token_UserWithoutPermission_IsAccessDenied()
    {
        var run = await DiagnoseProcess.RunAsync(_token.ImageReference("private/app", "1.0"), "--pull-secret", Secret(_token.Host, "carol", Password), "-o", "json");

        Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("AccessDenied"), run.ToString());
    }

    [Test]
    public async Task Token_WrongPassword_IsAuthenticationFailed()
    {
        var run = await DiagnoseProcess.RunAsync(_token.ImageReference("private/app", "1.0"), "--pull-secret", Secret(_token.Host, "bob", "nope"), "-o", "json");

        Assert.That(run.Json.GetProperty("cause").GetString(), Is.EqualTo("AuthenticationFailed"), run.ToString());
    }

    [Test]
    public async Task Token_RightSecret_IsPullable()
    {
        var run = await DiagnoseProcess.RunAsync(_token.ImageReference("private/app", "1.0"), "--pull-secret", Secret(_token.Host, "bob", Password));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public async Task ThePasswordNeverAppearsInAnyOutput()
    {
        string[][] runs =
        [
            [_basic.ImageReference("team/app", "1.0"), "--pull-secret", Secret(_basic.Host, "alice", Password)],
            [_basic.ImageReference("team/app", "1.0"), "--pull-secret", Secret(_basic.Host, "mallory", Password), "-o", "json"],
            [_token.ImageReference("private/app", "1.0"), "--pull-secret", Secret(_token.Host, "bob", Password), "-o", "json"],
            [_token.ImageReference("private/app", "1.0"), "--pull-secret", Secret(_token.Host, "nobody", Password)],
            [_token.ImageReference("private/app", "1.0"), "--pull-secret", Secret(_token.Host, "carol", Password)],
            [$"{UnresolvableHost.Unique()}/a:1", "--pull-secret", Secret("*.pulldoctor.invalid", "alice", Password)],
            [$"{RefusedPort.AllocateHost()}/a:1", "--pull-secret", Secret("127.0.0.1", "alice", Password), "-o", "json"],
        ];
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"alice:{Password}"));
        foreach (var arguments in runs)
        {
            var run = await DiagnoseProcess.RunAsync(arguments);
            Assert.That(run.Stdout + run.Stderr, Does.Not.Contain(Password).And.Not.Contain(encoded), run.ToString());
        }
    }
}
