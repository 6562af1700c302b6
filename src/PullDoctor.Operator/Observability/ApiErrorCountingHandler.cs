namespace PullDoctor.Operator.Observability;

/// <summary>
/// Counts API requests that failed, by HTTP status (0 when no response came), for <c>pulldoctor_api_errors_total</c>.
/// A 404 on a read or a delete is an answer ("there is no diagnosis yet", "already gone"), not an error.
/// </summary>
internal sealed class ApiErrorCountingHandler(OperatorMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 400 && !IsAnswer(request, (int)response.StatusCode))
            {
                metrics.ApiErrors.WithLabels(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            }

            return response;
        }
        catch (HttpRequestException)
        {
            metrics.ApiErrors.WithLabels("0").Inc();
            throw;
        }
    }

    private static bool IsAnswer(HttpRequestMessage request, int status) =>
        status == 404 && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Delete);
}
