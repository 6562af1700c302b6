using CsCheck;
using PullDoctor.Core.References;

namespace PullDoctor.Core.Tests.References;

public class ImageReferencePropertyTests
{
    private static readonly Gen<string> ReferenceLike =
        Gen.OneOf(
            Gen.String,
            Gen.String[Gen.Char["abcXYZ019:/@._-+ [];$"], 0, 40],
            from host in Pick("", "ghcr.io/", "localhost:5000/", "[::1]:80/", "Reg.Example.com/", "docker.io/")
            from path in Gen.String[Gen.Char["ab9._-/"], 1, 20]
            from tag in Gen.OneOf(Gen.Const(""), Gen.String[Gen.Char["Az9._-+"], 0, 10].Select(t => ":" + t))
            from digest in Pick("", "@sha256:" + new string('e', 64), "@sha256:E1")
            select host + path + tag + digest);

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    [Test]
    public void Parse_AnyString_NeverThrows() =>
        ReferenceLike.Sample(text => { _ = ImageReference.Parse(text); }, iter: 20_000);

    [Test]
    public void Parse_ValidReference_NormalizedFormParsesToItself() =>
        ReferenceLike.Sample(text =>
        {
            var first = ImageReference.Parse(text);
            if (!first.IsValid)
            {
                return true;
            }

            var second = ImageReference.Parse(first.Reference.Normalized);
            return second.IsValid && second.Reference.Normalized == first.Reference.Normalized
                && second.Reference.RegistryHost == first.Reference.RegistryHost;
        }, iter: 20_000);

    [Test]
    public void Parse_Suggestion_AlwaysParses() =>
        ReferenceLike.Sample(text =>
        {
            var result = ImageReference.Parse(text);
            return result.IsValid || result.Error.Suggestion is null || ImageReference.Parse(result.Error.Suggestion).IsValid;
        }, iter: 20_000);
}
