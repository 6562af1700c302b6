using System.Text.Json;
using PullDoctor.Diagnosis;
using PullDoctor.Operator.Crds;
using PullDoctor.Operator.Diagnosis;

namespace PullDoctor.Operator.Informers.PodStream;

/// <summary>
/// The second pass, for stuck pods only: reads exactly the fields <see cref="PodProjection.Project"/> reads of a
/// <c>V1Pod</c> and assembles the same <see cref="PodSnapshot"/> by the same rules (first status of a name wins,
/// ephemeral containers only once they have a status, distinct non-empty pull secrets, messages cut at
/// <see cref="PodProjection.MaxMessageLength"/>). A property that repeats counts by its last occurrence, as in the
/// serializer. A null list item, on which <see cref="PodProjection.Project"/> throws, makes <see cref="HasNullItem"/> true.
/// </summary>
internal sealed class PodJsonProjection
{
    private string? _uid;
    private string? _namespace;
    private string? _name;
    private string? _resourceVersion;
    private string? _nodeName;
    private string? _serviceAccountName;
    private List<string?> _pullSecrets = [];
    private List<PodOwner> _owners = [];
    private List<SpecContainer> _initContainers = [];
    private List<SpecContainer> _containers = [];
    private List<SpecContainer> _ephemeralContainers = [];
    private List<ContainerStatus>? _initStatuses;
    private List<ContainerStatus>? _statuses;
    private List<ContainerStatus>? _ephemeralStatuses;

    /// <summary>A list the projection walks held a null item.</summary>
    public bool HasNullItem { get; private set; }

