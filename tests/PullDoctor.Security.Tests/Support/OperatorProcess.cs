using System.Diagnostics;
using System.Text;
using k8s;
using PullDoctor.Operator.Crds;
using PullDoctor.Tests.Support;

namespace PullDoctor.Security.Tests.Support;

/// <summary>
/// The real <c>pulldoctor run</c> as its own process against a kubeconfig, configured the way the chart configures it
/// (PULLDOCTOR_* variables), with loopback registries allowed. Killed on dispose; what it logged is kept for failures.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private OperatorProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static OperatorProcess Start(string kubeconfig, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(PullDoctorProcess.AssemblyPath);
        start.ArgumentList.Add("run");
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["PULLDOCTOR_LEADER_ELECTION"] = "false";
        start.Environment["PULLDOCTOR_PORT"] = "0";
        start.Environment["PULLDOCTOR_BIND_ADDRESS"] = "127.0.0.1";
        start.Environment["PULLDOCTOR_ALLOW_NETWORKS"] = "127.0.0.0/8";
        start.Environment["PULLDOCTOR_LOG_FORMAT"] = "text";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new OperatorProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>The process's peak resident memory so far (VmHWM), in MiB.</summary>
    public double PeakResidentMiB
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
    }

    /// <summary>
    /// Polls the diagnosis of pod <paramref name="name"/> in <c>shop</c> until <paramref name="condition"/> holds;
    /// fails the test with the operator's log when it does not within <paramref name="bound"/> or the process exits.
    /// </summary>
    public async Task<ImagePullDiagnosis> WaitForDiagnosisAsync(Kubernetes client, string name, Func<ImagePullDiagnosis, bool> condition, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            while (true)
            {
                try
                {
                    var diagnosis = await client.CustomObjects.GetNamespacedCustomObjectAsync<ImagePullDiagnosis>(
                        ImagePullDiagnosis.GroupName, ImagePullDiagnosis.Version, "shop", ImagePullDiagnosis.Plural, name, cancellationToken: timeout.Token);
                    if (condition(diagnosis))
                    {
                        return diagnosis;
                    }
                }
                catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                }

                Assert.That(HasExited, Is.False, Log);
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"no diagnosis of {name} within {bound}; operator log:\n{Log}");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 1_000_000)
            {
                _log.AppendLine(line);
            }
        }
    }
}
