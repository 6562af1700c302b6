using System.Reflection;
using k8s;
using k8s.Models;

namespace PullDoctor.Operator.Kube;

/// <summary>
/// Builds references to objects. Items of a typed list carry no apiVersion/kind, so both fall back to the
/// type's [KubernetesEntity] attribute.
/// </summary>
internal static class ObjectReferences
{
    /// <summary>A reference for Events' <c>regarding</c>/<c>involvedObject</c>.</summary>
    public static V1ObjectReference For<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (apiVersion, kind) = TypeOf(obj);
        return new V1ObjectReference
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = obj.Metadata?.Name,
            NamespaceProperty = obj.Metadata?.NamespaceProperty,
            Uid = obj.Metadata?.Uid,
            ResourceVersion = obj.Metadata?.ResourceVersion,
        };
    }

    /// <summary>An owner reference to <paramref name="owner"/> (controller by default), so dependents are garbage-collected with it.</summary>
    public static V1OwnerReference OwnerFor<T>(T owner, bool controller = true, bool blockOwnerDeletion = false)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(owner);
        var (apiVersion, kind) = TypeOf(owner);
        var name = owner.Metadata?.Name;
        var uid = owner.Metadata?.Uid;
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(uid))
            throw new ArgumentException("An owner needs metadata.name and metadata.uid (read it from the API server first).", nameof(owner));
        return new V1OwnerReference
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = name,
            Uid = uid,
            Controller = controller,
            BlockOwnerDeletion = blockOwnerDeletion,
        };
    }

    /// <summary>The apiVersion (group/version, or version for the core group) and kind of an object.</summary>
    public static (string ApiVersion, string Kind) TypeOf<T>(T obj)
        where T : IKubernetesObject
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!string.IsNullOrEmpty(obj.ApiVersion) && !string.IsNullOrEmpty(obj.Kind))
            return (obj.ApiVersion, obj.Kind);

        var entity = obj.GetType().GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{obj.GetType().Name} has no apiVersion/kind and no [KubernetesEntity] attribute.", nameof(obj));
        var apiVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
        return (obj.ApiVersion is { Length: > 0 } given ? given : apiVersion, obj.Kind is { Length: > 0 } k ? k : entity.Kind);
    }
}
