using k8s;
using k8s.Exceptions;
using PullDoctor.Operator.Kube;

namespace PullDoctor.Operator.Hosting;

/// <summary>
/// Loads the API server configuration for the commands (<see cref="KubeClientFactory.BuildConfiguration"/>: an
/// explicit kubeconfig and context, the in-cluster service account inside a pod, else $KUBECONFIG or
/// ~/.kube/config), turning what can go wrong into a one-line <see cref="OptionsException"/>.
/// </summary>
public static class KubeConfigLoader
{
    public static string UserAgent => KubeClientFactory.DefaultUserAgent;

    /// <exception cref="OptionsException">The configuration cannot be loaded; the message is one line.</exception>
    public static KubernetesClientConfiguration Load(string? kubeconfigPath, string? context)
    {
        try
        {
            return KubeClientFactory.BuildConfiguration(new KubeClientOptions { Kubeconfig = kubeconfigPath, Context = context });
        }
        catch (FileNotFoundException ex)
        {
            throw new OptionsException(OneLine(ex.Message), ex);
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
