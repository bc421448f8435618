using System.Text;
using Feed.Domain;
using FsCheck;
using FsCheck.Fluent;

namespace Feed.Tests.Plumbing.Problems;

/// <summary>The sweep's generators: reads, writes and stray routes, with odd values of every kind.</summary>
public static class BadInputs
{
    /// <summary>Who sends a generated request.</summary>
    public enum Caller
    {
        Anonymous,
        SignedIn,
        Forged,
        Expired,
    }

    /// <summary>One generated request. Bodies are bytes, so that they may be anything, invalid UTF-8 included.</summary>
    public sealed record Case(
        string Method, string Url, Caller Caller, string? ContentType, byte[]? Body, string? HeaderName, string? HeaderValue)
    {
        public HttpRequestMessage ToMessage(string? token)
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (token is not null)
            {
                message.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
            }

            if (HeaderName is not null)
            {
                message.Headers.TryAddWithoutValidation(HeaderName, HeaderValue);
            }

            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            return message;
        }

        public override string ToString()
        {
            var body = Body is null ? "" : $" body[{Body.Length}]={Preview(Body)}";
            var header = HeaderName is null ? "" : $" {HeaderName}: {Shorten(HeaderValue ?? "")}";
            return $"{Method} {Shorten(Url)} as {Caller}{(ContentType is null ? "" : $" ({Shorten(ContentType)})")}{header}{body}";
        }

