using System.Text;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// What the operator needs from the cluster before it can do its job: the ImagePullDiagnosis CRD installed and
/// the RBAC to use it. Checked at start (a list of imagepulldiagnoses, limit 1, where the operator works) and again
/// whenever an API answer says one of them went away (a 404 for the resource itself, a 403 for any request, seen by
/// <see cref="Observer"/>). While a prerequisite is missing, <c>/readyz</c> says which, the controller waits, one
/// line is logged naming the fix (again only when the problem changes), and the check is retried with a bounded
/// exponential back-off on the operator's <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class ApiPrerequisites : BackgroundService
{
    /// <summary>The fix for a missing CRD, as the log line and /readyz say it.</summary>
    public const string CrdFix = "kubectl apply -f deploy/crds/ (or helm install without --skip-crds)";

    private readonly Func<IKubernetes> _client;
    private readonly IReadOnlyList<string> _namespaces;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _backoffInitial;
    private readonly TimeSpan _backoffMax;
    private readonly SemaphoreSlim _recheck = new(0, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _forbidden = new(StringComparer.Ordinal);
    private readonly HashSet<string> _logged = new(StringComparer.Ordinal);
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _checked = "not checked yet";
    private bool _wasReady;
    private long _checks;

    /// <param name="client">The operator's client, once built (its handler chain holds <see cref="Observer"/>).</param>
    /// <param name="namespaces">Where the operator works; empty for the whole cluster.</param>
    /// <param name="time">The clock the back-off runs on.</param>
    /// <param name="logger">Where the one line goes.</param>
    /// <param name="backoffInitial">First retry delay (1 s by default), doubled up to <paramref name="backoffMax"/> (1 min).</param>
    /// <param name="backoffMax">Longest retry delay.</param>
    public ApiPrerequisites(Func<IKubernetes> client, IReadOnlyList<string> namespaces, TimeProvider time, ILogger<ApiPrerequisites> logger, TimeSpan? backoffInitial = null, TimeSpan? backoffMax = null)
    {
        _client = client;
        _namespaces = namespaces;
        _time = time;
        _logger = logger;
        _backoffInitial = backoffInitial ?? TimeSpan.FromSeconds(1);
        _backoffMax = backoffMax ?? TimeSpan.FromMinutes(1);
    }

    /// <summary>What is missing (one line naming the fix), or null when everything needed is there.</summary>
    public string? Problem
    {
        get
        {
            lock (_gate)
            {
                return CurrentProblem();
            }
        }
    }

    /// <summary>How many checks ran (tests wait on it instead of sleeping).</summary>
    public long Checks => Interlocked.Read(ref _checks);

    /// <summary>How long until the next check after a failed one (null while everything is there).</summary>
    public TimeSpan? NextRetry { get; private set; }

    /// <summary>Completes when every prerequisite is present (again, after a problem).</summary>
    public Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        Task ready;
        lock (_gate)
        {
            ready = _ready.Task;
        }

        return ready.WaitAsync(cancellationToken);
    }

    /// <summary>A handler for the operator's client that reports responses meaning a prerequisite went away.</summary>
    public DelegatingHandler Observer() => new ResponseObserver(this);

    /// <summary>
    /// The one-line problem an API answer stands for, or null when it is not about prerequisites: a 404 for the
    /// imagepulldiagnoses resource itself (not for one object of it) means the CRD is missing; a 403 names the
    /// verb and resource the operator may not use.
    /// </summary>
    public static string? Describe(int status, string method, Uri? uri, string? body)
    {
        var path = uri?.AbsolutePath ?? string.Empty;
        var query = uri?.Query ?? string.Empty;
        var statusBody = ReadStatus(body);
        if (status == 404 && path.StartsWith($"/apis/{ImagePullDiagnosis.GroupName}/", StringComparison.Ordinal) && string.IsNullOrEmpty(statusBody?.Details?.Name))
        {
            return $"the ImagePullDiagnosis CRD ({ImagePullDiagnosis.Plural}.{ImagePullDiagnosis.GroupName}) is not installed: {CrdFix}";
        }

        if (status == 403)
        {
            var (verb, resource, scope) = Request(method, path, query);
            var user = statusBody?.Message is { } message && message.IndexOf("User \"", StringComparison.Ordinal) is var at and >= 0
                ? message[(at + 6)..].Split('"')[0]
                : null;
            return $"RBAC: forbidden to {verb} {resource} {scope}{(user is null ? string.Empty : $" as {user}")}: " +
                   "grant it in the operator's ClusterRole (kubectl apply -f deploy/rbac.yaml, or helm upgrade with the chart's rbac enabled)";
        }

        return null;
    }

    /// <summary>
    /// An API answer the observer saw: a 403 is remembered for its verb, resource and scope until the same request
    /// succeeds (the component that made it retries); a 404 for the CRD's resource makes the checker look again now.
    /// </summary>
    internal void Observe(int status, string method, Uri? uri, string? body)
    {
        if (status is >= 200 and < 300)
        {
            bool cleared;
            lock (_gate)
            {
                cleared = _forbidden.Count > 0 && _forbidden.Remove(Key(method, uri));
            }

            if (cleared)
            {
                Update();
            }

            return;
        }

        if (Describe(status, method, uri, body) is not { } problem)
        {
            return;
        }

        if (status == 403)
        {
            lock (_gate)
            {
                _forbidden[Key(method, uri)] = problem;
            }
        }
        else
        {
            lock (_gate)
            {
                _checked = problem;
            }

            Wake();
        }

        Update();
    }

    public override void Dispose()
    {
        _recheck.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = _backoffInitial;
        while (!stoppingToken.IsCancellationRequested)
        {
            var problem = await CheckAsync(stoppingToken);
            lock (_gate)
            {
                _checked = problem;
            }

            NextRetry = problem is null ? null : delay;
            Update(delay);

            // The wait (its timer on the operator's clock) is armed before the check is counted, so whoever watches
            // Checks and then moves the clock always moves it past an armed timer.
            var wait = WaitAsync(problem is null ? Timeout.InfiniteTimeSpan : delay, stoppingToken);
            Interlocked.Increment(ref _checks);
            await wait;
            if (problem is null)
            {
                delay = _backoffInitial;
                continue;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _backoffMax.Ticks));
        }
    }

    private async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        IEnumerable<string?> scopes = _namespaces.Count == 0 ? [null] : _namespaces.Cast<string?>();
        foreach (var ns in scopes)
        {
            try
            {
                if (ns is null)
                {
                    await _client().CustomObjects.ListClusterCustomObjectAsync(ImagePullDiagnosis.GroupName, ImagePullDiagnosis.Version, ImagePullDiagnosis.Plural, limit: 1, cancellationToken: cancellationToken);
                }
                else
                {
                    await _client().CustomObjects.ListNamespacedCustomObjectAsync(ImagePullDiagnosis.GroupName, ImagePullDiagnosis.Version, ns, ImagePullDiagnosis.Plural, limit: 1, cancellationToken: cancellationToken);
                }
            }
            catch (HttpOperationException ex) when (Describe((int)ex.Response.StatusCode, ex.Request.Method.Method, ex.Request.RequestUri, ex.Response.Content) is { } problem)
            {
                return problem;
            }
            catch (HttpOperationException ex)
            {
                return $"the API server answered HTTP {(int)ex.Response.StatusCode} to a list of {ImagePullDiagnosis.Plural}";
            }
            catch (HttpRequestException ex)
            {
                return $"the API server is unreachable ({ex.Message})";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return "the API server did not answer in time";
            }
        }

        return null;
    }

    /// <summary>Waits for <paramref name="delay"/> on the operator's clock, or until a report asks for a recheck.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _recheck.WaitAsync(done.Token);
        var elapsed = Task.Delay(delay, _time, done.Token);
        await Task.WhenAny(woken, elapsed);
        await done.CancelAsync();
    }

    /// <summary>Whether an API error is one <see cref="Describe"/> explains (the caller then logs it quietly: this service said it once).</summary>
    public static bool IsPrerequisiteError(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpOperationException { Response: { } response, Request: { } request }
                && Describe((int)response.StatusCode, request.Method.Method, request.RequestUri, response.Content) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private void Wake()
    {
        try
        {
            _recheck.Release();
        }
        catch (SemaphoreFullException)
        {
            // A recheck is already due.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private string? CurrentProblem() => _checked ?? _forbidden.Values.Order(StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Publishes the current state: readiness, one log line per new problem, one when all are fixed.</summary>
    private void Update(TimeSpan? retry = null)
    {
        List<string> fresh = [];
        var nowReady = false;
        lock (_gate)
        {
            var active = _forbidden.Values.Append(_checked).OfType<string>().ToHashSet(StringComparer.Ordinal);
            _logged.IntersectWith(active);
            fresh.AddRange(active.Where(_logged.Add).Order(StringComparer.Ordinal));
            if (active.Count == 0)
            {
                nowReady = !_wasReady;
                _wasReady = true;
                _ready.TrySetResult();
            }
            else if (_ready.Task.IsCompleted)
            {
                _wasReady = false;
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        foreach (var problem in fresh.Where(p => p != "not checked yet"))
        {
            if (retry is { } delay && problem == Problem)
            {
                Log.Missing(_logger, problem, delay);
            }
            else
            {
                Log.Reported(_logger, problem);
            }
        }

        if (nowReady)
        {
            Log.Resolved(_logger);
        }
    }

    private static string Key(string method, Uri? uri)
    {
        var (verb, resource, scope) = Request(method, uri?.AbsolutePath ?? string.Empty, uri?.Query ?? string.Empty);
        return $"{verb} {resource} {scope}";
    }

    private static (string Verb, string Resource, string Scope) Request(string method, string path, string query)
    {
        // /api/v1/[namespaces/NS/]RESOURCE[/NAME[/SUB]] or /apis/GROUP/VERSION/[namespaces/NS/]RESOURCE[/NAME[/SUB]]
        var parts = path.Trim('/').Split('/');
        var rest = parts.Length > 0 && parts[0] == "api" ? parts.Skip(2).ToArray() : parts.Skip(3).ToArray();
        var group = parts.Length > 1 && parts[0] == "apis" ? parts[1] : string.Empty;
        string? ns = null;
        if (rest.Length >= 2 && rest[0] == "namespaces" && rest.Length > 2)
        {
            ns = rest[1];
            rest = rest[2..];
        }

        var resource = rest.Length > 0 ? rest[0] : "?";
        var name = rest.Length > 1 ? rest[1] : null;
        var sub = rest.Length > 2 ? "/" + rest[2] : string.Empty;
        var watch = query.Contains("watch=true", StringComparison.OrdinalIgnoreCase) || query.Contains("watch=1", StringComparison.Ordinal);
        var verb = method switch
        {
            "GET" when watch => "watch",
            "GET" => name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        var qualified = (group.Length == 0 ? resource : $"{resource}.{group}") + sub;
        var scope = ns is null ? "at the cluster scope" : $"in namespace {ns}";
        return (verb, qualified, scope);
    }

    private static V1Status? ReadStatus(string? body)
    {
        if (string.IsNullOrEmpty(body) || !body.Contains("\"Status\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The most of a 403 or 404 body that is read.</summary>
    public const int MaxErrorBodyBytes = BoundedBody.MaxErrorBytes;

    private sealed class ResponseObserver(ApiPrerequisites prerequisites) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                // Error bodies are small Status objects: at most MaxErrorBodyBytes of one is read (a proxy or a
                // broken server may answer with anything, endlessly) and handed on to the caller in its place.
                var bytes = await BoundedBody.ReadAsync(response.Content, MaxErrorBodyBytes, cancellationToken);
                var bounded = new ByteArrayContent(bytes);
                foreach (var header in response.Content.Headers)
                {
                    bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                bounded.Headers.ContentLength = bytes.Length;
                response.Content.Dispose();
                response.Content = bounded;
                prerequisites.Observe((int)response.StatusCode, request.Method.Method, request.RequestUri, Encoding.UTF8.GetString(bytes));
            }
            else if (response.IsSuccessStatusCode)
            {
                prerequisites.Observe((int)response.StatusCode, request.Method.Method, request.RequestUri, body: null);
            }

            return response;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Error, "Not ready: {Problem}; checking again in {Retry}")]
        public static partial void Missing(ILogger logger, string problem, TimeSpan retry);

        [LoggerMessage(61, LogLevel.Error, "Not ready: {Problem}")]
        public static partial void Reported(ILogger logger, string problem);

        [LoggerMessage(62, LogLevel.Information, "Ready: the ImagePullDiagnosis CRD is installed and the operator has the access it needs")]
        public static partial void Resolved(ILogger logger);
    }
}
