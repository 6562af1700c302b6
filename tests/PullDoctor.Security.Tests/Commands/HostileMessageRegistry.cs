using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PullDoctor.Security.Tests.Commands;

/// <summary>
/// A plain-HTTP registry on loopback whose every manifest is unknown, with an error message and tag names carrying
/// terminal control sequences: what a hostile or compromised registry can put in front of the person reading the report.
/// </summary>
internal sealed class HostileMessageRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileMessageRegistry(WebApplication app, string host)
    {
        _app = app;
        Host = host;
    }

    public string Host { get; }

    public static async Task<HostileMessageRegistry> StartAsync(string hostileText)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => AnswerAsync(context, hostileText));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return new HostileMessageRegistry(app, $"127.0.0.1:{address.Port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task AnswerAsync(HttpContext context, string hostileText)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        context.Response.ContentType = "application/json";
        if (path is "/v2/" or "/v2")
        {
            await context.Response.WriteAsync("{}");
            return;
        }

        if (path.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { name = "team/app", tags = new[] { "1.0" + hostileText, "1.1", hostileText } }));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { new { code = "MANIFEST_UNKNOWN", message = "manifest unknown " + hostileText, detail = hostileText } } }));
    }
}
