package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"briefing/site/article"
	"briefing/site/extract"
	"briefing/site/index"
	"briefing/site/pages"
)

// ldStrings are strings that test the escaping of JSON in a script element.
var ldStrings = func() []string {
	list := []string{
		"", "plain", "Talks in Geneva", "https://example.org/a?b=1&c=2#d",
		"</script>", "</SCRIPT >", "<script>alert(1)</script>", "<!--", "-->", "<!-- x -->",
		"]]>", "<![CDATA[x]]>", "<b>X</b>", "a&b<c>d", "&amp;&lt;&#x3c;",
		`"`, `""`, `'`, `\`, `\\`, `\"`, `\u003c`, `\u2028`, "\\\x00",
		"\x7f", "a\x7fb", "\u2028", "\u2029", "a\u2028b\u2029c", "\u2027\u202a",
		"\xff", "\xfe\xff", "\xc3", "\xc3(", "a\xc3", "\xe2\x80", "\xe2\x80\xa8\xe2\x80",
		"\xe2\x28\xa1", "\xf0\x9f\x98", "\xf0\x9f\x98a", "\xed\xa0\x80", "\xc0\xaf", "\xc1\xbf",
		"\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\x80", "\xbf\x80",
		"😀", "👩‍👩‍👧", "🇺🇳", "e\u0301", "\u0301", "\u0301\u0301\u0301x", "\ufffd", "\ufeff",
		"\u0085", "\u00a0", "\u200b", "\u202e", "\U0010ffff", "\U0001f600</script>",
		"Ça va\tet\nvous\r?", "line1\r\nline2", "\b\f", "$", "_x", "9",
		"Sergei Lavrov", "Заголовок", "東京", "مرحبا",
		strings.Repeat("<", 100), strings.Repeat("é", 300),
	}
	for c := range 0x20 {
		list = append(list, string(rune(c)), "x"+string(rune(c))+"y")
	}
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	list = append(list, string(all))
	return list
}()

