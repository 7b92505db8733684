package build

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"briefing"
)

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestPageMetadata checks the head of an article page: canonical URL,
// OpenGraph and Twitter tags, and JSON-LD that parses and carries the
// article's own words, whatever they contain.
func TestPageMetadata(t *testing.T) {
	hostile := `Talks </script><script>alert(1)</script> & "quotes"`
	root := writeSite(t, map[string]string{
		"seeds/talks.txt":       hostile + "\n\n" + strings.SplitN(goodClipping, "\n\n", 2)[1],
		"seeds/talks.meta.toml": "date = 2024-03-05\nsource = \"Desk <b>Wire</b>\"\n",
	})
	res, err := Generate(context.Background(), Options{Source: root, Theme: briefing.Theme(), BaseURL: "https://example.org/briefing/"})
	if err != nil {
		t.Fatal(err)
	}
	var page string
	for _, f := range res.Files {
		if f.Path == "articles/talks/index.html" {
			page = string(f.Data)
		}
	}
	if page == "" {
		t.Fatal("no article page")
	}
	for _, want := range []string{
		`<link rel="canonical" href="https://example.org/briefing/articles/talks/">`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:url" content="https://example.org/briefing/articles/talks/">`,
		`<meta property="article:published_time" content="2024-03-05">`,
		`<meta name="twitter:card" content="summary">`,
		`<link rel="alternate" type="application/atom+xml" href="/briefing/feed.xml" title="Briefing (Atom)">`,
		`<link rel="alternate" type="application/feed+json" href="/briefing/feed.json" title="Briefing (JSON Feed)">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
	if strings.Contains(page, "<script>alert") {
		t.Fatal("the headline's script tag reached the page unescaped")
	}
	m := ldScript.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld struct {
		Context string `json:"@context"`
		Graph   []struct {
			Type          string                `json:"@type"`
			Headline      string                `json:"headline"`
			DatePublished string                `json:"datePublished"`
			Publisher     struct{ Name string } `json:"publisher"`
			Mentions      []struct {
				Type, Name, URL string
			} `json:"mentions"`
			Items []struct {
				Position int
				Name     string
				Item     string
			} `json:"itemListElement"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ld.Context != "https://schema.org" || len(ld.Graph) != 2 {
		t.Fatalf("JSON-LD = %+v", ld)
	}
	art, crumbs := ld.Graph[0], ld.Graph[1]
	if art.Type != "NewsArticle" || art.Headline != hostile || art.DatePublished != "2024-03-05" || art.Publisher.Name != "Desk <b>Wire</b>" {
		t.Errorf("NewsArticle = %+v", art)
	}
	if len(art.Mentions) == 0 || !strings.HasPrefix(art.Mentions[0].URL, "https://example.org/briefing/participants/") {
		t.Errorf("mentions = %+v", art.Mentions)
	}
	if crumbs.Type != "BreadcrumbList" || len(crumbs.Items) != 3 || crumbs.Items[2].Item != "https://example.org/briefing/articles/talks/" {
		t.Errorf("breadcrumbs = %+v", crumbs)
	}
}
