package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"briefing/site/article"
	"briefing/site/index"
	"briefing/site/output"
	"briefing/site/pages"
)

const base = "https://example.org/briefing/"

// hostile is a headline that markup must not swallow.
const hostile = `Talks <script>alert(1)</script> & "more" ]]> <b>bold</b>`

var info = Info{Title: "Desk & <Co>", Description: "Talks on the Danube.", Language: "en",
	Updated: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}

// spec describes an article of a test site.
type spec struct {
	title, summary, author, source, url string
	date                                string // YYYY-MM-DD or ""
	body                                []article.Block
}

// makeSite builds a site by hand from articles given in site order (newest
// first, undated last), topics and participants naming articles by index.
func makeSite(t testing.TB, specs []spec, topics, participants []group) *index.Site {
	t.Helper()
	s := &index.Site{}
	for i, sp := range specs {
		a := &article.Article{ID: fmt.Sprintf("a%03d", i), Title: sp.title, Summary: sp.summary,
			Author: sp.author, Source: sp.source, URL: sp.url, Format: article.Clipping, Blocks: sp.body}
		if sp.date != "" {
			d, err := time.Parse(time.DateOnly, sp.date)
			if err != nil {
				t.Fatal(err)
			}
			a.Date = d
		}
		s.Articles = append(s.Articles, &index.Article{Article: a, Slug: a.ID})
	}
	for _, g := range topics {
		tp := &index.Topic{TopicInfo: index.TopicInfo{ID: g.id, Name: g.name, Description: "About " + g.name}}
		for _, i := range g.articles {
			as := &index.Assignment{Topic: tp, Article: s.Articles[i], Hits: 1}
			tp.Articles = append(tp.Articles, as)
			s.Articles[i].Topics = append(s.Articles[i].Topics, as)
		}
		s.Topics = append(s.Topics, tp)
	}
	for _, g := range participants {
		p := &index.Participant{ID: g.id, Name: g.name, Kind: "person"}
		for _, i := range g.articles {
			app := &index.Appearance{Participant: p, Article: s.Articles[i], Mentions: 1}
			p.Articles = append(p.Articles, app)
			p.Mentions++
			s.Articles[i].Participants = append(s.Articles[i].Participants, app)
		}
		s.Participants = append(s.Participants, p)
	}
	return s
}

// group is a topic or participant with the indexes of its articles.
type group struct {
	id, name string
	articles []int
}

// fixture is a site of n articles: the first hostile, then dated ones a day
// apart going back, the last three undated. Topic "all" has every article,
// "odd" the odd ones; participant "anna-berg" every third one, "paul-roche"
// only the undated ones.
func fixture(t testing.TB, n int) *index.Site {
	t.Helper()
	start := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	var specs []spec
	var all, odd, third, undated []int
	for i := range n {
		sp := spec{title: fmt.Sprintf("Article %d", i),
			body: []article.Block{{Kind: article.Heading, Text: "Heading"}, {Kind: article.Paragraph, Text: fmt.Sprintf("Body of article %d.", i)}}}
		if i < n-3 {
			sp.date = start.AddDate(0, 0, -i).Format(time.DateOnly)
		} else {
			undated = append(undated, i)
		}
		if i == 0 {
			sp.title, sp.author, sp.source, sp.url, sp.summary = hostile, "Anna <Writer>", "Desk Wire", "https://example.com/original?a=1&b=2", "A summary with <tags> & ampersands."
		}
		if i == 1 {
			sp.source = "Desk & Wire"
			sp.url = "javascript:alert(1)"
		}
		specs = append(specs, sp)
		all = append(all, i)
		if i%2 == 1 {
			odd = append(odd, i)
		}
		if i%3 == 0 {
			third = append(third, i)
		}
	}
	return makeSite(t, specs,
		[]group{{"all", "All & <everything>", all}, {"odd", "Odd", odd}},
		[]group{{"anna-berg", "Anna Berg", third}, {"paul-roche", "Paul Roche", undated}})
}

