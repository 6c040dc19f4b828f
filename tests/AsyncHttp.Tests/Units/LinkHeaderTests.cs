using System;
using Xunit;

namespace AsyncHttp.Tests.Units;

/// <summary>Link headers as APIs write them: several links, relative targets, several rels per link, commas in quotes.</summary>
public sealed class LinkHeaderTests
{
    private static readonly Uri Page = new Uri("https://api.example/items?page=2");

    [Fact]
    public void Each_rel_names_its_target_resolved_against_the_URI_that_answered()
    {
        var links = LinkHeader.Parse("<?page=3>; rel=\"next\", <https://api.example/items?page=1>; rel=\"prev first\", </items?page=9>; rel=last", Page);

        Assert.Equal("https://api.example/items?page=3", links["next"].AbsoluteUri);
        Assert.Equal("https://api.example/items?page=1", links["prev"].AbsoluteUri);
        Assert.Equal("https://api.example/items?page=1", links["FIRST"].AbsoluteUri);
        Assert.Equal("https://api.example/items?page=9", links["last"].AbsoluteUri);
    }

    [Fact]
    public void A_comma_inside_a_quoted_parameter_does_not_end_the_link_and_the_first_link_of_a_rel_wins()
    {
        var links = LinkHeader.Parse("<a>; title=\"one, two\"; rel=\"next\", <b>; rel=\"next\"", Page);

        Assert.Equal("https://api.example/a", Assert.Single(links).Value.AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("<https://api.example/x>; title=\"no rel\"")]
    [InlineData("<unclosed; rel=\"next\"")]
    public void A_missing_or_malformed_header_gives_no_links(string? header)
    {
        Assert.Empty(LinkHeader.Parse(header, Page));
    }
}
