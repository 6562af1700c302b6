using System.Globalization;
using System.Text;

namespace PullDoctor.RegistryFixtures;

/// <summary>Renders nginx.conf for one front: single process, everything under its own prefix directory.</summary>
internal static class NginxConfigWriter
{
    public const string SyncPath = "/__pulldoctor/sync";
    public const string GenerationHeader = "X-PullDoctor-Generation";

    /// <summary>Docker Hub's body for the pull rate limit (as of 2024/2025).</summary>
    public const string DockerHubRateLimitBody =
        """{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit"}]}""";

    public static string Render(int port, string prefix, NginxFrontOptions options, NginxFailure failure, Uri? upstream, ServerCertificate? tls, int generation)
    {
        var conf = new StringBuilder();
        Line(conf, 0, "daemon off;");

        // A master (reload works; with master_process off nginx stops answering after a reload) and one
        // worker: one event loop, so a request that follows another on the wire is logged after it
        // (NginxAccessLog relies on that). The fixture kills the process tree, worker included.
        Line(conf, 0, "master_process on;");
        Line(conf, 0, "worker_processes 1;");
        if (string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            // Otherwise the worker drops to nobody and cannot use the root-owned 0700 temp directory.
            Line(conf, 0, "user root root;");
        }

        Line(conf, 0, $"pid {prefix}/nginx.pid;");
        Line(conf, 0, $"error_log {prefix}/error.log warn;");
        Line(conf, 0, "worker_rlimit_nofile 8192;");
        Line(conf, 0, "events { worker_connections 4096; }");
        Line(conf, 0, "http {");
        Line(conf, 1, "log_format pulldoctor '$request_method $request_uri $status';");
        Line(conf, 1, $"access_log {prefix}/access.log pulldoctor;");
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Line(conf, 1, $"{temp}_temp_path {prefix}/temp/{temp};");
        }

        Line(conf, 1, "client_max_body_size 0;");
        Line(conf, 1, "server_tokens off;");
        Line(conf, 1, "default_type application/octet-stream;");
        Line(conf, 1, "server {");
        Line(conf, 2, tls is null ? $"listen 127.0.0.1:{port};" : $"listen 127.0.0.1:{port} ssl;");
        if (tls is not null)
        {
            Line(conf, 2, $"ssl_certificate {tls.ChainPath};");
            Line(conf, 2, $"ssl_certificate_key {tls.KeyPath};");
        }

        Line(conf, 2, $"location = {SyncPath} {{ add_header {GenerationHeader} {generation} always; return 204; }}");
        var failureBlock = FailureBlock(options, failure);
        if (failureBlock is not null && options.FailureScope is NginxFailureScope.ManifestRequests or NginxFailureScope.BlobRequests)
        {
            var kind = options.FailureScope == NginxFailureScope.ManifestRequests ? "manifests" : "blobs";
            Line(conf, 2, $"location ~ ^/v2/.+/{kind}/ {{ {failureBlock} }}");
            Line(conf, 2, $"location / {{ {PassBlock(upstream)} }}");
        }
        else if (failureBlock is not null)
        {
            Line(conf, 2, $"location /v2 {{ {failureBlock} }}");
            Line(conf, 2, $"location / {{ {PassBlock(upstream)} }}");
        }
        else
        {
            Line(conf, 2, $"location / {{ {PassBlock(upstream)} }}");
        }

        if (upstream is null && (failureBlock is null || options.FailureScope != NginxFailureScope.AllRegistryRequests))
        {
            Line(conf, 2, "location = /v2/ { add_header Docker-Distribution-API-Version registry/2.0 always; default_type application/json; return 200 '{}'; }");
        }

        Line(conf, 1, "}");
        Line(conf, 0, "}");
        return conf.ToString();
    }

    private static string? FailureBlock(NginxFrontOptions options, NginxFailure failure)
    {
        var retryAfter = options.RetryAfterSeconds is { } seconds
            ? $"add_header Retry-After {seconds.ToString(CultureInfo.InvariantCulture)} always; "
            : string.Empty;
        return failure switch
        {
            NginxFailure.None => null,
            NginxFailure.DockerHubRateLimit =>
                "default_type application/json; " +
                "add_header ratelimit-limit \"100;w=21600\" always; " +
                "add_header ratelimit-remaining \"0;w=21600\" always; " +
                $"add_header docker-ratelimit-source \"{options.RateLimitSource}\" always; " +
                retryAfter +
                $"return 429 '{DockerHubRateLimitBody}';",
            NginxFailure.PlainRateLimit => "return 429;",
            NginxFailure.InternalServerError => "return 500;",
            NginxFailure.ServiceUnavailable => retryAfter + "return 503;",
            NginxFailure.Redirect => $"return 307 {Escape(options.RedirectLocation.AbsoluteUri)};",
            _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
        };
    }

    private static string PassBlock(Uri? upstream) => upstream is null
        ? "default_type application/json; return 404 '{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}';"
        : $"proxy_pass {upstream.GetLeftPart(UriPartial.Authority)}; " +
          "proxy_http_version 1.1; proxy_set_header Connection \"\"; " +
          "proxy_set_header Host $http_host; proxy_set_header X-Forwarded-Proto $scheme; " +
          "proxy_buffering off; proxy_request_buffering off; proxy_ssl_verify off; proxy_read_timeout 60s;";

    // nginx would expand '$' as a variable; a test redirect never needs one.
    private static string Escape(string value) =>
        value.Contains('$', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? throw new ArgumentException($"Redirect location '{value}' must not contain '$' or '\"'.", nameof(value))
            : "\"" + value + "\"";

    private static void Line(StringBuilder conf, int depth, string text) =>
        conf.Append(' ', depth * 2).AppendLine(text);
}
