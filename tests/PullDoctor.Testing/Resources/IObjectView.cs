using System.Text.Json.Nodes;

namespace PullDoctor.Testing.Resources;

/// <summary>
/// Converts an object between its stored form and the form a particular API version serves,
/// the way kube-apiserver converts through its internal version.
/// </summary>
public interface IObjectView
{
    JsonObject FromStorage(JsonObject stored);

    JsonObject ToStorage(JsonObject served);

    /// <summary>Maps a field selector label of this version to the stored form's label.</summary>
    string MapFieldLabel(string label);
}
