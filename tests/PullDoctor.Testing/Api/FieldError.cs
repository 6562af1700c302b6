namespace PullDoctor.Testing.Api;

/// <summary>One entry of a 422's causes, worded like apimachinery's <c>field.Error</c>.</summary>
public sealed record FieldError(string Field, string CauseType, string Detail)
{
    public static FieldError Required(string field, string detail = "") =>
        new(field, "FieldValueRequired", string.IsNullOrEmpty(detail) ? "Required value" : "Required value: " + detail);

    public static FieldError Invalid(string field, string valueText, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {valueText}: {detail}");

    public static FieldError Forbidden(string field, string detail) =>
        new(field, "FieldValueForbidden", "Forbidden: " + detail);

    public static FieldError Unsupported(string field, string valueText, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported", $"Unsupported value: {valueText}: supported values: {string.Join(", ", supported.Select(s => "\"" + s + "\""))}");

    public static FieldError Unknown(string field) =>
        new(field, "FieldValueInvalid", "unknown field \"" + field + "\"");

    public static FieldError TypeInvalid(string field, string valueText, string detail) =>
        new(field, "FieldValueTypeInvalid", $"Invalid value: {valueText}: {detail}");

    public static FieldError Duplicate(string field, string valueText) =>
        new(field, "FieldValueDuplicate", "Duplicate value: " + valueText);

    public static FieldError TooLong(string field, int max) =>
        new(field, "FieldValueTooLong", $"Too long: may not be more than {max} bytes");

    public override string ToString() => string.IsNullOrEmpty(Field) ? Detail : $"{Field}: {Detail}";
}
