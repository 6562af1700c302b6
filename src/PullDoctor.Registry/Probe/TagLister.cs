using System.Text.Json;
using System.Text.RegularExpressions;
using PullDoctor.Registry.Http;

namespace PullDoctor.Registry.Probe;

/// <summary>
/// Lists tags with <c>n</c> and <c>Link: &lt;…&gt;; rel="next"</c> pagination, same origin only, bounded everywhere:
/// pages (<see cref="RegistryProbeOptions.MaxTagPages"/>), bytes per page (<see cref="MaxPageBytes"/>, cut while
/// streaming), tags in all (<see cref="RegistryProbeOptions.MaxTags"/>), and each tag by its grammar
/// (<see cref="TagName"/>): a string that is not a tag is never even allocated.
/// </summary>
internal static partial class TagLister
{
    private const int PageSize = 1000;

    /// <summary>A page of 1000 tags of 128 characters is 131 KB; registries that add metadata (GCR) stay well below.</summary>
    public const int MaxPageBytes = 4 * 1024 * 1024;

    public static async Task<TagListing> ListAsync(
        RegistryTransport transport,
        Uri baseUri,
        string repository,
        Func<Uri, RegistryRequest> requestFor,
        RegistryProbeOptions options,
        CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        var next = new Uri(baseUri, $"v2/{repository}/tags/list?n={PageSize}");
        for (var page = 0; page < options.MaxTagPages; page++)
        {
            var response = await transport.SendAsync(requestFor(next) with { MaxBodyBytes = MaxPageBytes }, cancellationToken);
            if (!response.IsSuccess)
            {
                transport.Steps.Add(new ProbeStep(response.Asked, Answer.Describe(response, transport)));
                return new TagListing(response.Status, tags, response.Error, false);
            }

            var pageTags = ReadTags(response.Body, options.MaxTags - tags.Count);
            tags.AddRange(pageTags);
            var link = NextLink(response.Headers["Link"]);
            transport.Steps.Add(new ProbeStep(response.Asked, $"{response.StatusText}: {pageTags.Count} tags{(link is null ? string.Empty : ", more on the next page")}"));
            if (link is null || tags.Count >= options.MaxTags)
            {
                return new TagListing(response.Status, tags.Take(options.MaxTags).ToList(), null, link is null);
            }

            var linked = new Uri(next, link);
            if (!RegistryTransport.SameOrigin(linked, baseUri))
            {
                return new TagListing(response.Status, tags, null, false);
            }

            next = linked;
        }

        return new TagListing(200, tags, null, false);
    }

    /// <summary>
    /// The valid tags of a page, at most <paramref name="limit"/>. Reads forward only, so a page cut at the byte cap
    /// still yields the tags before the cut.
    /// </summary>
    internal static List<string> ReadTags(byte[] body, int limit)
    {
        var tags = new List<string>();
        var reader = new Utf8JsonReader(body, isFinalBlock: false, state: default);
        try
        {
            while (tags.Count < limit && reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1 || !reader.ValueTextEquals("tags"u8))
                {
                    continue;
                }

                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return tags;
                }

                while (tags.Count < limit && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    // A tag never needs a JSON escape; an escaped or over-long string is not a tag.
                    if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && TagName.IsValid(reader.ValueSpan))
                    {
                        tags.Add(reader.GetString()!);
                    }
                    else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        return tags;
                    }
                }

                return tags;
            }
        }
        catch (JsonException)
        {
            // The page ends in the middle (cut at the cap) or is not JSON: keep what was read before.
        }

        return tags;
    }

    private static string? NextLink(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var match = LinkPattern().Match(header);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("<([^>]+)>\\s*;\\s*rel=\"?next\"?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
