using System.Globalization;
using System.Net;
using PullDoctor.Diagnosis;
using PullDoctor.Registry.Network;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// Reads <see cref="OperatorOptions"/> from settings (environment variables <c>PULLDOCTOR_*</c>, or any key/value
/// source) and validates them at start, failing with one line that names the setting. Keys match without regard
/// to case, underscores or dashes: <c>PULLDOCTOR_USE_PULL_SECRETS</c>, <c>usePullSecrets</c> and
/// <c>use-pull-secrets</c> are the same setting.
/// </summary>
public static class OperatorOptionsReader
{
    public const string EnvironmentPrefix = "PULLDOCTOR_";

    /// <summary>Settings named in user-facing text (Events, status): spelled once, checked against <see cref="KnownNames"/> by a test.</summary>
    public const string AllowNetworksVariable = EnvironmentPrefix + "ALLOW_NETWORKS";

    public const string ProbeVariable = EnvironmentPrefix + "PROBE";

    public const string ProbeWaitVariable = EnvironmentPrefix + "PROBE_WAIT";

    /// <summary>The settings a probe gap points to, as a person sets them on the operator.</summary>
    public static readonly ProbeSettingNames ProbeSettings = new($"{ProbeVariable}=false", ProbeWaitVariable, AllowNetworksVariable);

    /// <summary>One setting of <c>pulldoctor run</c>: its environment variable (without the prefix), default and meaning.</summary>
    public sealed record Setting(string Name, string Default, string Description)
    {
        public string Variable => EnvironmentPrefix + Name;
    }

    private static readonly OperatorOptions Defaults = new();

    /// <summary>
    /// Every setting, in the order <c>pulldoctor run --help</c> lists them: the one list the reader accepts and the help
    /// documents, with defaults read from <see cref="OperatorOptions"/> itself, so help, validation and behaviour agree.
    /// </summary>
    public static IReadOnlyList<Setting> Settings { get; } =
    [
        new("NAMESPACES", "(all)", "comma-separated namespaces to watch; empty watches the whole cluster"),
        new("PROBE", Flag(Defaults.Probe), "ask registries to confirm causes (Confirmed); false: messages only (Likely)"),
        new("USE_PULL_SECRETS", Flag(Defaults.UsePullSecrets), "read the pods' pull secrets so probes use the pod's credentials"),
        new("ALLOW_NETWORKS", "(none)", "CIDRs the probe may reach although a built-in rule denies them (e.g. 127.0.0.0/8)"),
        new("DENY_NETWORKS", "(none)", "CIDRs the probe must never reach (set your pod and service CIDRs)"),
        new("PLAIN_HTTP_REGISTRIES", "(none)", "registries (host:port) the nodes speak plain HTTP to"),
        new("CA_FILE", "(none)", "PEM file of extra CA certificates the probe trusts"),
        new("QPS", Number(Defaults.Qps), "client-side API requests per second; 0 leaves pacing to the API server"),
        new("BURST", Number(Defaults.Burst), "client-side API request burst"),
        new("LEADER_ELECTION", Flag(Defaults.LeaderElection), "hold a Lease so only one replica writes"),
        new("LEASE_NAME", Defaults.LeaseName, "name of the leader Lease"),
        new("LEASE_NAMESPACE", "(own namespace, else default)", "namespace of the leader Lease"),
        new("LEASE_DURATION", Seconds(Defaults.LeaseDuration), "how long a Lease holds without renewal"),
        new("RENEW_DEADLINE", Seconds(Defaults.RenewDeadline), "how long the leader tries to renew before it steps down"),
        new("RETRY_PERIOD", Seconds(Defaults.RetryPeriod), "how often the Lease is tried"),
        new("IDENTITY", "(pod name + random suffix)", "this replica's identity in the Lease"),
        new("PORT", Number(Defaults.Port), "port of /metrics, /healthz and /readyz"),
        new("BIND_ADDRESS", Defaults.BindAddress.ToString(), "address those endpoints listen on"),
        new("WORKERS", Number(Defaults.Workers), "concurrent reconciles (1-64)"),
        new("PROBE_WAIT", Seconds(Defaults.ProbeWait), "how long a reconcile waits for a registry before writing what the messages say"),
        new("RECONCILE_TIMEOUT", Seconds(Defaults.ReconcileTimeout), "the longest one reconcile may take"),
        new("LOG_FORMAT", Defaults.LogFormat, "auto (JSON unless on a terminal), json or text"),
        new("LOG_LEVEL", Defaults.LogLevel, "Verbose, Debug, Information, Warning or Error"),
    ];

    // The environment variable names without the prefix, as the chart sets them; they are also what an
    // "unknown setting" error lists, so they must be spelled the way a user types them.
    private static readonly string[] KnownNames = [.. Settings.Select(s => s.Name)];

