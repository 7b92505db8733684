package render_test

import (
	"bytes"
	"html/template"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefing/site/article"
	"briefing/site/feeds"
	"briefing/site/index"
	"briefing/site/pages"
	"briefing/site/render"
)

// originalURL is the one external link the test site has.
const originalURL = "https://news.example.com/2015/12/talks?id=1&lang=en"

// testSite builds a small Site by hand: two articles, three participants (a
// person, an organization whose name is markup, a place) and two topics, one
// of them without articles. Hostile text checks that the theme escapes.
func testSite() *index.Site {
	a1 := &index.Article{Slug: "talks-in-geneva", Article: &article.Article{
		ID:       "talks-in-geneva",
		Title:    "Talks in Geneva <script>alert(1)</script> & more",
		Date:     time.Date(2015, 12, 15, 0, 0, 0, 0, time.UTC),
		Source:   "Example News",
		URL:      originalURL,
		Author:   "Jane Reporter",
		Summary:  "Ministers met in Geneva.",
		Dateline: article.Dateline{Place: "GENEVA", Agency: "AFP"},
		Captions: []article.Caption{{Text: "Ministers arrive for the talks.", Credit: "Photo Agency"}},
		Blocks:   []article.Block{{Kind: article.Paragraph, Text: "Sergei Lavrov met the council in Geneva."}},
		// A body heading whose generated id could clash with the theme's own.
		HTML: template.HTML(`<p>Sergei Lavrov met the council in <a href="https://maps.example.com/geneva">Geneva</a>.</p>` +
			`<h2 id="related">Related</h2><p>More talks are planned.</p>`),
	}}
	a2 := &index.Article{Slug: "undated-report", Article: &article.Article{
		ID:     "undated-report",
		Title:  "An undated report",
		Blocks: []article.Block{{Kind: article.Paragraph, Text: "The council spoke again."}},
		HTML:   template.HTML(`<p>The council spoke again.</p>`),
	}}

	lavrov := &index.Participant{ID: "sergei-lavrov", Key: "sergei lavrov", Name: "Sergei Lavrov", Kind: "person",
		Aliases: []string{"Lavrov"}, Mentions: 2}
	council := &index.Participant{ID: "b-x-b", Key: "<b>x</b>", Name: "<b>X</b>", Kind: "organization", Mentions: 2}
	geneva := &index.Participant{ID: "geneva", Key: "geneva", Name: "Geneva", Kind: "place", Mentions: 1}

	app := func(p *index.Participant, a *index.Article, before, match, after string, roles ...string) *index.Appearance {
		ap := &index.Appearance{Participant: p, Article: a, Roles: roles, Mentions: 1,
			Snippet: index.Snippet{Before: before, Match: match, After: after}}
		p.Articles = append(p.Articles, ap)
		a.Participants = append(a.Participants, ap)
		for _, r := range roles {
			p.Roles = append(p.Roles, index.Role{Title: r, Article: a})
		}
		return ap
	}
	app(lavrov, a1, "Sergei ", "Lavrov", " met the council in Geneva.", "Foreign Minister")
	app(council, a1, "Sergei Lavrov met the ", "<b>X</b>", " in Geneva.")
	app(geneva, a1, "Sergei Lavrov met the council in ", "Geneva", ".")
	app(council, a2, "The ", "council", " spoke again.")

	lavrov.With = []*index.CoParticipant{{Participant: council, Articles: 1}, {Participant: geneva, Articles: 1}}
	council.With = []*index.CoParticipant{{Participant: geneva, Articles: 1}, {Participant: lavrov, Articles: 1}}
	geneva.With = []*index.CoParticipant{{Participant: council, Articles: 1}, {Participant: lavrov, Articles: 1}}

	diplomacy := &index.Topic{TopicInfo: index.TopicInfo{ID: "diplomacy", Name: "Diplomacy & talks", Description: "Meetings between governments."}}
	sanctions := &index.Topic{TopicInfo: index.TopicInfo{ID: "sanctions", Name: "Sanctions", Description: "Economic pressure."}}
	for _, a := range []*index.Article{a1, a2} {
		as := &index.Assignment{Topic: diplomacy, Article: a, Evidence: []string{"talks", "met"}, Hits: 2}
		a.Topics = append(a.Topics, as)
		diplomacy.Articles = append(diplomacy.Articles, as)
	}
	diplomacy.Main = []*index.CoParticipant{{Participant: council, Articles: 2}, {Participant: lavrov, Articles: 1}}
	a1.Related = []*index.Article{a2}
	a2.Related = []*index.Article{a1}

	return &index.Site{
		Articles:     []*index.Article{a1, a2},
		Participants: []*index.Participant{council, geneva, lavrov},
		Topics:       []*index.Topic{diplomacy, sanctions},
	}
}

