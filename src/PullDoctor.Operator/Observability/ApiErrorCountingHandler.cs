namespace PullDoctor.Operator.Observability;

/// <summary>Counts API requests that failed, by HTTP status (0 when no response came), for <c>pulldoctor_api_errors_total</c>.</summary>
public sealed class ApiErrorCountingHandler(OperatorMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 400)
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
}
