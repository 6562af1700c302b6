using k8s.Models;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Tests.Kube;

public sealed class ObjectReferencesTests
{
    [Test]
    public void For_ListItemWithoutTypeMeta_FallsBackToEntityAttribute()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", Uid = "u-1", ResourceVersion = "42" } };

        var reference = ObjectReferences.For(pod);

        Assert.That((reference.ApiVersion, reference.Kind, reference.Name, reference.NamespaceProperty, reference.Uid), Is.EqualTo(("v1", "Pod", "web", "shop", "u-1")));
    }

    [Test]
    public void OwnerFor_GroupedKind_UsesGroupVersionAndMarksController()
    {
        var replicaSet = new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "web-7c9d", Uid = "u-2" } };

        var owner = ObjectReferences.OwnerFor(replicaSet);

        Assert.That((owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller), Is.EqualTo(("apps/v1", "ReplicaSet", "web-7c9d", "u-2", (bool?)true)));
    }

    [Test]
    public void OwnerFor_WithoutUid_Throws()
    {
        Assert.Throws<ArgumentException>(() => ObjectReferences.OwnerFor(new V1Pod { Metadata = new V1ObjectMeta { Name = "web" } }));
    }
}