var (
	hrefRe         = regexp.MustCompile(`\shref="([^"]*)"`)
	idRe           = regexp.MustCompile(`\sid="([^"]*)"`)
	h1Re           = regexp.MustCompile(`<h1[\s>]`)
	headingRe      = regexp.MustCompile(`<h([1-6])[\s>]`)
	emptyHeadingRe = regexp.MustCompile(`<h[1-6][^>]*>\s*</h[1-6]>`)
	emptyListRe    = regexp.MustCompile(`<(ul|ol|dl)[^>]*>\s*</(ul|ol|dl)>`)
	styleAttrRe    = regexp.MustCompile(`\sstyle=`)
	emptyLinkRe    = regexp.MustCompile(`<a\s[^>]*>\s*</a>`)
)

func TestRenderEveryPage(t *testing.T) {
	info := render.SiteInfo{Title: "Test briefing", Description: "A test of the theme.", Language: "en"}
	for _, base := range []string{"/", "https://example.org/briefing/"} {
		t.Run(base, func(t *testing.T) {
			router, err := pages.NewRouter(base)
			if err != nil {
				t.Fatal(err)
			}
			rd, err := render.New(os.DirFS("../.."), router, info)
			if err != nil {
				t.Fatal(err)
			}
			ps := pages.List(testSite(), router, info.Title, 10)

			// Every internal link must reach a page or an asset of the build.
			targets := map[string]bool{router.Href("style.css"): true, router.Href("syntax.css"): true, router.Href("search.js"): true, router.Href("search/index.js"): true}
			for _, p := range ps {
				targets[router.Href(p.Path)] = true
			}
			// The build writes the feeds beside the pages.
			feedFiles, err := feeds.Files(testSite(), router, feeds.Info{Title: info.Title}, ps)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range feedFiles {
				targets[router.Href(f.Path)] = true
			}
			kinds := map[pages.Kind]bool{}
			var buf bytes.Buffer
			for _, p := range ps {
				kinds[p.Kind] = true
				if err := rd.Render(&buf, p); err != nil {
					t.Fatalf("%s: %v", p.Path, err)
				}
				checkPage(t, router, targets, p, buf.String())
			}
			for _, k := range []pages.Kind{pages.Home, pages.ArticlePage, pages.Participants, pages.Participant, pages.Topics, pages.Topic, pages.NotFound} {
				if !kinds[k] {
					t.Errorf("no page of kind %s rendered", k)
				}
			}
		})
	}
}

// checkPage holds the rules every page of the theme follows.
func checkPage(t *testing.T, router pages.Router, targets map[string]bool, p *pages.Page, out string) {
	t.Helper()
	name := pages.File(p.Path)
	if !strings.HasPrefix(out, "<!doctype html>") {
		t.Errorf("%s: does not start with <!doctype html>: %.40q", name, out)
	}
	if n := len(h1Re.FindAllString(out, -1)); n != 1 {
		t.Errorf("%s: %d <h1> elements, want 1", name, n)
	}
	for _, bad := range []string{"<no value>", "ZgotmplZ", "<b>X</b>", "<style"} {
		if strings.Contains(out, bad) {
			t.Errorf("%s: contains %q", name, bad)
		}
	}
	// No inline script: besides one element of JSON-LD data (none on the
	// 404 page), only the search page loads scripts, from files.
	scripts, data, files := strings.Count(out, "<script"), strings.Count(out, `<script type="application/ld+json">`), strings.Count(out, `<script src="`)
	wantFiles := 0
	if p.Kind == pages.Search {
		wantFiles = 2
	}
	if scripts != data+files || (data != 1) != (p.Kind == pages.NotFound) || files != wantFiles {
		t.Errorf("%s: %d script elements, %d of them JSON-LD and %d from files", name, scripts, data, files)
	}
	if styleAttrRe.MatchString(out) {
		t.Errorf("%s: has an inline style attribute", name)
	}
	if m := emptyHeadingRe.FindString(out); m != "" {
		t.Errorf("%s: empty heading %q", name, m)
	}
	if m := emptyListRe.FindString(out); m != "" {
		t.Errorf("%s: empty list %q", name, m)
	}
	if m := emptyLinkRe.FindString(out); m != "" {
		t.Errorf("%s: link without text %q", name, m)
	}
	if !strings.Contains(out, `<main id="main"`) || !strings.Contains(out, `<nav class="site-nav" aria-label="Site">`) {
		t.Errorf("%s: missing the main landmark or the site navigation", name)
	}
	if !strings.Contains(out, "<title>") || strings.Contains(out, "<title></title>") {
		t.Errorf("%s: missing or empty <title>", name)
	}

	// Headings go down one level at a time from the h1.
	prev := 0
	for _, m := range headingRe.FindAllStringSubmatch(out, -1) {
		level, _ := strconv.Atoi(m[1])
		if level > prev+1 {
			t.Errorf("%s: <h%d> follows <h%d>", name, level, prev)
		}
		prev = level
	}

	ids := map[string]bool{}
	for _, m := range idRe.FindAllStringSubmatch(out, -1) {
		if ids[m[1]] {
			t.Errorf("%s: duplicate id %q", name, m[1])
		}
		ids[m[1]] = true
	}

	basePath := router.BasePath()
	for _, m := range hrefRe.FindAllStringSubmatch(out, -1) {
		href := strings.ReplaceAll(m[1], "&amp;", "&")
		if router.HasHost() && strings.HasPrefix(href, router.Absolute("")) {
			href = router.Href(strings.TrimPrefix(href, router.Absolute(""))) // the canonical link
		}
		switch {
		case href == "data:,": // the empty icon, so that no browser asks for /favicon.ico
		case strings.HasPrefix(href, "#"):
			if !ids[href[1:]] {
				t.Errorf("%s: link to missing fragment %q", name, href)
			}
		case strings.HasPrefix(href, "https://"):
			if href != originalURL && href != "https://maps.example.com/geneva" {
				t.Errorf("%s: unexpected external link %q", name, href)
			}
		case !strings.HasPrefix(href, basePath):
			t.Errorf("%s: link %q is outside the base path %q", name, href, basePath)
		case !targets[href]:
			t.Errorf("%s: broken internal link %q", name, href)
		}
	}
}