        private static string Preview(byte[] body) => Shorten(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 120)));

        private static string Shorten(string text) => text.Length <= 120 ? text : $"{text[..120]}…({text.Length})";
    }

    public static Gen<Case> Requests(List<long> ids, string cursor) =>
        Gen.Frequency(
            (4, Reads(ids, cursor)),
            (5, Writes(ids)),
            (1, Routes(ids)));

    private static readonly string[] Listings = ["/feed", "/posts", "/games", "/teams"];

    private static Gen<Case> Reads(List<long> ids, string cursor) =>
        from listing in Gen.OneOf(
            Gen.Elements(Listings),
            Id(ids).Select(id => $"/games/{id}/members"),
            Id(ids).Select(id => $"/teams/{id}/members"),
            Id(ids).Select(id => $"/users/{id}/items"),
            Id(ids).Select(id => $"/feed/{id}/likes"),
            Gen.ArrayOf(Id(ids).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)), 3)
                .Select(some => $"/feed/items?ids={string.Join(',', some)}"))
        from parameters in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(QueryParameter(cursor), n))
        from caller in Gen.Elements(Enum.GetValues<Caller>())
        from header in Header()
        let url = parameters.Length == 0 ? listing : $"{listing}?{string.Join('&', parameters)}"
        select new Case("GET", url, caller, null, null, header.Name, header.Value);

    private static Gen<string> QueryParameter(string cursor) =>
        from name in Gen.Elements("limit", "limit", "before", "before", "after", "types", "types", "unknown", "LIMIT", "before[]", "ids")
        from value in name switch
        {
            "limit" or "LIMIT" => Limit(),
            "types" => Types(),
            "ids" => Gen.Elements("1,2,3", "", ",", "1,,2", "-1", "abc", string.Join(',', Enumerable.Range(1, 101)), new string('9', 40)),
            _ => Cursor(cursor),
        }
        select $"{name}={Uri.EscapeDataString(value)}";

    private static Gen<string> Limit() => Gen.OneOf(
        Gen.Choose(-1000, 1000).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Elements("", "abc", "1e3", "0x10", " 5", "5.5", "-0", "+7", "99999999999999999999", "NaN", "٣", "20,20", "null", "true"));

    private static Gen<string> Types() => Gen.OneOf(
        Gen.ArrayOf(Gen.Elements("post", "game", "team", "POST", "", "video", "post ", "té", "'; DROP TABLE FeedItems; --"), 3)
            .Select(t => string.Join(',', t)),
        Gen.Elements(",", ",,,", new string('p', 5000), "post,post,post"));

    private static Gen<string> Cursor(string valid) => Gen.OneOf(
        Gen.Constant(valid),
        Gen.Choose(0, valid.Length - 1).Select(cut => valid[..cut]),
        Gen.Choose(0, valid.Length - 1).SelectMany(at => Gen.Elements('A', '-', '_', '=', '+', '/', '%', '~')
            .Select(ch => valid[..at] + ch + valid[(at + 1)..])),
        Gen.ArrayOf(Gen.Choose(0, 255), 0).Select(bytes =>
            Convert.ToBase64String(bytes.Select(b => (byte)b).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_')),
        Gen.Elements("", "null", "0", "-1", "../../etc/passwd", "💥", new string('A', 4000), "AQ", "%00", "' OR 1=1 --"));

    private static Gen<long> Id(List<long> ids) => Gen.OneOf(
        Gen.Elements(ids.ToArray()),
        Gen.Elements(0L, -1L, long.MaxValue, long.MinValue, 999_999_999L));

    private static Gen<(string? Name, string? Value)> Header() => Gen.Frequency(
        (3, Gen.Constant<(string?, string?)>((null, null))),
        (1, Gen.Elements<(string?, string?)>(
            ("Accept", "application/xml"),
            ("Accept", "*/*;q=abc"),
            ("Accept-Language", new string('x', 3000)),
            ("If-None-Match", "\"\u00ff\""),
            ("X-Forwarded-For", "not-an-address"),
            ("Origin", "null"),
            ("Authorization", "Basic dXNlcjpwYXNz"),
            ("Authorization", "Bearer"),
            ("Authorization", "Bearer a.b.c"),
            ("Authorization", $"Bearer {new string('e', 6000)}"),
            ("Cookie", "session=1; session=2"),
            ("Range", "bytes=0-1"),
            ("Idempotency-Key", "retry-1"),
            ("Idempotency-Key", new string('k', 300)),
            ("Idempotency-Key", "ключ"),
            ("Idempotency-Key", ""),
            ("If-Match", "\"x\""),
            ("If-Match", "*"),
            ("If-Match", "W/\"\u00ff\""))));

    private static Gen<Case> Writes(List<long> ids) =>
        from target in Gen.OneOf(
            Gen.Elements(("POST", "/posts"), ("POST", "/games"), ("POST", "/teams"), ("POST", "/auth/register"), ("POST", "/auth/token")),
            Id(ids).SelectMany(id => Gen.Elements(
                ("PUT", $"/feed/{id}/like"), ("DELETE", $"/feed/{id}/like"), ("PUT", $"/games/{id}/membership"),
                ("DELETE", $"/teams/{id}/membership"), ("DELETE", $"/feed/{id}"), ("PUT", $"/posts/{id}"),
                ("PATCH", $"/posts/{id}"), ("PATCH", $"/games/{id}"), ("PATCH", $"/teams/{id}"))))
        from caller in Gen.Frequency(
            (1, Gen.Constant(Caller.Anonymous)), (4, Gen.Constant(Caller.SignedIn)), (1, Gen.Elements(Caller.Forged, Caller.Expired)))
        from contentType in Gen.Elements<string?>(
            "application/json", "application/json", "application/json", "application/json; charset=utf-8", "text/plain",
            "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1",
            "application/merge-patch+json", "", null)
        from body in Body()
        from header in Header()
        select target.Item1 == "DELETE" && body.Length == 0
            ? new Case(target.Item1, target.Item2, caller, null, null, header.Name, header.Value)
            : new Case(target.Item1, target.Item2, caller, contentType, body, header.Name, header.Value);

    private static Gen<string> Field() => Gen.Elements(
        "title", "body", "gameName", "gameLocation", "roomName", "name", "password", "Title", "id", "likeCount", "authorId", "$type", "");

    private static Gen<string> JsonValue() => Gen.OneOf(
        Gen.Elements(
            "\"ok\"", "\"\"", "null", "0", "-1", "1e400", "true", "[]", "{}",
            "\"\\u0000\"", "\"\\ud800\"", "\"<script>\"", "12345678901234567890123"),
        Gen.Choose(0, 3).Select(k => $"\"{new string('x', k switch { 0 => 127, 1 => 129, 2 => 10_001, _ => 300_000 })}\""),
        Gen.Elements("\"한국어\"", "\"😀😀\"", "\"' OR '1'='1\"", "\"a\\\"b\""));

    private static Gen<byte[]> Body() => Gen.OneOf(
        // An object of plausible and implausible fields with values of any type.
        from fields in Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Field().SelectMany(f => JsonValue().Select(v => $"\"{f}\":{v}")), n))
        select Encoding.UTF8.GetBytes($"{{{string.Join(',', fields)}}}"),
        // Deep nesting, objects or arrays.
        from depth in Gen.Elements(10, 63, 64, 65, 200, 5000)
        from arrays in Gen.Elements(true, false)
        select Encoding.UTF8.GetBytes(arrays
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"title\":", depth)) + "1" + new string('}', depth)),
        // Not JSON, broken JSON, wrong top-level types.
        Gen.Elements(
            "", " ", "null", "[]", "\"post\"", "42", "{", "{\"title\":", "{\"title\":\"a\",}", "{'title':'a'}", "<post/>",
            "title=a&body=b", "{\"title\":\"a\",\"title\":\"b\",\"body\":\"c\"}")
            .Select(Encoding.UTF8.GetBytes),
        // Invalid UTF-8 inside an otherwise well-formed body.
        Gen.Elements(new byte[] { 0xC3, 0x28 }, [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0xE2, 0x82])
            .Select(bad => Encoding.UTF8.GetBytes("{\"title\":\"")
                .Concat(bad)
                .Concat(Encoding.UTF8.GetBytes("\",\"body\":\"b\",\"gameName\":\"g\",\"gameLocation\":\"l\",\"roomName\":\"r\"}"))
                .ToArray()),
        // A byte-order mark, UTF-16, random bytes.
        Gen.Constant(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"title\":\"a\",\"body\":\"b\"}")).ToArray()),
        Gen.Constant(Encoding.Unicode.GetBytes("{\"title\":\"a\",\"body\":\"b\"}")),
        Gen.ArrayOf(Gen.Choose(0, 255)).Select(b => b.Select(x => (byte)x).ToArray()));

    private static Gen<Case> Routes(List<long> ids) =>
        from method in Gen.Elements("GET", "HEAD", "OPTIONS", "PATCH", "TRACE", "PUT", "DELETE", "POST")
        from path in Gen.OneOf(
            Gen.Elements("/", "/feed/", "/feed//1", "/feed/abc", "/feed/1.5", "/feed/99999999999999999999", "/FEED", "/feed/%2e%2e/auth",
                "/posts/-0", "/games/0x1/members", "/teams/1/membership/extra", "/openapi/v1.json", "/health/ready", "/scalar/",
                "/auth", "/.env"),
            Id(ids).Select(id => $"/feed/{id}"),
            Id(ids).Select(id => $"/{FeedKinds.All[(int)(Math.Abs(id % 3))]}s/{id}"))
        from caller in Gen.Elements(Enum.GetValues<Caller>())
        select new Case(method, path, caller, null, null, null, null);
}
