namespace PullDoctor.RegistryFixtures;

/// <summary>Pushes a cached OCI layout to a test registry with <c>skopeo copy</c>, keeping digests.</summary>
internal static class SkopeoPusher
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task PushAsync(OciLayout layout, string destination, RegistryUser? credentials, CancellationToken cancellationToken)
    {
        var skopeo = ExternalBinary.Require(ExternalBinary.Skopeo);
        List<string> arguments =
        [
            // The machine's policy.json is not ours to depend on; these are our own test images.
            "--insecure-policy",
            "copy",
            "--quiet",
            "--retry-times", "0",
            "--preserve-digests",

            // Plain HTTP and TLS registries alike: containers/image tries HTTPS without verification and
            // falls back to HTTP. Trust of the test CA is what the code under test checks, not the pusher.
            "--dest-tls-verify=false",
        ];
        if (credentials is null)
        {
            arguments.Add("--dest-no-creds");
        }
        else
        {
            arguments.AddRange(["--dest-creds", credentials.ColonPair]);
        }

        if (layout.Image.Platforms.Count > 1 || layout.Image.Manifests[0] != layout.Image.Top)
        {
            arguments.AddRange(["--multi-arch", "all"]);
        }

        arguments.Add(layout.SkopeoReference);
        arguments.Add("docker://" + destination);
        await CommandRunner.RunCheckedAsync(skopeo, arguments, Timeout, cancellationToken).ConfigureAwait(false);
    }
}
