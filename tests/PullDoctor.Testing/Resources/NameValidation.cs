using System.Text.RegularExpressions;
using PullDoctor.Testing.Api;

namespace PullDoctor.Testing.Resources;

/// <summary>apimachinery's name validators and their exact messages.</summary>
public static partial class NameValidation
{
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static void Check(string name, NameFormat format, string field, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var shown = "\"" + name + "\"";
        switch (format)
        {
            case NameFormat.Label:
                if (name.Length > 63)
                {
                    errors.Add(FieldError.Invalid(field, shown, "must be no more than 63 characters"));
                }

                if (!LabelRegex().IsMatch(name))
                {
                    errors.Add(FieldError.Invalid(field, shown, LabelMessage));
                }

                break;
            case NameFormat.PathSegment:
                if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal))
                {
                    errors.Add(FieldError.Invalid(field, shown, "may not contain '/' or '%'"));
                }

                break;
            default:
                if (name.Length > 253)
                {
                    errors.Add(FieldError.Invalid(field, shown, "must be no more than 253 characters"));
                }

                if (!SubdomainRegex().IsMatch(name))
                {
                    errors.Add(FieldError.Invalid(field, shown, SubdomainMessage));
                }

                break;
        }
    }

    public static bool IsLabel(string name) => name.Length <= 63 && LabelRegex().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();
}
