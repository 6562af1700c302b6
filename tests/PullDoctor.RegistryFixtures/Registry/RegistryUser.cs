namespace PullDoctor.RegistryFixtures;

/// <summary>A user name and password the registry (basic auth) or token issuer (token auth) accepts.</summary>
public sealed record RegistryUser(string Name, string Password)
{
    /// <summary>The <c>user:password</c> form skopeo's <c>--creds</c> takes.</summary>
    public string ColonPair => $"{Name}:{Password}";

    /// <summary>The value of an <c>Authorization: Basic</c> header and of a docker config <c>auth</c> entry.</summary>
    public string BasicAuthValue => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ColonPair));

    /// <summary>Records print without the password, so a failing assertion never shows it.</summary>
    public override string ToString() => $"RegistryUser {{ Name = {Name}, Password = *** }}";
}
