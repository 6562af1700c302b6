namespace PullDoctor.Testing.Tests;

/// <summary>A fresh API server and a raw HTTP client for every test, torn down afterwards.</summary>
public abstract class ApiServerTest
{
    private protected KubeApiServer Server { get; private set; } = null!;

    private protected RawClient Http { get; private set; } = null!;

    /// <summary>Options for the server; null takes the defaults.</summary>
    private protected virtual KubeApiServerOptions? Options => null;

    [SetUp]
    public async Task StartServerAsync()
    {
        Server = await KubeApiServer.StartAsync(Options);
        Http = new RawClient(Server);
        await OnServerStartedAsync();
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Per-class setup that needs the running server, e.g. creating a CRD.</summary>
    private protected virtual Task OnServerStartedAsync() => Task.CompletedTask;
}
