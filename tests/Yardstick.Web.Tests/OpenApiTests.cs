using System.Text.Json;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 30, point 6: the API describes its answers. Every operation of <c>/openapi/v1.json</c> names itself
/// (operationId, from <c>WithName</c>), documents the shape of its success (a 2xx with a named JSON schema, or 204) and
/// of its refusals (each 4xx with its schema: problem details, or DHIS2's ImportSummary for an import's own refusals). Routes not converted yet are listed in <see cref="NotYetDescribed"/>: the
/// test fails when a described route loses its shapes, and when a listed one gains them (so the list stays true).
/// </summary>
public sealed class OpenApiTests(SqliteWebApp app) : IClassFixture<SqliteWebApp>
{
    /// <summary>"METHOD /path" of the routes whose answers are still anonymous; empty when point 6 is done.</summary>
    private static readonly string[] NotYetDescribed = [];

    [Fact]
    public async Task Issue_30_every_route_documents_its_success_and_its_refusals()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var text = await planner.GetStringAsync("/openapi/v1.json");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "yardstick-openapi.json"), text);
        using var document = JsonDocument.Parse(text);
        var lacking = new List<string>();
        var names = new List<string>();
        var routes = 0;
        // The API's routes: /healthz and the icon beside it are for machines and browsers, not API clients.
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var route = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                routes++;
                var why = Lacks(operation.Value);
                if (why is not null)
                {
                    lacking.Add($"{route}: {why}");
                }
                if (operation.Value.TryGetProperty("operationId", out var id))
                {
                    names.Add(id.GetString()!);
                }
            }
        }

        routes.ShouldBeGreaterThan(20);
        names.ShouldBeUnique();
        lacking.Where(l => !NotYetDescribed.Any(n => l.StartsWith(n + ":", StringComparison.Ordinal))).ShouldBeEmpty("described routes must stay described");
        NotYetDescribed.Where(n => !lacking.Any(l => l.StartsWith(n + ":", StringComparison.Ordinal))).ShouldBeEmpty("a route now described leaves the list");
    }

    /// <summary>The document's promises hold: a caller without credentials gets 401 problem details, a refusal its kind's status with the reason as detail.</summary>
    [Fact]
    public async Task Issue_30_the_documented_refusals_are_what_the_api_answers()
    {
        using var anonymous = app.Client();
        var unauthorized = await anonymous.GetAsync("/api/tasks");
        unauthorized.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        unauthorized.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");

        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var missing = await planner.GetAsync("/api/tasks/987654321");
        missing.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("detail").GetString().ShouldBe("没有编号为 987654321 的任务");
    }

    /// <summary>What an operation fails to document, or null when it names itself and describes a success and a refusal.</summary>
    private static string? Lacks(JsonElement operation)
    {
        if (!operation.TryGetProperty("operationId", out _))
        {
            return "no operationId (WithName)";
        }
        var responses = operation.GetProperty("responses").EnumerateObject().ToList();
        var success = responses.Where(r => r.Name.StartsWith('2')).ToList();
        if (success.Count == 0)
        {
            return "no 2xx";
        }
        if (!success.All(r => r.Name == "204" || Schemas(r.Value).Any()))
        {
            return "a 2xx without a schema";
        }
        if (success.SelectMany(r => Schemas(r.Value)).Any(schema => schema.GetRawText().Contains("AnonymousType", StringComparison.Ordinal)))
        {
            return "a 2xx whose schema is an anonymous object";
        }
        var refusals = responses.Where(r => r.Name.StartsWith('4')).ToList();
        if (refusals.Count == 0)
        {
            return "no 4xx";
        }
        return refusals.All(r => Schemas(r.Value).Any()) ? null : "a 4xx without a schema";
    }

    private static IEnumerable<JsonElement> Schemas(JsonElement response) =>
        response.TryGetProperty("content", out var content)
            ? content.EnumerateObject().Where(m => m.Value.TryGetProperty("schema", out _)).Select(m => m.Value.GetProperty("schema"))
            : [];
}