// renderPage renders the first page of kind k (and, when id is set, whose path
// contains it) with the root router.
func renderPage(t *testing.T, k pages.Kind, id string) string {
	t.Helper()
	router, err := pages.NewRouter("/")
	if err != nil {
		t.Fatal(err)
	}
	info := render.SiteInfo{Title: "Test briefing", Description: "A test of the theme.", Language: "en"}
	rd, err := render.New(os.DirFS("../.."), router, info)
	if err != nil {
		t.Fatal(err)
	}
	ps := pages.List(testSite(), router, info.Title, 10)
	i := slices.IndexFunc(ps, func(p *pages.Page) bool { return p.Kind == k && strings.Contains(p.Path, id) })
	if i < 0 {
		t.Fatalf("no %s page %q", k, id)
	}
	var buf bytes.Buffer
	if err := rd.Render(&buf, ps[i]); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestPageContent(t *testing.T) {
	tests := []struct {
		kind     pages.Kind
		id       string
		contains []string
	}{
		{pages.Home, "", []string{
			`<html lang="en">`,
			`<title>Test briefing</title>`,
			`<meta name="description" content="A test of the theme.">`,
			`<link rel="stylesheet" href="/style.css">`,
			`<link rel="stylesheet" href="/syntax.css">`,
			`<a class="skip-link" href="#main">`,
			`<p class="lede">A test of the theme.</p>`,
			`2 articles, 3 participants and 2 topics`,
			`<a href="/articles/talks-in-geneva/">Talks in Geneva &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</a>`,
			`<time datetime="2015-12-15">15 December 2015</time>`,
			`<span class="source">Example News</span>`,
			`<a href="/participants/b-x-b/">&lt;b&gt;X&lt;/b&gt;</a> <span class="badge badge-organization">Organization</span> <span class="count">2 articles</span>`,
			`<a href="/topics/diplomacy/">Diplomacy &amp; talks</a> <span class="count">2 articles</span>`,
			`<a href="/" aria-current="page">Home</a>`,
		}},
		{pages.ArticlePage, "talks-in-geneva", []string{
			`<title>Talks in Geneva &lt;script&gt;alert(1)&lt;/script&gt; &amp; more · Test briefing</title>`,
			`<meta name="description" content="Ministers met in Geneva.">`,
			`<h1>Talks in Geneva &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</h1>`,
			`<dt>Source</dt><dd>Example News</dd>`,
			`<dt>By</dt><dd>Jane Reporter</dd>`,
			`<dt>Published</dt><dd><time datetime="2015-12-15">15 December 2015</time></dd>`,
			`<dt>Dateline</dt><dd>GENEVA</dd>`,
			`<dt>Agency</dt><dd>AFP</dd>`,
			`<a href="https://news.example.com/2015/12/talks?id=1&amp;lang=en" rel="noopener external">Read the original at Example News</a>`,
			`<figure class="caption">`,
			`<figcaption><span class="caption-text">Ministers arrive for the talks.</span> <span class="credit"><span class="visually-hidden">Credit: </span>Photo Agency</span></figcaption>`,
			`<div class="article-body">` + "\n" + `<p>Sergei Lavrov met the council in <a href="https://maps.example.com/geneva">Geneva</a>.</p>`,
			`<a href="/participants/sergei-lavrov/">Sergei Lavrov</a> <span class="badge badge-person">Person</span> <span class="roles">Foreign Minister</span>`,
			`<a href="/topics/diplomacy/">Diplomacy &amp; talks</a> <span class="evidence">Matched “talks”, “met”</span>`,
			`<h2 id="side--related">Related coverage</h2>`,
			`<a href="/articles/undated-report/">An undated report</a>`,
		}},
		{pages.ArticlePage, "undated-report", []string{
			`<h1>An undated report</h1>`,
		}},
		{pages.Participants, "", []string{
			`<a href="#people">People</a> <span class="count">1</span>`,
			`<h2 id="organizations">Organizations</h2>`,
			`<h2 id="places">Places</h2>`,
			`<li><a href="/participants/geneva/">Geneva</a> <span class="count">1 article</span></li>`,
			`<a href="/participants/" aria-current="page">Participants</a>`,
		}},
		{pages.Participant, "sergei-lavrov", []string{
			`<title>Sergei Lavrov · Test briefing</title>`,
			`<h1>Sergei Lavrov</h1>`,
			`<dt>Kind</dt><dd>Person</dd>`,
			`<dt>Also written as</dt><dd><span class="alias">Lavrov</span></dd>`,
			`<span class="role">Foreign Minister</span> <span class="from">in <a href="/articles/talks-in-geneva/">`,
			`<p>Sergei <mark>Lavrov</mark> met the council in Geneva.</p>`,
			`<a href="/participants/b-x-b/">&lt;b&gt;X&lt;/b&gt;</a> <span class="badge badge-organization">Organization</span> <span class="count">1 shared article</span>`,
		}},
		{pages.Participant, "b-x-b", []string{
			`<title>&lt;b&gt;X&lt;/b&gt; · Test briefing</title>`,
			`<h1>&lt;b&gt;X&lt;/b&gt;</h1>`,
			`<p>Sergei Lavrov met the <mark>&lt;b&gt;X&lt;/b&gt;</mark> in Geneva.</p>`,
			`<p>The <mark>council</mark> spoke again.</p>`,
		}},
		{pages.Topics, "", []string{
			`<h2 class="item-title"><a href="/topics/diplomacy/">Diplomacy &amp; talks</a></h2>`,
			`<p>Meetings between governments.</p>`,
			`<p class="meta">No articles yet</p>`,
		}},
		{pages.Topic, "diplomacy", []string{
			`<h1>Diplomacy &amp; talks</h1>`,
			`<p class="lede">Meetings between governments.</p>`,
			`<p class="evidence">Matched “talks”, “met”</p>`,
			`<h2 id="main-participants">Main participants</h2>`,
			`<span class="count">2 articles</span>`,
		}},
		{pages.Topic, "sanctions", []string{
			`<h1>Sanctions</h1>`,
			`<p>None yet.</p>`,
		}},
		{pages.NotFound, "", []string{
			`<title>Page not found · Test briefing</title>`,
			`<a href="/">The home page</a>`,
			`<a href="/participants/">Participants</a>`,
			`<a href="/topics/">Topics</a>`,
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+"/"+tt.id, func(t *testing.T) {
			out := renderPage(t, tt.kind, tt.id)
			for _, want := range tt.contains {
				if !strings.Contains(out, want) {
					t.Errorf("missing %q", want)
				}
			}
			if t.Failed() {
				t.Logf("page:\n%s", out)
			}
		})
	}
}

// TestCaptionsNotBody checks captions and credits stay out of the body text.
func TestCaptionsNotBody(t *testing.T) {
	out := renderPage(t, pages.ArticlePage, "talks-in-geneva")
	body := out[strings.Index(out, `<div class="article-body">`):]
	if strings.Contains(body, "Photo Agency") || strings.Contains(body, "Ministers arrive") {
		t.Error("caption or credit inside the article body")
	}
	if strings.Contains(out, "<p>Photo Agency") || strings.Contains(out, "<p>Ministers arrive") {
		t.Error("caption or credit rendered as a body paragraph")
	}
}

// TestSubpathLinks checks that a site under a subpath links within it.
func TestSubpathLinks(t *testing.T) {
	router, err := pages.NewRouter("https://example.org/briefing/")
	if err != nil {
		t.Fatal(err)
	}
	rd, err := render.New(os.DirFS("../.."), router, render.SiteInfo{Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	ps := pages.List(testSite(), router, "T", 10)
	var buf bytes.Buffer
	if err := rd.Render(&buf, ps[0]); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`href="/briefing/style.css"`,
		`href="/briefing/syntax.css"`,
		`href="/briefing/participants/"`,
		`href="/briefing/articles/talks-in-geneva/"`,
		`<html lang="en">`, // the default when the site names no language
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("missing %q", want)
		}
	}
}
