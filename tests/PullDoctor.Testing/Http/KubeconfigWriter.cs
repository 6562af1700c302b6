using System.Text;

namespace PullDoctor.Testing.Http;

/// <summary>A minimal kubeconfig with one cluster, user and context, usable by kubectl and KubernetesClient.</summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string? caPem, string? defaultNamespace)
    {
        var sb = new StringBuilder();
        sb.AppendLine("apiVersion: v1");
        sb.AppendLine("kind: Config");
        sb.AppendLine("clusters:");
        sb.AppendLine("- name: pulldoctor-test");
        sb.AppendLine("  cluster:");
        sb.AppendLine($"    server: {server.ToString().TrimEnd('/')}");
        if (caPem is not null)
        {
            sb.AppendLine($"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))}");
        }

        sb.AppendLine("users:");
        sb.AppendLine("- name: pulldoctor-test");
        sb.AppendLine("  user:");
        sb.AppendLine("    token: pulldoctor-test-token");
        sb.AppendLine("contexts:");
        sb.AppendLine("- name: pulldoctor-test");
        sb.AppendLine("  context:");
        sb.AppendLine("    cluster: pulldoctor-test");
        sb.AppendLine("    user: pulldoctor-test");
        sb.AppendLine($"    namespace: {defaultNamespace ?? "default"}");
        sb.AppendLine("current-context: pulldoctor-test");
        return sb.ToString();
    }
}
