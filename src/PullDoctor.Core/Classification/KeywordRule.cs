namespace PullDoctor.Core.Classification;

/// <summary>
/// One line of a keyword table: <paramref name="Value"/> holds when the skeleton contains any of
/// <paramref name="AnyOf"/>, all of <paramref name="AllOf"/> and none of <paramref name="NoneOf"/>.
/// Keywords are lower-case runtime or registry wording; they never see values (see <c>ValueLifter</c>).
/// </summary>
internal sealed record KeywordRule<T>(T Value, string[] AnyOf, string[]? AllOf = null, string[]? NoneOf = null);
