using Microsoft.AspNetCore.Http;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Controllers;
using PullDoctor.Operator.Diagnosis;
using PullDoctor.Operator.Informers;
using PullDoctor.Operator.Queues;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// <c>/healthz</c>: the process serves and none of its loops has died. <c>/readyz</c>: the CRD is installed and
/// usable (<see cref="ApiPrerequisites"/>) and every pod informer and reconcile cache has synced (a follower is ready too: it is warm
/// and can take over).
/// </summary>
internal sealed class HealthChecks(IReadOnlyList<Informer<Informers.PodStream.DecodedPod, PodSnapshot>> informers, ControllerRunner<ObjectKey> runner, ApiPrerequisites prerequisites, Caching.ReconcileCaches? caches = null)
{
    public IResult Healthz()
    {
        var dead = informers.Cast<Microsoft.Extensions.Hosting.BackgroundService>().Append(runner)
            .Where(s => s.ExecuteTask is { IsFaulted: true })
            .ToArray();
        return dead.Length == 0 ? Results.Text("ok\n") : Results.Text("a controller loop has stopped\n", statusCode: 500);
    }

    public IResult Readyz()
    {
        if (prerequisites.Problem is { } problem)
        {
            return Results.Text($"not ready: {problem}\n", statusCode: 503);
        }

        var waiting = informers.Where(i => !i.HasSynced).Select(i => i.Name).Concat(caches is { HasSynced: false } ? ["reconcile caches"] : []).ToArray();
        return waiting.Length == 0
            ? Results.Text("ok\n")
            : Results.Text($"informer(s) not synced: {string.Join(", ", waiting)}\n", statusCode: 503);
    }
}
