using System;
using System.Collections;
using System.Collections.Specialized;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Xunit;

namespace AsyncHttp.Tests.Units;

/// <summary>The body rules on their own, without a server: text or bytes, BOMs, queries, JSON bodies and reads, method tokens.</summary>
public sealed class BodyRuleTests
{
    [Theory]
    [InlineData("text/csv", true)]
    [InlineData("application/json", true)]
    [InlineData("application/vnd.api+json", true)]
    [InlineData("application/atom+xml", true)]
    [InlineData("application/javascript", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("image/png", false)]
    [InlineData("application/octet-stream", false)]
    [InlineData("application/pdf", false)]
    public void Textual_media_types_are_text_and_the_rest_bytes(string mediaType, bool isText)
    {
        Assert.Equal(isText, TextMedia.IsText(new MediaTypeHeaderValue(mediaType), new ResponseHeaders()));
    }

    [Fact]
    public void A_body_still_encoded_is_bytes_whatever_its_type()
    {
        var headers = new ResponseHeaders { ["Content-Encoding"] = "gzip" };

        Assert.False(TextMedia.IsText(new MediaTypeHeaderValue("application/json"), headers));
    }

    [Fact]
    public void A_BOM_wins_over_the_callers_encoding_which_wins_over_the_charset()
    {
        byte[] latin1 = Encoding.Latin1.GetBytes("café");
        byte[] utf16 = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("café")];
        var declaredUtf8 = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };

        Assert.Equal("café", new BodyBuffer(utf16, utf16.Length).Decode(declaredUtf8, encoding: Encoding.Latin1));
        Assert.Equal("café", new BodyBuffer(latin1, latin1.Length).Decode(declaredUtf8, encoding: Encoding.Latin1));
        Assert.NotEqual("café", new BodyBuffer(latin1, latin1.Length).Decode(declaredUtf8));
    }

    [Fact]
    public void Query_fields_are_escaped_and_merged_after_the_uris_own_with_lists_repeated()
    {
        var fields = new OrderedDictionary { ["q"] = "a b&c", ["tag"] = new object[] { "x", 2 }, ["on"] = true };

        Uri merged = QueryString.Merge(new Uri("http://h/p?a=1"), QueryString.Encode(fields));

        Assert.Equal("?a=1&q=a%20b%26c&tag=x&tag=2&on=true", merged.Query);
    }

    [Fact]
    public void JSON_bodies_take_any_shape_and_a_deeper_one_than_the_depth_fails_naming_it()
    {
        var body = new object[] { 1, "two", new OrderedDictionary { ["three"] = new object?[] { 3.5, null, false } } };

        Assert.Equal("""[1,"two",{"three":[3.5,null,false]}]""", Encoding.UTF8.GetString(JsonBody.Write(body, 3)));
        var error = Assert.Throws<InvalidRequestException>(() => JsonBody.Write(body, 2));
        Assert.Contains("Depth 2", error.Message);
    }

    [Fact]
    public void JSON_integers_past_Int64_are_read_exactly()
    {
        var tree = (JsonObject)JsonTree.Parse("""{"big":12345678901234567890,"small":1,"real":1.5}""")!;

        Assert.Equal(BigInteger.Parse("12345678901234567890"), tree.Properties[0].Value);
        Assert.Equal(1L, tree.Properties[1].Value);
        Assert.Equal(1.5, tree.Properties[2].Value);
    }

    [Fact]
    public void Keys_differing_only_in_case_fail_as_PowerShell_objects_and_a_repeated_key_keeps_its_last_value()
    {
        Assert.Throws<JsonException>(() => JsonTree.Parse("""{"A":1,"a":2}""", JsonReading.AsPowerShellObjects));
        var both = (JsonObject)JsonTree.Parse("""{"A":1,"a":2}""", JsonReading.AsPowerShellHashtables)!;
        var repeated = (JsonObject)JsonTree.Parse("""{"a":1,"b":0,"a":2}""", JsonReading.AsPowerShellObjects)!;

        Assert.Equal(2, both.Properties.Count);
        Assert.Equal(2, repeated.Properties.Count);
        Assert.Equal(2L, repeated.Properties[0].Value);
    }

    [Fact]
    public void Dates_are_read_as_Json_NET_reads_them_only_when_asked()
    {
        var read = (JsonObject)JsonTree.Parse("""{"z":"2024-01-02T03:04:05Z","n":"2024-01-02T03:04:05","d":"2024-01-02"}""", JsonReading.AsPowerShellObjects)!;
        var plain = (JsonObject)JsonTree.Parse("""{"z":"2024-01-02T03:04:05Z"}""")!;

        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), read.Properties[0].Value);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)read.Properties[0].Value!).Kind);
        Assert.Equal(DateTimeKind.Unspecified, ((DateTime)read.Properties[1].Value!).Kind);
        Assert.Equal("2024-01-02", read.Properties[2].Value);
        Assert.Equal("2024-01-02T03:04:05Z", plain.Properties[0].Value);
    }

    [Theory]
    [InlineData("BREW", "BREW")]
    [InlineData("put", "PUT")]
    [InlineData("merge", "merge")]
    [InlineData("get", "GET")]
    [InlineData("x-Custom", "x-Custom")]
    public void Any_valid_token_is_a_method_and_only_the_common_ones_are_upper_cased(string given, string sent)
    {
        Assert.Equal(sent, Methods.Parse(given).Method);
    }

    [Theory]
    [InlineData("GE T")]
    [InlineData("GET:")]
    [InlineData("")]
    public void A_method_that_is_not_a_token_is_refused_naming_it(string given)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Methods.Parse(given));
        Assert.Contains($"'{given}'", error.Message);
    }

    [Fact]
    public void A_form_with_a_file_is_refused_as_a_url_encoded_body()
    {
        var fields = new Hashtable { ["file"] = new System.IO.FileInfo(typeof(BodyRuleTests).Assembly.Location) };

        var error = Assert.Throws<InvalidRequestException>(() => BodyContent.Prepare(fields, null));
        Assert.Contains("-Form", error.Message);
        Assert.IsType<MultipartFormDataContent>(BodyContent.Prepare(fields, "multipart/form-data")!.Create());
    }
}
