using PullDoctor.RegistryFixtures;

namespace PullDoctor.Demo.Scenario;

/// <summary>
/// The demo's local registries: Debian's docker-registry (CNCF distribution) on loopback ports, images built by the
/// test fixtures and pushed with skopeo, as the end-to-end tests do. A registry whose programs are not installed,
/// or that does not start, is not there; <see cref="Unavailable"/> says why, and its causes are skipped.
/// </summary>
internal sealed class DemoRegistries : IAsyncDisposable
{
    public const string PushedUser = "shop-ci";

    private readonly Dictionary<RegistryKind, TestRegistry> _running = [];
    private readonly Dictionary<RegistryKind, string> _unavailable = [];

    private DemoRegistries()
    {
    }

    /// <summary>The password of <see cref="PushedUser"/> on the password-protected registry (made up per run).</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];

    public IReadOnlyDictionary<RegistryKind, string> Unavailable => _unavailable;

    public TestRegistry? this[RegistryKind kind] => _running.GetValueOrDefault(kind);

    /// <param name="start">False starts none (each is then unavailable "not asked for").</param>
    public static async Task<DemoRegistries> StartAsync(bool start, CancellationToken cancellationToken)
    {
        var registries = new DemoRegistries();
        if (!start)
        {
            foreach (var kind in Enum.GetValues<RegistryKind>())
            {
                registries._unavailable[kind] = "no registries (--no-registries)";
            }

            return registries;
        }

        await registries.StartAsync(RegistryKind.Open, [ExternalBinary.DockerRegistry, ExternalBinary.Skopeo], RegistryOptions.Anonymous, async r =>
        {
            await r.PushTagsAsync("shop/web", ["1.24.0", "1.25.0", "1.25.3"], ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken);
            await r.PushImageAsync("shop/cart", "2.4", ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken);
            await r.PushIndexAsync("shop/thumbnails", "1.0", [ImagePlatforms.LinuxArm64], cancellationToken: cancellationToken);
        }, cancellationToken);
        await registries.StartAsync(RegistryKind.PasswordProtected, [ExternalBinary.DockerRegistry, ExternalBinary.Skopeo, ExternalBinary.Htpasswd], RegistryOptions.BasicAuth(PushedUser, registries.Password), async r =>
        {
            await r.PushImageAsync("shop/payments", "3.2", ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken);
            await r.PushImageAsync("shop/checkout", "1.4", ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken);
            await r.PushImageAsync("shop/billing", "7.1", ImagePlatforms.LinuxAmd64, cancellationToken: cancellationToken);
        }, cancellationToken);
        await registries.StartAsync(RegistryKind.UntrustedTls, [ExternalBinary.DockerRegistry], RegistryOptions.WithTls(), _ => Task.CompletedTask, cancellationToken);
        return registries;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var registry in _running.Values)
        {
            await registry.DisposeAsync();
        }
    }

    private async Task StartAsync(RegistryKind kind, string[] programs, RegistryOptions options, Func<TestRegistry, Task> fill, CancellationToken cancellationToken)
    {
        // Checked here, not by the fixtures: they report a missing program to NUnit, which is not running.
        var missing = programs.Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            _unavailable[kind] = $"{string.Join(", ", missing)} not installed (apt-get install {string.Join(' ', missing.Select(ExternalBinary.PackageOf).Distinct())})";
            return;
        }

        TestRegistry? registry = null;
        try
        {
            registry = await TestRegistry.StartAsync(options, cancellationToken);
            await fill(registry);
            _running[kind] = registry;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or System.ComponentModel.Win32Exception or HttpRequestException)
        {
            _unavailable[kind] = "the registry did not start: " + e.Message.ReplaceLineEndings(" ");
            if (registry is not null)
            {
                await registry.DisposeAsync();
            }
        }
    }
}
