using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PullDoctor.Testing.Api;
using PullDoctor.Testing.Controllers;
using PullDoctor.Testing.Diagnostics;
using PullDoctor.Testing.Faults;
using PullDoctor.Testing.Http;
using PullDoctor.Testing.Resources;
using PullDoctor.Testing.Storage;
using PullDoctor.Testing.Watch;
using PullDoctor.Testing.Yaml;

namespace PullDoctor.Testing;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 for tests: real HTTP (1.1, and 2 over TLS),
/// real resourceVersion/watch/conflict semantics, scriptable faults and a request log.
/// <code>
/// await using var server = await KubeApiServer.StartAsync();
/// using var client = new Kubernetes(server.ClientConfiguration);   // KubernetesClient
/// </code>
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BackgroundControllers _controllers;
    private readonly X509Certificate2? _certificate;

    private KubeApiServer(WebApplication app, Uri url, ResourceService service, BackgroundControllers controllers,
        FaultInjector faults, RequestLog log, KubeApiServerOptions options, X509Certificate2? certificate)
    {
        _app = app;
        Url = url;
        Resources = service;
        _controllers = controllers;
        Faults = faults;
        Requests = log;
        Options = options;
        _certificate = certificate;
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Url { get; }

    public KubeApiServerOptions Options { get; }

    /// <summary>Scripted faults: dropped watches, failing requests, delays, 410s, conflicts.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Every request answered, for asserting what a client did.</summary>
    public RequestLog Requests { get; }

    /// <summary>The REST semantics, for seeding and inspecting objects without HTTP.</summary>
    public ResourceService Resources { get; }

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion => Resources.Store.CurrentResourceVersion;

    /// <summary>The server's certificate (PEM) when serving TLS.</summary>
    public string? CertificatePem => _certificate?.ExportCertificatePem();

    public static async Task<KubeApiServer> StartAsync(KubeApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubeApiServerOptions();
        var registry = new ResourceRegistry(BuiltInResources.Create());
        var store = new ObjectStore(options.WatchHistorySize);
        var service = new ResourceService(store, registry, options);
        var faults = new FaultInjector(store);
        var log = new RequestLog(options.RequestLogCapacity);
        var watches = new WatchHub(service, options);
        var handler = new ApiHandler(service, watches, faults, log, options);
        var certificate = options.UseTls ? SelfSignedCertificate.Create() : null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address).Port;
        var url = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}");
        var controllers = new BackgroundControllers(service, options);
        var server = new KubeApiServer(app, url, service, controllers, faults, log, options, certificate);
        server.Bootstrap();
        return server;
    }

    /// <summary>
    /// A KubernetesClient configuration for this server (a new instance each time, so a test may
    /// change it). Over TLS it trusts the server's self-signed certificate, and the client speaks HTTP/2.
    /// </summary>
    public KubernetesClientConfiguration ClientConfiguration
    {
        get
        {
            var config = new KubernetesClientConfiguration { Host = Url.ToString(), Namespace = "default" };
            if (_certificate is not null)
            {
                config.SslCaCerts = [X509CertificateLoader.LoadCertificate(_certificate.RawData)];
            }

            return config;
        }
    }

    /// <summary>A new KubernetesClient for this server; dispose it when done.</summary>
    public Kubernetes CreateClient() => new(ClientConfiguration);

    /// <summary>A kubeconfig (YAML) whose current context points at this server.</summary>
    public string Kubeconfig(string? defaultNamespace = null) => KubeconfigWriter.Render(Url, CertificatePem, defaultNamespace);

    /// <summary>Writes a kubeconfig for kubectl or any client to <paramref name="path"/> and returns the path.</summary>
    public string WriteKubeconfig(string path, string? defaultNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Kubeconfig(defaultNamespace));
        return path;
    }

    /// <summary>Creates objects (any served kind, CRDs included) from YAML or JSON documents, in order; returns them as stored.</summary>
    public IReadOnlyList<JsonObject> Apply(string yaml)
    {
        var result = new List<JsonObject>();
        foreach (var doc in YamlLoader.ParseDocuments(yaml))
        {
            result.Add(CreateOrReplace(doc));
        }

        return result;
    }

    /// <summary>Creates an object, or replaces the existing one of that name (unconditionally).</summary>
    public JsonObject CreateOrReplace(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);

        // Seed objects take the wire form a client would send: a JsonObject built in code holds CLR values
        // (JsonValue<int>), which the store, reading parsed JSON elements, would otherwise reject as wrong-typed.
        obj = JsonNode.Parse(obj.ToJsonString())!.AsObject();
        var apiVersion = obj.GetString("apiVersion") ?? throw new ArgumentException("apiVersion is required", nameof(obj));
        var kind = obj.GetString("kind") ?? throw new ArgumentException("kind is required", nameof(obj));
        var type = Resources.Registry.FindByKind(apiVersion, kind)
            ?? throw new ArgumentException($"no resource serves {kind} in {apiVersion}", nameof(obj));
        var meta = obj.Metadata();
        var ns = type.Namespaced ? meta.GetString("namespace") ?? "default" : string.Empty;
        var name = meta.GetString("name") ?? string.Empty;
        var options = new WriteOptions { FieldManager = "kube-api-server-seed", FieldValidation = "Strict" };
        if (type.Namespaced)
        {
            EnsureNamespace(ns);
        }

        try
        {
            var existing = Resources.Get(type, ns, name);
            var replacement = (JsonObject)obj.DeepClone();
            replacement.Metadata()["resourceVersion"] = existing.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var updated = Resources.Update(type, ns, name, replacement, null, options);
            return type.HasStatus && obj["status"] is not null
                ? Resources.Update(type, ns, name, WithRv(obj, updated), "status", options)
                : updated;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            var created = Resources.Create(type, ns, obj, options);
            // Seeding from YAML sets status too, as a controller or kubelet would have.
            return type.HasStatus && obj["status"] is not null && type.Strategy.ResetsStatusOnCreate
                ? Resources.Update(type, ns, name, WithRv(obj, created), "status", options)
                : created;
        }
    }

    /// <summary>Creates a namespace unless it exists.</summary>
    public void EnsureNamespace(string name)
    {
        var type = Resources.Registry.Find(string.Empty, "v1", "namespaces")!;
        if (Resources.TableOf(type).Get(name) is null)
        {
            try
            {
                Resources.Create(type, string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, new WriteOptions { FieldManager = "kube-api-server-seed" });
            }
            catch (ApiException e) when (e.Code == 409)
            {
                // Created concurrently.
            }
        }
    }

    /// <summary>Waits until the garbage collector and namespace/CRD controllers have nothing left to do.</summary>
    public Task WhenControllersIdleAsync(CancellationToken cancellationToken = default) => _controllers.WhenIdleAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Resources.Store.CloseAllWatches();
        await _controllers.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate?.Dispose();
    }

    private static JsonObject WithRv(JsonObject source, JsonObject current)
    {
        var copy = (JsonObject)source.DeepClone();
        copy.Metadata()["resourceVersion"] = current.Metadata().GetString("resourceVersion");
        return copy;
    }

    private void Bootstrap()
    {
        foreach (var ns in Options.InitialNamespaces)
        {
            EnsureNamespace(ns);
        }
    }
}