// marshalLD is what html/template's JS escaper made of a value: its
// encoding/json encoding.
func marshalLD(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkLD compares appendJSON with json.Marshal for a graph and checks
// that the JSON can sit in a script element.
func checkLD(t testing.TB, g ldGraph) {
	t.Helper()
	got, want := string(g.appendJSON(nil)), marshalLD(t, g)
	if got != want {
		t.Fatalf("appendJSON differs from json.Marshal:\n got %s\nwant %s", got, want)
	}
	// Appending to a non-empty buffer keeps what it holds.
	if got := string(g.appendJSON([]byte("prefix"))); got != "prefix"+want {
		t.Fatalf("appendJSON to a buffer = %s", got)
	}
	if strings.ContainsAny(got, "<>&") {
		t.Fatalf("JSON holds <, > or &: %s", got)
	}
}

// ldAll returns a graph with every field of every node set, to s where a
// string goes.
func ldAll(s string, n int) ldGraph {
	th := ldThing{Type: s, Name: s, URL: s, AlternateName: []string{s, "", s}, JobTitle: s, Description: s}
	return ldGraph{Context: s, Graph: []ldNode{
		ldArticle{Type: s, Headline: s, Description: s, URL: s, MainEntityOfPage: s, DatePublished: s,
			Author: []ldThing{th}, Publisher: &th, IsBasedOn: s, About: []ldThing{th, {Type: s}}, Mentions: []ldThing{{}, th}},
		th,
		ldBreadcrumbs{Type: s, Items: []ldCrumb{{Type: s, Position: n, Name: s, Item: s}, {}}},
	}}
}

// TestJSONLDStrings compares appendJSON with json.Marshal for graphs that
// hold each hostile string in every field.
func TestJSONLDStrings(t *testing.T) {
	for _, s := range ldStrings {
		checkLD(t, ldAll(s, len(s)))
	}
}

// TestJSONLDShapes compares appendJSON with json.Marshal for empty and nil
// fields, lists and pointers.
func TestJSONLDShapes(t *testing.T) {
	for _, g := range []ldGraph{
		{},
		{Graph: []ldNode{}},
		{Graph: []ldNode{nil}},
		{Context: "https://schema.org", Graph: []ldNode{ldThing{}, ldArticle{}, ldBreadcrumbs{}, ldCrumb{}}},
		{Graph: []ldNode{ldThing{AlternateName: []string{}}, ldThing{AlternateName: []string{""}}}},
		{Graph: []ldNode{ldArticle{Author: []ldThing{}, About: []ldThing{}, Mentions: []ldThing{}}}},
		{Graph: []ldNode{ldArticle{Publisher: nil}, ldArticle{Publisher: &ldThing{}}}},
		{Graph: []ldNode{ldBreadcrumbs{Items: []ldCrumb{}}, ldBreadcrumbs{Items: nil}}},
		{Graph: []ldNode{ldBreadcrumbs{Items: []ldCrumb{{Position: 0}, {Position: -1}, {Position: math.MaxInt}, {Position: math.MinInt}}}}},
	} {
		checkLD(t, g)
	}
}

// TestJSONLDRandom compares appendJSON with json.Marshal for random graphs
// made of hostile strings, random bytes and random runes.
func TestJSONLDRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	str := func() string {
		switch rng.IntN(4) {
		case 0:
			return ldStrings[rng.IntN(len(ldStrings))]
		case 1:
			b := make([]byte, rng.IntN(20))
			for i := range b {
				b[i] = byte(rng.IntN(256))
			}
			return string(b)
		case 2:
			var sb strings.Builder
			for range rng.IntN(20) {
				sb.WriteRune(rune(rng.IntN(0x110000)))
			}
			return sb.String()
		}
		var sb strings.Builder
		for range rng.IntN(4) {
			sb.WriteString(ldStrings[rng.IntN(len(ldStrings))])
		}
		return sb.String()
	}
	opt := func() string {
		if rng.IntN(2) == 0 {
			return ""
		}
		return str()
	}
	strs := func() []string {
		switch rng.IntN(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		var l []string
		for range 1 + rng.IntN(3) {
			l = append(l, opt())
		}
		return l
	}
	thing := func() ldThing {
		return ldThing{Type: opt(), Name: opt(), URL: opt(), AlternateName: strs(), JobTitle: opt(), Description: opt()}
	}
	things := func() []ldThing {
		switch rng.IntN(3) {
		case 0:
			return nil
		case 1:
			return []ldThing{}
		}
		var l []ldThing
		for range 1 + rng.IntN(4) {
			l = append(l, thing())
		}
		return l
	}
	node := func() ldNode {
		switch rng.IntN(4) {
		case 0:
			return thing()
		case 1:
			a := ldArticle{Type: opt(), Headline: opt(), Description: opt(), URL: opt(), MainEntityOfPage: opt(),
				DatePublished: opt(), Author: things(), IsBasedOn: opt(), About: things(), Mentions: things()}
			if rng.IntN(2) == 0 {
				th := thing()
				a.Publisher = &th
			}
			return a
		case 2:
			b := ldBreadcrumbs{Type: opt()}
			if rng.IntN(4) > 0 {
				b.Items = []ldCrumb{}
			}
			for range rng.IntN(4) {
				b.Items = append(b.Items, ldCrumb{Type: opt(), Position: int(rng.Int64()) >> rng.IntN(64), Name: opt(), Item: opt()})
			}
			return b
		}
		return nil
	}
	for range 5000 {
		g := ldGraph{Context: opt()}
		if rng.IntN(5) > 0 {
			g.Graph = []ldNode{}
		}
		for range rng.IntN(4) {
			g.Graph = append(g.Graph, node())
		}
		checkLD(t, g)
	}
}

// execute runs a template on data.
func execute(t testing.TB, tmpl *template.Template, data any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// ldScript writes a value in a JSON-LD script element, the way the layout does.
var ldScript = template.Must(template.New("ld").Parse(`<script type="application/ld+json">{{.}}</script>`))

// TestJSONLDScriptElement checks that html/template writes the same script
// element for a graph and for the template.JS of its appendJSON.
func TestJSONLDScriptElement(t *testing.T) {
	for _, s := range ldStrings {
		g := ldAll(s, 1)
		old, now := execute(t, ldScript, g), execute(t, ldScript, template.JS(g.appendJSON(nil)))
		if old != now {
			t.Fatalf("for %q:\n got %s\nwant %s", s, now, old)
		}
	}
}

// ldSite is a small site whose text is hostile to a script element.
func ldSite() *index.Site {
	a1 := &index.Article{Slug: "talks", Article: &article.Article{
		ID: "talks", Title: "Talks </script><!-- & \u2028 \"more\"", Summary: "A \\ summary\x01 ]]>",
		Date: time.Date(2015, 12, 15, 0, 0, 0, 0, time.UTC), Source: "News <&>", URL: "https://news.example.com/?a=1&b=<2>",
		Author: "Jane \xff Reporter",
	}}
	a2 := &index.Article{Slug: "undated", Article: &article.Article{ID: "undated", Title: "Undated\u2029", Source: "Wire"}}
	a3 := &index.Article{Slug: "bare", Article: &article.Article{ID: "bare", Title: ""}}
	site := &index.Site{Articles: []*index.Article{a1, a2, a3}}
	kinds := []extract.Kind{extract.Person, extract.Organization, extract.Place}
	for i, name := range []string{"Sergei </script> Lavrov", "<b>X</b>", "Genève\u0301", "😀 & co", "Tab\there", "Sixth"} {
		p := &index.Participant{ID: "p" + string(rune('a'+i)), Key: name, Name: name, Kind: kinds[i%3],
			Aliases: []string{"alias <" + name + ">"}, Mentions: i}
		if i == 1 {
			p.Aliases = nil
		}
		for j, a := range site.Articles[:2] {
			ap := &index.Appearance{Participant: p, Article: a, Mentions: 1 + (i*7+j)%4}
			p.Articles = append(p.Articles, ap)
			a.Participants = append(a.Participants, ap)
			if p.Kind == extract.Person {
				p.Roles = append(p.Roles, index.Role{Title: "Minister <&> " + name, Article: a})
			}
		}
		site.Participants = append(site.Participants, p)
	}
	return site
}

// TestJSONLDPages checks that every page of a site gets the script element
// html/template wrote for its ldGraph value.
func TestJSONLDPages(t *testing.T) {
	for _, base := range []string{"/", "https://example.org/<b>&amp;/"} {
		for _, title := range []string{"", "Test </script> briefing"} {
			router, err := pages.NewRouter(base)
			if err != nil {
				t.Fatal(err)
			}
			rd, err := New(os.DirFS("../.."), router, SiteInfo{Title: title, Description: "A <test> & \u2028 of the theme."})
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[pages.Kind]bool{}
			for _, p := range pages.List(ldSite(), router, title, 2) {
				kinds[p.Kind] = true
				g := rd.ldData(p)
				checkLD(t, g)
				old, now := execute(t, ldScript, g), execute(t, ldScript, rd.jsonLD(p))
				if old != now {
					t.Fatalf("%s:\n got %s\nwant %s", p.Path, now, old)
				}
			}
			for _, k := range []pages.Kind{pages.Home, pages.ArticlePage, pages.Participant, pages.Articles} {
				if !kinds[k] {
					t.Errorf("no page of kind %s", k)
				}
			}
		}
	}
}

// FuzzJSONLD compares appendJSON with json.Marshal for graphs of fuzzed
// strings and numbers.
func FuzzJSONLD(f *testing.F) {
	for i, s := range ldStrings {
		f.Add(s, ldStrings[(i*7)%len(ldStrings)], i)
	}
	f.Fuzz(func(t *testing.T, s, u string, n int) {
		checkLD(t, ldAll(s, n))
		th := ldThing{Type: u, Name: s, AlternateName: []string{u}, Description: s + u}
		checkLD(t, ldGraph{Context: u, Graph: []ldNode{
			ldArticle{Type: "NewsArticle", Headline: s, URL: u, MainEntityOfPage: u, Author: []ldThing{th}, Mentions: []ldThing{th, th}},
			ldBreadcrumbs{Type: "BreadcrumbList", Items: []ldCrumb{{Type: "ListItem", Position: n, Name: u, Item: s}}},
		}})
	})
}

// benchArticlePage returns an article page with n participants, of a site
// with an absolute base URL.
func benchArticlePage(b *testing.B, n int) (*Renderer, *pages.Page) {
	b.Helper()
	router, err := pages.NewRouter("https://example.org/briefing/")
	if err != nil {
		b.Fatal(err)
	}
	rd, err := New(os.DirFS("../.."), router, SiteInfo{Title: "Test briefing", Description: "A test of the theme."})
	if err != nil {
		b.Fatal(err)
	}
	a := &index.Article{Slug: "talks-in-geneva-over-the-ceasefire", Article: &article.Article{
		Title:   "Foreign ministers meet in Geneva for talks on the ceasefire & aid",
		Summary: "Ministers met in Geneva on Tuesday to discuss a ceasefire, humanitarian aid and the return of refugees.",
		Date:    time.Date(2015, 12, 15, 0, 0, 0, 0, time.UTC),
		Source:  "Example News",
		Author:  "Jane Reporter",
		URL:     "https://news.example.com/2015/12/talks?id=1&lang=en",
	}}
	kinds := []extract.Kind{extract.Person, extract.Organization, extract.Place}
	for i := range n {
		p := &index.Participant{ID: fmt.Sprintf("participant-number-%d", i), Name: fmt.Sprintf("Participant Number %d", i), Kind: kinds[i%3]}
		a.Participants = append(a.Participants, &index.Appearance{Participant: p, Article: a, Mentions: 1 + i%4})
	}
	return rd, &pages.Page{Kind: pages.ArticlePage, Path: router.Path(pages.ArticlePage, a.Slug), Title: a.Title, Article: a}
}

// BenchmarkJSONLD renders the JSON-LD script element of an article page.
func BenchmarkJSONLD(b *testing.B) {
	rd, p := benchArticlePage(b, 12)
	t := template.Must(template.New("ld").Funcs(template.FuncMap{"jsonLD": rd.jsonLD}).
		Parse(`<script type="application/ld+json">{{jsonLD .}}</script>`))
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := t.Execute(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
