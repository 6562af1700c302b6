using k8s;
using k8s.Exceptions;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// Loads the API server configuration: an explicit kubeconfig (and context) when given, the in-cluster service
/// account when running in a pod, else the usual kubeconfig lookup ($KUBECONFIG, ~/.kube/config).
/// </summary>
public static class KubeConfigLoader
{
    public static string UserAgent => KubeClientFactory.DefaultUserAgent;

    /// <exception cref="OptionsException">The configuration cannot be loaded; the message is one line.</exception>
    public static KubernetesClientConfiguration Load(string? kubeconfigPath, string? context)
    {
        try
        {
            KubernetesClientConfiguration config;
            if (kubeconfigPath is not null)
            {
                if (!File.Exists(kubeconfigPath))
                {
                    throw new OptionsException($"kubeconfig '{kubeconfigPath}' does not exist");
                }

                config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath, context);
            }
            else if (context is null && KubernetesClientConfiguration.IsInCluster())
            {
                config = KubernetesClientConfiguration.InClusterConfig();
            }
            else
            {
                var path = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(File.Exists)
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
                if (!File.Exists(path))
                {
                    throw new OptionsException($"no kubeconfig found (looked at $KUBECONFIG and {path}); pass --kubeconfig");
                }

                config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
            }

            config.UserAgent = UserAgent;
            return config;
        }
        catch (KubeConfigException ex)
        {
            throw new OptionsException("cannot use the kubeconfig: " + OneLine(ex.Message), ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException)
        {
            throw new OptionsException("cannot read the kubeconfig: " + OneLine(ex.Message), ex);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