    public static PodJsonProjection Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = PodJsonDecoder.MaxDepth });
        var projection = new PodJsonProjection();
        if (!JsonTokens.BeginObject(ref reader))
            throw new JsonException("A pod must be a JSON object.");
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("metadata"u8))
                projection.ReadMetadata(ref reader);
            else if (reader.ValueTextEquals("spec"u8))
                projection.ReadSpec(ref reader);
            else if (reader.ValueTextEquals("status"u8))
                projection.ReadStatus(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }

        PodHeaderScan.EnsureEnd(ref reader);
        return projection;
    }

    public PodSnapshot ToSnapshot()
    {
        var containers = new List<ContainerSnapshot>();
        foreach (var c in _initContainers)
            containers.Add(Container(c, ContainerTypes.InitContainer, _initStatuses));
        foreach (var c in _containers)
            containers.Add(Container(c, ContainerTypes.Container, _statuses));
        foreach (var c in _ephemeralContainers)
        {
            // An ephemeral container without a status has not been started yet; it does not hold the pod back.
            if (Find(_ephemeralStatuses, c.Name) is not null)
                containers.Add(Container(c, ContainerTypes.EphemeralContainer, _ephemeralStatuses));
        }

        var secrets = _pullSecrets
            .Where(n => !string.IsNullOrEmpty(n))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return new PodSnapshot(
            _uid ?? string.Empty,
            _namespace ?? string.Empty,
            _name ?? string.Empty,
            _nodeName,
            _serviceAccountName,
            secrets!,
            [.. _owners],
            containers,
            _resourceVersion);
    }

    private static ContainerSnapshot Container(SpecContainer spec, string type, List<ContainerStatus>? statuses)
    {
        var status = Find(statuses, spec.Name);
        var pulled = status is not null && (!string.IsNullOrEmpty(status.ImageId) || status.Running || status.Terminated);
        return new ContainerSnapshot(
            spec.Name!,
            type,
            spec.Image ?? status?.Image ?? string.Empty,
            spec.PullPolicy,
            status?.WaitingReason,
            Truncate(status?.WaitingMessage),
            pulled);
    }

    private static ContainerStatus? Find(List<ContainerStatus>? statuses, string? name)
    {
        if (statuses is null)
            return null;
        foreach (var s in statuses)
        {
            if (s.Name == name)
                return s;
        }

        return null;
    }

    private static string? Truncate(string? text) =>
        text is null || text.Length <= PodProjection.MaxMessageLength ? text : text[..PodProjection.MaxMessageLength];

    private void ReadMetadata(ref Utf8JsonReader reader)
    {
        _uid = _namespace = _name = _resourceVersion = null;
        _owners = [];
        if (!JsonTokens.BeginObject(ref reader))
            return;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("uid"u8))
                _uid = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("namespace"u8))
                _namespace = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("name"u8))
                _name = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("resourceVersion"u8))
                _resourceVersion = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("ownerReferences"u8))
                _owners = ReadOwners(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }
    }

    private List<PodOwner> ReadOwners(ref Utf8JsonReader reader)
    {
        var owners = new List<PodOwner>();
        if (!JsonTokens.BeginArray(ref reader))
            return owners;
        while (NextItem(ref reader))
        {
            string? apiVersion = null, kind = null, name = null, uid = null;
            bool? controller = null;
            while (JsonTokens.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("apiVersion"u8))
                    apiVersion = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("kind"u8))
                    kind = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("name"u8))
                    name = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("uid"u8))
                    uid = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("controller"u8))
                    controller = JsonTokens.Boolean(ref reader);
                else
                    JsonTokens.SkipValue(ref reader);
            }

            owners.Add(new PodOwner(apiVersion!, kind!, name!, uid, controller == true));
        }

        return owners;
    }

    private void ReadSpec(ref Utf8JsonReader reader)
    {
        _nodeName = _serviceAccountName = null;
        _pullSecrets = [];
        _initContainers = [];
        _containers = [];
        _ephemeralContainers = [];
        if (!JsonTokens.BeginObject(ref reader))
            return;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("nodeName"u8))
                _nodeName = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("serviceAccountName"u8))
                _serviceAccountName = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("imagePullSecrets"u8))
                _pullSecrets = ReadPullSecrets(ref reader);
            else if (reader.ValueTextEquals("initContainers"u8))
                _initContainers = ReadContainers(ref reader);
            else if (reader.ValueTextEquals("containers"u8))
                _containers = ReadContainers(ref reader);
            else if (reader.ValueTextEquals("ephemeralContainers"u8))
                _ephemeralContainers = ReadContainers(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }
    }

    private List<string?> ReadPullSecrets(ref Utf8JsonReader reader)
    {
        var names = new List<string?>();
        if (!JsonTokens.BeginArray(ref reader))
            return names;
        while (NextItem(ref reader))
        {
            string? name = null;
            while (JsonTokens.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8))
                    name = JsonTokens.String(ref reader);
                else
                    JsonTokens.SkipValue(ref reader);
            }

            names.Add(name);
        }

        return names;
    }

    private List<SpecContainer> ReadContainers(ref Utf8JsonReader reader)
    {
        var containers = new List<SpecContainer>();
        if (!JsonTokens.BeginArray(ref reader))
            return containers;
        while (NextItem(ref reader))
        {
            string? name = null, image = null, pullPolicy = null;
            while (JsonTokens.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8))
                    name = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("image"u8))
                    image = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("imagePullPolicy"u8))
                    pullPolicy = JsonTokens.String(ref reader);
                else
                    JsonTokens.SkipValue(ref reader);
            }

            containers.Add(new SpecContainer(name, image, pullPolicy));
        }

        return containers;
    }

    private void ReadStatus(ref Utf8JsonReader reader)
    {
        _initStatuses = _statuses = _ephemeralStatuses = null;
        if (!JsonTokens.BeginObject(ref reader))
            return;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("initContainerStatuses"u8))
                _initStatuses = ReadStatuses(ref reader);
            else if (reader.ValueTextEquals("containerStatuses"u8))
                _statuses = ReadStatuses(ref reader);
            else if (reader.ValueTextEquals("ephemeralContainerStatuses"u8))
                _ephemeralStatuses = ReadStatuses(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }
    }

    private List<ContainerStatus>? ReadStatuses(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.BeginArray(ref reader))
            return null;
        var statuses = new List<ContainerStatus>();
        while (NextItem(ref reader))
        {
            var status = new ContainerStatus();
            while (JsonTokens.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8))
                    status.Name = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("image"u8))
                    status.Image = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("imageID"u8))
                    status.ImageId = JsonTokens.String(ref reader);
                else if (reader.ValueTextEquals("state"u8))
                    ReadState(ref reader, status);
                else
                    JsonTokens.SkipValue(ref reader);
            }

            statuses.Add(status);
        }

        return statuses;
    }

    private static void ReadState(ref Utf8JsonReader reader, ContainerStatus status)
    {
        status.WaitingReason = status.WaitingMessage = null;
        status.Running = status.Terminated = false;
        if (!JsonTokens.BeginObject(ref reader))
            return;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("waiting"u8))
                ReadWaiting(ref reader, status);
            else if (reader.ValueTextEquals("running"u8))
                status.Running = PresentObject(ref reader);
            else if (reader.ValueTextEquals("terminated"u8))
                status.Terminated = PresentObject(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }
    }

    private static void ReadWaiting(ref Utf8JsonReader reader, ContainerStatus status)
    {
        status.WaitingReason = status.WaitingMessage = null;
        if (!JsonTokens.BeginObject(ref reader))
            return;
        while (JsonTokens.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("reason"u8))
                status.WaitingReason = JsonTokens.String(ref reader);
            else if (reader.ValueTextEquals("message"u8))
                status.WaitingMessage = JsonTokens.String(ref reader);
            else
                JsonTokens.SkipValue(ref reader);
        }
    }

    /// <summary>An object value (its content unread) is there; JSON null is not.</summary>
    private static bool PresentObject(ref Utf8JsonReader reader)
    {
        if (!JsonTokens.BeginObject(ref reader))
            return false;
        reader.Skip();
        return true;
    }

    /// <summary>Moves into the next object item of a list; a null item is noted and passed over.</summary>
    private bool NextItem(ref Utf8JsonReader reader)
    {
        while (true)
        {
            switch (JsonTokens.NextObjectElement(ref reader))
            {
                case JsonTokens.Element.End:
                    return false;
                case JsonTokens.Element.Object:
                    return true;
                default:
                    HasNullItem = true;
                    break;
            }
        }
    }

    private sealed record SpecContainer(string? Name, string? Image, string? PullPolicy);

    private sealed class ContainerStatus
    {
        public string? Name { get; set; }

        public string? Image { get; set; }

        public string? ImageId { get; set; }

        public string? WaitingReason { get; set; }

        public string? WaitingMessage { get; set; }

        public bool Running { get; set; }

        public bool Terminated { get; set; }
    }
}
