namespace PullDoctor.RegistryFixtures;

/// <summary>What nginx answers instead of proxying (see <see cref="NginxFailureScope"/> for which requests).</summary>
public enum NginxFailure
{
    /// <summary>Proxy everything to the upstream registry.</summary>
    None,

    /// <summary>
    /// Docker Hub's pull rate limit: 429, JSON body <c>{"errors":[{"code":"TOOMANYREQUESTS",...}]}</c>,
    /// <c>ratelimit-limit: 100;w=21600</c>, <c>ratelimit-remaining: 0;w=21600</c>,
    /// <c>docker-ratelimit-source</c> and <c>Retry-After</c>.
    /// </summary>
    DockerHubRateLimit,

    /// <summary>429 with nginx's own HTML page and no rate-limit headers.</summary>
    PlainRateLimit,

    /// <summary>500 with nginx's own HTML page.</summary>
    InternalServerError,

    /// <summary>503 with nginx's own HTML page and <c>Retry-After</c>.</summary>
    ServiceUnavailable,

    /// <summary>307 to <see cref="NginxFrontOptions.RedirectLocation"/> (as registries redirect blob
    /// downloads to object storage), for redirect and SSRF tests.</summary>
    Redirect,
}
