namespace PullDoctor.Registry.Probe;

/// <summary>The probe's conclusion.</summary>
public enum ProbeVerdict
{
    /// <summary>The registry serves the image (for the platform asked for): a pull would get the manifest and blobs.</summary>
    Pullable = 0,

    /// <summary>A pull would fail; <see cref="ProbeResult.Cause"/> says why.</summary>
    Problem,

    /// <summary>The probe could not ask (refused by network policy, probe queue full); nothing was learned about the image.</summary>
    Inconclusive,
}
