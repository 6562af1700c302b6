namespace PullDoctor.Diagnosis;

/// <summary>
/// How the caller names the settings a probe gap points to (the operator's environment variables, a command's options),
/// so the sentence tells a person what to change where they run PullDoctor.
/// </summary>
/// <param name="ProbeOff">The setting that switched probing off, as written, e.g. <c>PULLDOCTOR_PROBE=false</c>.</param>
/// <param name="ProbeWait">The setting that bounds the wait for the registry.</param>
/// <param name="AllowNetworks">The setting that lets the probe reach a refused network.</param>
public sealed record ProbeSettingNames(string ProbeOff, string ProbeWait, string AllowNetworks);