    /// <summary>The settings as <c>pulldoctor run --help</c> prints them: one line each, with the default.</summary>
    public static string Help()
    {
        var width = Settings.Max(s => s.Variable.Length);
        return string.Join('\n', Settings.Select(s => $"  {s.Variable.PadRight(width)}  {s.Description} (default: {s.Default})"));
    }

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";

    // Normalized key -> environment variable name.
    private static readonly Dictionary<string, string> Known = KnownNames.ToDictionary(Normalize, n => EnvironmentPrefix + n, StringComparer.Ordinal);

    /// <summary>Settings from the process environment: every <c>PULLDOCTOR_*</c> variable with the prefix removed.</summary>
    public static IReadOnlyDictionary<string, string> FromEnvironment()
    {
        var settings = new Dictionary<string, string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && entry.Value is string value)
            {
                settings[name[EnvironmentPrefix.Length..]] = value;
            }
        }

        return settings;
    }

    /// <exception cref="OptionsException">A setting is unknown or invalid.</exception>
    public static OperatorOptions Read(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var values = new Dictionary<string, (string Name, string Value)>(StringComparer.Ordinal);
        foreach (var (name, value) in settings)
        {
            var key = Normalize(name);
            if (!Known.ContainsKey(key))
            {
                throw new OptionsException($"unknown setting {Display(name)} (known: {string.Join(", ", KnownNames.Select(n => EnvironmentPrefix + n))})");
            }

            values[key] = (name, value.Trim());
        }

        var defaults = new OperatorOptions();
        var options = new OperatorOptions
        {
            Namespaces = List(values, "namespaces", ValidateNamespace),
            Probe = Bool(values, "probe", defaults.Probe),
            UsePullSecrets = Bool(values, "usepullsecrets", defaults.UsePullSecrets),
            AllowNetworks = Networks(values, "allownetworks"),
            DenyNetworks = Networks(values, "denynetworks"),
            PlainHttpRegistries = List(values, "plainhttpregistries", static _ => null),
            CaFile = Text(values, "cafile"),
            Qps = Number(values, "qps", defaults.Qps, min: 0),
            Burst = (int)Number(values, "burst", defaults.Burst, min: 1, integer: true),
            LeaderElection = Bool(values, "leaderelection", defaults.LeaderElection),
            LeaseName = Text(values, "leasename") ?? defaults.LeaseName,
            LeaseNamespace = Text(values, "leasenamespace"),
            LeaseDuration = Duration(values, "leaseduration", defaults.LeaseDuration),
            RenewDeadline = Duration(values, "renewdeadline", defaults.RenewDeadline),
            RetryPeriod = Duration(values, "retryperiod", defaults.RetryPeriod),
            Identity = Text(values, "identity"),
            Port = (int)Number(values, "port", defaults.Port, min: 0, max: 65535, integer: true),
            BindAddress = Address(values, "bindaddress", defaults.BindAddress),
            Workers = (int)Number(values, "workers", defaults.Workers, min: 1, max: 64, integer: true),
            ProbeWait = Duration(values, "probewait", defaults.ProbeWait),
            ReconcileTimeout = Duration(values, "reconciletimeout", defaults.ReconcileTimeout),
            LogFormat = OneOf(values, "logformat", defaults.LogFormat, "auto", "json", "text"),
            LogLevel = OneOf(values, "loglevel", defaults.LogLevel, "Verbose", "Debug", "Information", "Warning", "Error"),
        };
        Validate(options, values);
        return options;
    }

    private static void Validate(OperatorOptions options, Dictionary<string, (string Name, string Value)> values)
    {
        if (options.CaFile is { } ca && !File.Exists(ca))
        {
            throw new OptionsException($"{Display(values, "cafile")}: file '{ca}' does not exist");
        }

        if (options.LeaderElection)
        {
            // client-go's checks (leaderelection.go NewLeaderElector): the C# elector does not make them.
            if (options.LeaseDuration <= options.RenewDeadline)
            {
                throw new OptionsException($"{Display(values, "leaseduration")} ({options.LeaseDuration.TotalSeconds:0.###}s) must be greater than {Display(values, "renewdeadline")} ({options.RenewDeadline.TotalSeconds:0.###}s)");
            }

            if (options.RenewDeadline <= options.RetryPeriod * 1.2)
            {
                throw new OptionsException($"{Display(values, "renewdeadline")} ({options.RenewDeadline.TotalSeconds:0.###}s) must be greater than 1.2 × {Display(values, "retryperiod")} ({options.RetryPeriod.TotalSeconds:0.###}s)");
            }

            ValidateName(options.LeaseName, values, "leasename");
            if (options.LeaseNamespace is { } ns && ValidateNamespace(ns) is { } error)
            {
                throw new OptionsException($"{Display(values, "leasenamespace")}: {error}");
            }
        }
    }

    private static string Normalize(string name) =>
        new([.. name.Where(c => c is not ('_' or '-' or ':' or '.')).Select(char.ToLowerInvariant)]);

    // Environment names come back as PULLDOCTOR_NAME; keys from other sources as written.
    private static string Display(string name) =>
        name.Contains('_', StringComparison.Ordinal) || string.Equals(name, name.ToUpperInvariant(), StringComparison.Ordinal) ? EnvironmentPrefix + name : name;

    private static string Display(Dictionary<string, (string Name, string Value)> values, string key) =>
        values.TryGetValue(key, out var v) ? Display(v.Name) : Known[key];

    private static string? Text(Dictionary<string, (string Name, string Value)> values, string key) =>
        values.TryGetValue(key, out var v) && v.Value.Length > 0 ? v.Value : null;

    private static bool Bool(Dictionary<string, (string Name, string Value)> values, string key, bool fallback)
    {
        if (Text(values, key) is not { } text)
        {
            return fallback;
        }

        return text.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new OptionsException($"{Display(values, key)}: '{text}' is not true or false"),
        };
    }

    private static double Number(Dictionary<string, (string Name, string Value)> values, string key, double fallback, double min, double max = double.MaxValue, bool integer = false)
    {
        if (Text(values, key) is not { } text)
        {
            return fallback;
        }

        var ok = integer
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && (fallback = i) == i
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out fallback) && double.IsFinite(fallback);
        if (!ok)
        {
            throw new OptionsException($"{Display(values, key)}: '{text}' is not {(integer ? "a whole number" : "a number")}");
        }

        if (fallback < min || fallback > max)
        {
            throw new OptionsException($"{Display(values, key)}: {text} is out of range ({min}..{(max == double.MaxValue ? "∞" : max.ToString(CultureInfo.InvariantCulture))})");
        }

        return fallback;
    }

    private static TimeSpan Duration(Dictionary<string, (string Name, string Value)> values, string key, TimeSpan fallback)
    {
        if (Text(values, key) is not { } text)
        {
            return fallback;
        }

        if (TryParseDuration(text, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }

        throw new OptionsException($"{Display(values, key)}: '{text}' is not a positive duration (e.g. 15s, 500ms, 2m)");
    }

    /// <summary>Go-style durations as Kubernetes flags take them: <c>500ms</c>, <c>15s</c>, <c>2m</c>, <c>1h</c>, or plain seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }

    private static IReadOnlyList<string> List(Dictionary<string, (string Name, string Value)> values, string key, Func<string, string?> validate)
    {
        if (Text(values, key) is not { } text)
        {
            return [];
        }

        var items = text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var item in items)
        {
            if (validate(item) is { } error)
            {
                throw new OptionsException($"{Display(values, key)}: {error}");
            }
        }

        return items;
    }

    private static IReadOnlyList<IPNetwork> Networks(Dictionary<string, (string Name, string Value)> values, string key)
    {
        var networks = new List<IPNetwork>();
        foreach (var item in List(values, key, static _ => null))
        {
            if (!NetworkPolicy.TryParseNetwork(item, out var network))
            {
                throw new OptionsException($"{Display(values, key)}: '{item}' is not a network in CIDR notation (e.g. 10.0.0.0/8)");
            }

            networks.Add(network);
        }

        return networks;
    }

    private static IPAddress Address(Dictionary<string, (string Name, string Value)> values, string key, IPAddress fallback)
    {
        if (Text(values, key) is not { } text)
        {
            return fallback;
        }

        return IPAddress.TryParse(text, out var address) ? address : throw new OptionsException($"{Display(values, key)}: '{text}' is not an IP address");
    }

    private static string OneOf(Dictionary<string, (string Name, string Value)> values, string key, string fallback, params string[] allowed)
    {
        if (Text(values, key) is not { } text)
        {
            return fallback;
        }

        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new OptionsException($"{Display(values, key)}: '{text}' is not one of {string.Join(", ", allowed)}");
    }

    private static string? ValidateNamespace(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && name[0] != '-' && name[^1] != '-'
            ? null
            : $"'{name}' is not a valid namespace name (lower-case letters, digits and '-', at most 63)";

    private static void ValidateName(string name, Dictionary<string, (string Name, string Value)> values, string key)
    {
        if (name.Length is 0 or > 253 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.'))
        {
            throw new OptionsException($"{Display(values, key)}: '{name}' is not a valid object name");
        }
    }
}