func router(t testing.TB, baseURL string) pages.Router {
	t.Helper()
	r, err := pages.NewRouter(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func build(t *testing.T, s *index.Site, baseURL string, inf Info) map[string][]byte {
	t.Helper()
	r := router(t, baseURL)
	files, err := Files(s, r, inf, pages.List(s, r, inf.Title, 12))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		if _, dup := out[f.Path]; dup {
			t.Fatalf("%s made twice", f.Path)
		}
		out[f.Path] = f.Data
	}
	return out
}

// Atom as a reader parses it, with every element the tests look at.
type atomDoc struct {
	XMLName  xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string     `xml:"http://www.w3.org/2005/Atom id"`
	Title    string     `xml:"http://www.w3.org/2005/Atom title"`
	Subtitle string     `xml:"http://www.w3.org/2005/Atom subtitle"`
	Updated  string     `xml:"http://www.w3.org/2005/Atom updated"`
	Links    []atomLink `xml:"http://www.w3.org/2005/Atom link"`
	Authors  []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Entries []struct {
		ID        string     `xml:"http://www.w3.org/2005/Atom id"`
		Title     string     `xml:"http://www.w3.org/2005/Atom title"`
		Updated   string     `xml:"http://www.w3.org/2005/Atom updated"`
		Published string     `xml:"http://www.w3.org/2005/Atom published"`
		Summary   string     `xml:"http://www.w3.org/2005/Atom summary"`
		Links     []atomLink `xml:"http://www.w3.org/2005/Atom link"`
		Authors   []struct {
			Name string `xml:"http://www.w3.org/2005/Atom name"`
		} `xml:"http://www.w3.org/2005/Atom author"`
		Categories []atomCategory `xml:"http://www.w3.org/2005/Atom category"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func parseAtom(t *testing.T, name string, data []byte) atomDoc {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("%s: no XML declaration", name)
	}
	var d atomDoc
	if err := xml.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s does not parse: %v\n%s", name, err, data)
	}
	return d
}

func link(links []atomLink, rel, typ string) string {
	for _, l := range links {
		if l.Rel == rel && (typ == "" || l.Type == typ) {
			return l.Href
		}
	}
	return ""
}

// checkAtom checks the RFC 4287 rules a feed must meet and returns it.
func checkAtom(t *testing.T, name string, data []byte) atomDoc {
	t.Helper()
	d := parseAtom(t, name, data)
	if d.ID == "" || d.Title == "" || !isStamp(d.Updated) {
		t.Errorf("%s: feed id %q, title %q, updated %q", name, d.ID, d.Title, d.Updated)
	}
	self, alt := link(d.Links, "self", AtomType), link(d.Links, "alternate", "text/html")
	for _, u := range []string{d.ID, self, alt} {
		if !strings.HasPrefix(u, base) {
			t.Errorf("%s: URL %q is not absolute under %s", name, u, base)
		}
	}
	if self != base+name {
		t.Errorf("%s: self link %q", name, self)
	}
	if len(d.Authors) != 1 || d.Authors[0].Name == "" {
		t.Errorf("%s: feed authors %+v", name, d.Authors)
	}
	for i, e := range d.Entries {
		href := link(e.Links, "alternate", "")
		if e.ID == "" || e.Title == "" || !isStamp(e.Updated) || href == "" {
			t.Errorf("%s: entry %d lacks a required element: %+v", name, i, e)
		}
		if !strings.HasPrefix(e.ID, base+"articles/") || href != e.ID {
			t.Errorf("%s: entry %d id %q, link %q", name, i, e.ID, href)
		}
		if e.Published != "" && (!isStamp(e.Published) || e.Published != e.Updated) {
			t.Errorf("%s: entry %d published %q, updated %q", name, i, e.Published, e.Updated)
		}
	}
	return d
}

func isStamp(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil && strings.HasSuffix(s, "Z")
}

func TestAtom(t *testing.T) {
	s := fixture(t, 60)
	files := build(t, s, base, info)
	data := files["feed.xml"]
	if bytes.Contains(data, []byte("<script>")) || bytes.Contains(data, []byte("<b>")) || bytes.Contains(data, []byte("<Co>")) {
		t.Errorf("markup from the content reached feed.xml unescaped:\n%s", data)
	}
	d := checkAtom(t, "feed.xml", data)
	if d.Title != info.Title || d.Subtitle != info.Description || d.Lang != "en" || d.Authors[0].Name != info.Title {
		t.Errorf("feed title %q, subtitle %q, lang %q, author %+v", d.Title, d.Subtitle, d.Lang, d.Authors)
	}
	if d.ID != base+"feed.xml" || link(d.Links, "alternate", "text/html") != base || link(d.Links, "alternate", JSONType) != base+"feed.json" {
		t.Errorf("feed id %q, links %+v", d.ID, d.Links)
	}
	if d.Updated != "2024-03-05T00:00:00Z" {
		t.Errorf("feed updated %q, want the newest article's date", d.Updated)
	}
	if len(d.Entries) != SiteEntries {
		t.Fatalf("%d entries, want %d", len(d.Entries), SiteEntries)
	}
	for i, e := range d.Entries {
		if want := base + "articles/" + s.Articles[i].Slug + "/"; e.ID != want {
			t.Errorf("entry %d is %s, want %s (site order)", i, e.ID, want)
		}
	}
	e := d.Entries[0]
	if e.Title != hostile {
		t.Errorf("title does not round-trip:\n got %q\nwant %q", e.Title, hostile)
	}
	if e.Summary != "A summary with <tags> & ampersands." || len(e.Authors) != 1 || e.Authors[0].Name != "Anna <Writer>" {
		t.Errorf("entry summary %q, authors %+v", e.Summary, e.Authors)
	}
	if e.Published != "2024-03-05T00:00:00Z" || e.Updated != e.Published {
		t.Errorf("entry published %q, updated %q", e.Published, e.Updated)
	}
	if got := link(e.Links, "related", ""); got != "https://example.com/original?a=1&b=2" {
		t.Errorf("related link %q", got)
	}
	if len(e.Categories) != 1 || e.Categories[0].Term != "all" || e.Categories[0].Label != "All & <everything>" {
		t.Errorf("categories %+v", e.Categories)
	}
	if e := d.Entries[1]; len(e.Authors) != 1 || e.Authors[0].Name != "Desk & Wire" || link(e.Links, "related", "") != "" {
		t.Errorf("entry 1: the source is the author and javascript: is no link: %+v", e)
	}
	if e := d.Entries[2]; len(e.Authors) != 0 || e.Summary != "Body of article 2." || len(e.Categories) != 1 {
		t.Errorf("entry 2: no author, summary from the first paragraph: %+v", e)
	}
}

// jsonDoc is JSON Feed as a reader parses it.
type jsonDoc struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Description string `json:"description"`
	Language    string `json:"language"`
	Items       []struct {
		ID            string  `json:"id"`
		URL           string  `json:"url"`
		ExternalURL   string  `json:"external_url"`
		Title         string  `json:"title"`
		ContentText   *string `json:"content_text"`
		DatePublished *string `json:"date_published"`
		Authors       []struct {
			Name string `json:"name"`
		} `json:"authors"`
		Tags []string `json:"tags"`
	} `json:"items"`
}

func checkJSON(t *testing.T, name string, data []byte) jsonDoc {
	t.Helper()
	var d jsonDoc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	if d.Version != "https://jsonfeed.org/version/1.1" || d.Title == "" || d.FeedURL != base+name || !strings.HasPrefix(d.HomePageURL, base) {
		t.Errorf("%s: version %q, title %q, feed_url %q, home_page_url %q", name, d.Version, d.Title, d.FeedURL, d.HomePageURL)
	}
	if d.Items == nil {
		t.Errorf("%s: no items array", name)
	}
	for i, it := range d.Items {
		if it.ID == "" || it.URL != it.ID || !strings.HasPrefix(it.URL, base+"articles/") || it.Title == "" || it.ContentText == nil || *it.ContentText == "" {
			t.Errorf("%s: item %d lacks a required field: %+v", name, i, it)
		}
		if it.DatePublished != nil && !isStamp(*it.DatePublished) {
			t.Errorf("%s: item %d date_published %q is not RFC 3339", name, i, *it.DatePublished)
		}
	}
	return d
}

func TestJSONFeed(t *testing.T) {
	s := fixture(t, 60)
	files := build(t, s, base, info)
	d := checkJSON(t, "feed.json", files["feed.json"])
	if d.Title != info.Title || d.HomePageURL != base || d.Description != info.Description || d.Language != "en" {
		t.Errorf("feed %+v", d)
	}
	if len(d.Items) != SiteEntries {
		t.Fatalf("%d items, want %d", len(d.Items), SiteEntries)
	}
	it := d.Items[0]
	if it.Title != hostile || *it.ContentText != "A summary with <tags> & ampersands." {
		t.Errorf("item 0: %+v", it)
	}
	if it.DatePublished == nil || *it.DatePublished != "2024-03-05T00:00:00Z" {
		t.Errorf("item 0 date_published %v", it.DatePublished)
	}
	if len(it.Authors) != 1 || it.Authors[0].Name != "Anna <Writer>" || len(it.Tags) != 1 || it.Tags[0] != "All & <everything>" {
		t.Errorf("item 0 authors %+v, tags %q", it.Authors, it.Tags)
	}
	if it.ExternalURL != "https://example.com/original?a=1&b=2" {
		t.Errorf("item 0 external_url %q", it.ExternalURL)
	}

	// Undated articles have no date_published.
	small := fixture(t, 5)
	d = checkJSON(t, "feed.json", build(t, small, base, info)["feed.json"])
	for i, it := range d.Items {
		if dated := small.Articles[i].Dated(); dated != (it.DatePublished != nil) {
			t.Errorf("item %d: dated %v, date_published %v", i, dated, it.DatePublished)
		}
	}
}

func TestPageFeeds(t *testing.T) {
	s := fixture(t, 60)
	files := build(t, s, base, info)
	for _, tc := range []struct {
		dir, title string
		articles   []*index.Article
	}{
		{"topics/all/", "All & <everything> · " + info.Title, articlesOf(s.Topics[0])},
		{"topics/odd/", "Odd · " + info.Title, articlesOf(s.Topics[1])},
		{"participants/anna-berg/", "Anna Berg · " + info.Title, appearancesOf(s.Participants[0])},
		{"participants/paul-roche/", "Paul Roche · " + info.Title, appearancesOf(s.Participants[1])},
	} {
		want := tc.articles[:min(PageEntries, len(tc.articles))]
		a := checkAtom(t, tc.dir+"feed.xml", files[tc.dir+"feed.xml"])
		j := checkJSON(t, tc.dir+"feed.json", files[tc.dir+"feed.json"])
		if a.Title != tc.title || j.Title != tc.title {
			t.Errorf("%s: titles %q and %q, want %q", tc.dir, a.Title, j.Title, tc.title)
		}
		if alt := link(a.Links, "alternate", "text/html"); alt != base+tc.dir || j.HomePageURL != alt {
			t.Errorf("%s: page links %q and %q", tc.dir, alt, j.HomePageURL)
		}
		if len(a.Entries) != len(want) || len(j.Items) != len(want) {
			t.Fatalf("%s: %d and %d entries, want %d", tc.dir, len(a.Entries), len(j.Items), len(want))
		}
		for i, art := range want {
			u := base + "articles/" + art.Slug + "/"
			if a.Entries[i].ID != u || j.Items[i].ID != u {
				t.Errorf("%s: entry %d is %s / %s, want %s", tc.dir, i, a.Entries[i].ID, j.Items[i].ID, u)
			}
		}
	}
	// paul-roche has only undated articles: the feed takes Info.Updated.
	if d := parseAtom(t, "", files["participants/paul-roche/feed.xml"]); d.Updated != stamp(info.Updated) {
		t.Errorf("feed of undated articles updated %q", d.Updated)
	}
	if d := parseAtom(t, "", files["topics/odd/feed.xml"]); d.Updated != "2024-03-04T00:00:00Z" {
		t.Errorf("topic feed updated %q, want its newest article's date", d.Updated)
	}
	want := 2 + 2*len(s.Topics) + 2*len(s.Participants) + 2 // feeds, sitemap, robots
	if len(files) != want {
		t.Errorf("%d files, want %d", len(files), want)
	}
}

func articlesOf(tp *index.Topic) []*index.Article {
	var out []*index.Article
	for _, as := range tp.Articles {
		out = append(out, as.Article)
	}
	return out
}

func appearancesOf(p *index.Participant) []*index.Article {
	var out []*index.Article
	for _, app := range p.Articles {
		out = append(out, app.Article)
	}
	return out
}

type sitemapDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

func TestSitemap(t *testing.T) {
	s := fixture(t, 60)
	r := router(t, base)
	list := pages.List(s, r, info.Title, 12)
	files := build(t, s, base, info)
	var d sitemapDoc
	if err := xml.Unmarshal(files["sitemap.xml"], &d); err != nil {
		t.Fatalf("sitemap.xml does not parse: %v", err)
	}
	var want []string
	lastmod := map[string]string{}
	for _, p := range list {
		if p.Kind != pages.NotFound {
			want = append(want, base+strings.TrimPrefix(pages.File(p.Path), "index.html"))
		}
		if p.Kind == pages.ArticlePage {
			lastmod[r.Absolute(p.Path)] = index.Date(p.Article.Date)
		}
	}
	if len(d.URLs) != len(want) {
		t.Fatalf("%d URLs, want %d", len(d.URLs), len(want))
	}
	for i, u := range d.URLs {
		want := strings.TrimSuffix(want[i], "index.html")
		if u.Loc != want {
			t.Errorf("URL %d is %q, want %q", i, u.Loc, want)
		}
		if u.LastMod != lastmod[u.Loc] {
			t.Errorf("%s: lastmod %q, want %q", u.Loc, u.LastMod, lastmod[u.Loc])
		}
		if strings.Contains(u.Loc, "404") {
			t.Errorf("the 404 page is listed")
		}
	}
	if d.URLs[0].Loc != base {
		t.Errorf("first URL %q, want the home page", d.URLs[0].Loc)
	}
	robots := string(files["robots.txt"])
	if robots != "User-agent: *\nAllow: /\n\nSitemap: "+base+"sitemap.xml\n" {
		t.Errorf("robots.txt:\n%s", robots)
	}
}

func TestSitemapIndex(t *testing.T) {
	defer func(n int) { maxURLs = n }(maxURLs)
	maxURLs = 10
	s := fixture(t, 25)
	r := router(t, base)
	n := 0
	for _, p := range pages.List(s, r, info.Title, 12) {
		if p.Kind != pages.NotFound {
			n++
		}
	}
	files := build(t, s, base, info)
	var idx struct {
		Sitemaps []struct {
			Loc string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &idx); err != nil {
		t.Fatal(err)
	}
	if want := (n + 9) / 10; len(idx.Sitemaps) != want {
		t.Fatalf("%d sitemaps, want %d", len(idx.Sitemaps), want)
	}
	total := 0
	for i, sm := range idx.Sitemaps {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if sm.Loc != base+name {
			t.Errorf("sitemap %d at %q", i, sm.Loc)
		}
		var d sitemapDoc
		if err := xml.Unmarshal(files[name], &d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(d.URLs) > 10 {
			t.Errorf("%s lists %d URLs", name, len(d.URLs))
		}
		total += len(d.URLs)
	}
	if total != n {
		t.Errorf("the sitemaps list %d URLs, want %d", total, n)
	}
}

func TestRelativeBase(t *testing.T) {
	s := fixture(t, 10)
	for _, b := range []string{"/", "/briefing/", ""} {
		r := router(t, b)
		if Absolute(r) {
			t.Errorf("Absolute(%q) = true", b)
		}
		files := build(t, s, b, info)
		if len(files) != 1 || string(files["robots.txt"]) != "User-agent: *\nAllow: /\n" {
			t.Errorf("base %q: files %q", b, keys(files))
		}
		for _, k := range []pages.Kind{pages.Home, pages.Topic, pages.Participant} {
			if a, j := FeedPaths(k, "x", r); a != "" || j != "" {
				t.Errorf("base %q: FeedPaths(%s) = %q, %q", b, k, a, j)
			}
		}
	}
	if !Absolute(router(t, base)) || !Absolute(router(t, "http://localhost:8080/")) {
		t.Error("Absolute is false for an absolute base URL")
	}
	var zero pages.Router
	if Absolute(zero) {
		t.Error("Absolute is true for the zero Router")
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestFeedPaths(t *testing.T) {
	r := router(t, base)
	files := build(t, fixture(t, 10), base, info)
	for _, tc := range []struct {
		kind       pages.Kind
		slug, atom string
	}{
		{pages.Home, "", "feed.xml"},
		{pages.Topic, "odd", "topics/odd/feed.xml"},
		{pages.Participant, "anna-berg", "participants/anna-berg/feed.xml"},
		{pages.ArticlePage, "a001", ""},
		{pages.Topics, "", ""},
		{pages.NotFound, "", ""},
	} {
		a, j := FeedPaths(tc.kind, tc.slug, r)
		wantJSON := strings.TrimSuffix(tc.atom, ".xml")
		if wantJSON != "" {
			wantJSON += ".json"
		}
		if a != tc.atom || j != wantJSON {
			t.Errorf("FeedPaths(%s, %q) = %q, %q; want %q, %q", tc.kind, tc.slug, a, j, tc.atom, wantJSON)
		}
		if a != "" && (files[a] == nil || files[j] == nil) {
			t.Errorf("FeedPaths(%s, %q) names files Files does not make", tc.kind, tc.slug)
		}
	}
}

// TestUndated: a site with no dated article is dated Info.Updated
// everywhere, whatever the clock says.
func TestUndated(t *testing.T) {
	var specs []spec
	for i := range 4 {
		specs = append(specs, spec{title: fmt.Sprintf("Undated %d", i)})
	}
	s := makeSite(t, specs, []group{{"t", "T", []int{0, 1, 2, 3}}}, []group{{"p", "P", []int{1, 3}}})
	for _, when := range []time.Time{
		time.Unix(1700000000, 0), // as from SOURCE_DATE_EPOCH
		time.Date(2021, 3, 3, 12, 30, 0, 0, time.FixedZone("CET", 3600)),
	} {
		inf := info
		inf.Updated = when
		want := when.UTC().Format(time.RFC3339)
		files := build(t, s, base, inf)
		for _, name := range []string{"feed.xml", "topics/t/feed.xml", "participants/p/feed.xml"} {
			d := checkAtom(t, name, files[name])
			if d.Updated != want {
				t.Errorf("%s: updated %q, want %q", name, d.Updated, want)
			}
			for i, e := range d.Entries {
				if e.Updated != want || e.Published != "" {
					t.Errorf("%s: entry %d updated %q, published %q", name, i, e.Updated, e.Published)
				}
			}
		}
		for _, name := range []string{"feed.json", "topics/t/feed.json", "participants/p/feed.json"} {
			d := checkJSON(t, name, files[name])
			for i, it := range d.Items {
				if it.DatePublished != nil {
					t.Errorf("%s: item %d has date_published %q", name, i, *it.DatePublished)
				}
				if *it.ContentText != it.Title {
					t.Errorf("%s: item %d without text has content_text %q", name, i, *it.ContentText)
				}
			}
		}
	}
	// A zero Info.Updated is the Unix epoch.
	inf := info
	inf.Updated = time.Time{}
	if d := parseAtom(t, "feed.xml", build(t, s, base, inf)["feed.xml"]); d.Updated != "1970-01-01T00:00:00Z" {
		t.Errorf("zero Updated gives %q", d.Updated)
	}
}

func TestEmptySite(t *testing.T) {
	s := &index.Site{}
	files := build(t, s, base, info)
	d := checkAtom(t, "feed.xml", files["feed.xml"])
	if len(d.Entries) != 0 || d.Updated != stamp(info.Updated) {
		t.Errorf("empty feed: %+v", d)
	}
	if j := checkJSON(t, "feed.json", files["feed.json"]); j.Items == nil {
		t.Error("items is not an array")
	}
}

func TestDeterministic(t *testing.T) {
	s := fixture(t, 80)
	r := router(t, base)
	list := pages.List(s, r, info.Title, 12)
	run := func() []output.File {
		files, err := Files(s, r, info, list)
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	a, b := run(), run()
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("file %d differs: %s, %s", i, a[i].Path, b[i].Path)
		}
	}
}

func TestSummary(t *testing.T) {
	long := strings.Repeat("word ", 100) // 500 characters
	for _, tc := range []struct {
		name string
		a    article.Article
		want string
	}{
		{"own summary, spaces squashed", article.Article{Summary: "  Given\n summary. ", Blocks: []article.Block{{Kind: article.Paragraph, Text: "Body."}}}, "Given summary."},
		{"first paragraph", article.Article{Blocks: []article.Block{{Kind: article.Heading, Text: "H"}, {Kind: article.Paragraph, Text: " "}, {Kind: article.Paragraph, Text: "First\tparagraph."}}}, "First paragraph."},
		{"none", article.Article{Blocks: []article.Block{{Kind: article.Code, Text: "x := 1"}}}, ""},
		{"cut at a word", article.Article{Blocks: []article.Block{{Kind: article.Paragraph, Text: long}}}, strings.Repeat("word ", 59) + "word…"},
		{"one long word", article.Article{Blocks: []article.Block{{Kind: article.Paragraph, Text: strings.Repeat("é", 400)}}}, strings.Repeat("é", 300) + "…"},
		{"exactly the length", article.Article{Blocks: []article.Block{{Kind: article.Paragraph, Text: strings.Repeat("a", 300)}}}, strings.Repeat("a", 300)},
	} {
		got := summary(&tc.a)
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n > SummaryLength+1 {
			t.Errorf("%s: %d characters", tc.name, n)
		}
	}
	// A cut that falls on a space keeps the whole last word.
	s := strings.Repeat("a", 299) + " bcd"
	if got := shorten(s, 299); got != strings.Repeat("a", 299)+"…" {
		t.Errorf("shorten at a space: %q", got)
	}
	if got := shorten("one two, three", 8); got != "one two…" {
		t.Errorf("shorten drops trailing punctuation: %q", got)
	}
}

// TestControlCharacters: text XML cannot hold still makes a feed that parses.
func TestControlCharacters(t *testing.T) {
	s := makeSite(t, []spec{{title: "Bell\x07 and \x00 nul", date: "2024-01-01", summary: "form\x0cfeed"}}, nil, nil)
	files := build(t, s, base, info)
	checkAtom(t, "feed.xml", files["feed.xml"])
	checkJSON(t, "feed.json", files["feed.json"])
}

func BenchmarkFiles(b *testing.B) {
	s := fixture(b, 10000)
	// 3,000 participants of 20 articles each.
	for i := range 3000 {
		p := &index.Participant{ID: fmt.Sprintf("p%04d", i), Name: fmt.Sprintf("P %d", i)}
		for k := range 20 {
			a := s.Articles[(i*7+k*13)%len(s.Articles)]
			p.Articles = append(p.Articles, &index.Appearance{Participant: p, Article: a})
		}
		s.Participants = append(s.Participants, p)
	}
	r := router(b, base)
	list := pages.List(s, r, info.Title, 12)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Files(s, r, info, list); err != nil {
			b.Fatal(err)
		}
	}
}
