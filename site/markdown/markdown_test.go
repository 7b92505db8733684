package markdown

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"briefing/site/article"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var reader = NewReader()

func mustRead(t *testing.T, src string) *article.Article {
	t.Helper()
	a, err := reader.Read("posts/p.md", []byte(src))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return a
}

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name, src string
		want      article.Article // only the metadata fields are compared
	}{
		{"yaml", "---\ntitle: Hello\ndate: 2024-05-06\ndraft: true\ntopics: [a, b]\nurl: https://example.com/x\n---\nBody.\n",
			article.Article{Title: "Hello", Date: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), Draft: true, Topics: []string{"a", "b"}, URL: "https://example.com/x"}},
		{"toml", "+++\ntitle = \"Hello\"\ndate = 2024-05-06\ndraft = true\ntopics = [\"a\", \"b\"]\nurl = \"https://example.com/x\"\n+++\nBody.\n",
			article.Article{Title: "Hello", Date: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), Draft: true, Topics: []string{"a", "b"}, URL: "https://example.com/x"}},
		{"yaml crlf and bom", "\ufeff---\r\ntitle: Hello\r\nauthor: Ann\r\n---\r\nBody.\r\n", article.Article{Title: "Hello", Author: "Ann"}},
		{"empty yaml", "---\n---\n# Heading title\n", article.Article{Title: "Heading title"}},
		{"empty toml", "+++\n+++\n# Heading title\n", article.Article{Title: "Heading title"}},
		{"no front matter", "# Just a heading\n\ntext\n", article.Article{Title: "Just a heading"}},
		{"closing fence at end of file", "---\ntitle: T\n---", article.Article{Title: "T"}},
		{"fence must be first line", "\n---\ntitle: T\n---\n# H\n", article.Article{Title: "H"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustRead(t, tt.src)
			got := article.Article{Title: a.Title, Date: a.Date, Draft: a.Draft, Topics: a.Topics, URL: a.URL, Author: a.Author}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			if a.ID != "p" || a.Path != "posts/p.md" || a.Format != article.Markdown {
				t.Errorf("ID, Path, Format = %q, %q, %q", a.ID, a.Path, a.Format)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unclosed yaml", "---\ntitle: x\n\nBody\n", []string{`posts/p.md:1: front matter: no closing "---"`}},
		{"unclosed toml", "+++\ntitle = 'x'\n---\n", []string{`posts/p.md:1: front matter: no closing "+++"`}},
		{"only a fence", "---", []string{`posts/p.md:1: front matter: no closing "---"`}},
		{"missing title", "Just text.\n\n## Not level one\n", []string{`posts/p.md:1: title: missing (add a title field or a "# heading")`}},
		{"missing title with front matter", "---\ndate: 2024-01-01\n---\ntext\n", []string{`posts/p.md:1: title: missing (add a title field or a "# heading")`}},
		{"yaml lines counted from the file", "---\ntitle: T\n\ntitel: x\ndraft: yes\n---\n", []string{
			`posts/p.md:4: titel: unknown field (did you mean "title"?)`,
			`posts/p.md:5: draft: expected true or false, got "yes"`,
		}},
		{"toml lines counted from the file", "+++\n# comment\ndate = 2024-02-31\nurl = 'javascript:alert(1)'\n+++\n# T\n", []string{
			`posts/p.md:3: date: cannot parse 2024-02-31 as a date (want YYYY-MM-DD or an RFC 3339 timestamp)`,
			`posts/p.md:4: url: "javascript:alert(1)" is not an absolute http or https URL`,
		}},
		{"yaml syntax", "---\ntitle: T\nsource: a: b\n---\n", []string{`posts/p.md:3: invalid YAML: mapping values are not allowed in this context`}},
		{"toml syntax", "+++\ntitle = 'T'\nslug = \n+++\n", []string{`posts/p.md:3: invalid TOML: unexpected character U+000A at start of value`}},
		{"meta errors and missing title together", "---\nslug: Bad Slug\n---\ntext\n", []string{
			`posts/p.md:1: title: missing (add a title field or a "# heading")`,
			`posts/p.md:2: slug: "Bad Slug": use only lowercase letters, digits and hyphens (try "bad-slug")`,
		}},
		{"bad title is not also missing", "---\ntitle: [a]\n---\ntext\n", []string{`posts/p.md:2: title: expected a string, got a list`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := reader.Read("posts/p.md", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; article %+v", a)
			}
			if a != nil {
				t.Errorf("article not nil on error")
			}
			var es article.Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %T, want article.Errors: %v", err, err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestNotUTF8(t *testing.T) {
	_, err := reader.Read("p.md", []byte("# T\n\n\xff\n"))
	if err == nil || !strings.Contains(err.Error(), "p.md:3:") {
		t.Errorf("err = %v, want textnorm's error at line 3", err)
	}
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // substrings of HTML
		not        []string // must not appear
	}{
		{"table", "| a | b |\n|---|--:|\n| 1 | 2 |\n", []string{"<table>", "<th>a</th>", `<td class="align-right">2</td>`}, []string{"style="}},
		{"strikethrough", "~~gone~~", []string{"<del>gone</del>"}, nil},
		{"autolink", "see https://example.com/x and www.example.org.", []string{`<a href="https://example.com/x">https://example.com/x</a>`, `<a href="http://www.example.org">www.example.org</a>`}, nil},
		{"task list", "- [x] done\n- [ ] todo\n", []string{`<input checked="" disabled="" type="checkbox"> done`, `<input disabled="" type="checkbox"> todo`}, nil},
		{"footnotes", "Claim.[^n]\n\n[^n]: Source.\n", []string{`<a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a>`, `<li id="fn:1">`, "Source."}, nil},
		{"typographer", `"Quoted" -- it's... done --- ok <<x>>`, []string{"“Quoted” – it’s… done — ok"}, []string{"&ldquo;"}},
		{"heading ids", "## The Start\n\n## The Start\n\n### Ünïcode title\n", []string{`<h3 id="the-start">`, `<h3 id="the-start-1">`, `<h4 id="ünïcode-title">`}, nil},
		{"heading id punctuation", "## What's *new* -- in 2024?\n\n## ?!\n", []string{`<h3 id="whats-new-in-2024">`, `<h3 id="section">`}, nil},
		{"html block escaped", "<script>alert(1)</script>\n", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script"}},
		{"multi-line html block", "<div onclick=\"x()\">\n*hi*\n</div>\n", []string{"&lt;div onclick=&quot;x()&quot;&gt;\n*hi*\n&lt;/div&gt;"}, []string{"<div"}},
		{"html comment", "<!-- secret -->\n", []string{"&lt;!-- secret --&gt;"}, []string{"<!--"}},
		{"inline html escaped", "a <img src=x onerror=alert(1)> b <b>c</b>", []string{"a &lt;img src=x onerror=alert(1)&gt; b &lt;b&gt;c&lt;/b&gt;"}, []string{"<img", "<b>"}},
		{"javascript link", "[click](javascript:alert(1))", []string{"<p>click</p>"}, []string{"<a", "javascript"}},
		{"javascript link mixed case", "[click](JaVaScRiPt:alert(1))", []string{"<p>click</p>"}, []string{"<a"}},
		{"javascript link entity", "[click](&#106;avascript:alert(1))", []string{"<p>click</p>"}, []string{"<a"}},
		{"javascript link tab", "[click](<java\tscript:alert(1)>)", []string{"<p>click</p>"}, []string{"<a"}},
		{"vbscript reference link", "[click][r]\n\n[r]: vbscript:msgbox(1)\n", []string{"<p>click</p>"}, []string{"<a"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", []string{"<p>x</p>"}, []string{"<a"}},
		{"data image", "![alt](data:image/svg+xml;base64,PHN2Zz4=)", []string{"<p>alt</p>"}, []string{"<img"}},
		{"javascript autolink", "<javascript:alert(1)>", []string{"<p>javascript:alert(1)</p>"}, []string{"<a"}},
		{"nested emphasis kept", "[*em* text](javascript:x)", []string{"<p><em>em</em> text</p>"}, []string{"<a"}},
		{"safe links live", "[a](https://example.com) [b](/rel/path) [c](#frag) [d](mailto:x@example.com) [e](page.html?q=a:b)",
			[]string{`<a href="https://example.com">a</a>`, `<a href="/rel/path">b</a>`, `<a href="#frag">c</a>`, `<a href="mailto:x@example.com">d</a>`, `<a href="page.html?q=a:b">e</a>`}, nil},
		{"code highlighted", "```go\nfunc main() {}\n```\n", []string{`<pre class="chroma">`, `<span class="kd">func</span>`, `<span class="nf">main</span>`}, []string{"style="}},
		{"code unknown language", "```nosuchlang\n<b>&x\n```\n", []string{"<pre><code class=\"language-nosuchlang\">&lt;b&gt;&amp;x\n</code></pre>"}, []string{"chroma"}},
		{"code no language", "```\n<b>\n```\n", []string{"<pre><code>&lt;b&gt;\n</code></pre>"}, []string{"chroma"}},
		{"code language escaped", "```\"><script>\nx\n```\n", nil, []string{"<script"}},
		{"indented code", "    <b>\n", []string{"<pre><code>&lt;b&gt;\n</code></pre>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustRead(t, "---\ntitle: T\n---\n"+tt.body)
			html := string(a.HTML)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q:\n%s", w, html)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(html, n) {
					t.Errorf("HTML has %q:\n%s", n, html)
				}
			}
		})
	}
}

func TestTitle(t *testing.T) {
	a := mustRead(t, "Intro.\n\n# The *Real* Title\n\nBody.\n\n# Second\n")
	if a.Title != "The Real Title" {
		t.Errorf("Title = %q", a.Title)
	}
	if strings.Contains(string(a.HTML), "Real") || !strings.Contains(string(a.HTML), `<h2 id="second">Second</h2>`) {
		t.Errorf("title heading not removed, or the other kept:\n%s", a.HTML)
	}
	for _, b := range a.Blocks {
		if strings.Contains(b.Text, "Real") {
			t.Errorf("title heading in Blocks: %+v", b)
		}
	}

	a = mustRead(t, "---\ntitle: Given\n---\n# Heading\n")
	if a.Title != "Given" || !strings.Contains(string(a.HTML), "<h2") || len(a.Blocks) != 1 {
		t.Errorf("with a title field the heading stays: %q %q %+v", a.Title, a.HTML, a.Blocks)
	}

	a = mustRead(t, "Setext Title\n============\n\ntext\n")
	if a.Title != "Setext Title" {
		t.Errorf("setext Title = %q", a.Title)
	}
}

func TestBlocks(t *testing.T) {
	src := "---\ntitle: T\n---\n" + // lines 1-3
		"# Heading one\n" + // 4
		"\n" +
		"Para *one*\nwraps `co de` &amp; \\*x\\*.\n" + // 6
		"\n" +
		"> Quoted\n> line.\n>\n> Second para.\n" + // 9
		"\n" +
		"1. first\n" + // 14
		"2. second\n   - nested\n" + // 15, 16
		"\n" +
		"```python\nprint(1)\n```\n" + // 18
		"\n" +
		"| h1 | h2 |\n|----|----|\n| c1 | c2 |\n" + // 22, 24
		"\n" +
		"---\n" + // 26: thematic break, no block
		"\n" +
		"Footnote ref[^1].\n" + // 28
		"\n" +
		"[^1]: Note *text*.\n" // 30
	a := mustRead(t, src)
	want := []article.Block{
		{Kind: article.Heading, Text: "Heading one", Line: 4},
		{Kind: article.Paragraph, Text: "Para one wraps co de & *x*.", Line: 6},
		{Kind: article.Quote, Text: "Quoted line.\nSecond para.", Line: 9},
		{Kind: article.ListItem, Text: "first", Line: 14},
		{Kind: article.ListItem, Text: "second", Line: 15},
		{Kind: article.ListItem, Text: "nested", Line: 16},
		{Kind: article.Code, Text: "print(1)", Line: 18},
		{Kind: article.Paragraph, Text: "h1 | h2", Line: 22},
		{Kind: article.Paragraph, Text: "c1 | c2", Line: 24},
		{Kind: article.Paragraph, Text: "Footnote ref.", Line: 28},
		{Kind: article.Paragraph, Text: "Note text.", Line: 30},
	}
	if !reflect.DeepEqual(a.Blocks, want) {
		t.Errorf("Blocks:\n%s\nwant:\n%s", dumpBlocks(a.Blocks), dumpBlocks(want))
	}
}

func TestStylesheet(t *testing.T) {
	css := Stylesheet()
	for _, w := range []string{".chroma {", ".chroma .k {", "@media (prefers-color-scheme: dark) {\n"} {
		if !bytes.Contains(css, []byte(w)) {
			t.Errorf("stylesheet lacks %q", w)
		}
	}
	light, dark, _ := bytes.Cut(css, []byte("@media"))
	if !bytes.Contains(light, []byte(".chroma .kd {")) || !bytes.Contains(dark, []byte(".chroma .kd {")) {
		t.Errorf("keyword rule missing from the light or the dark part")
	}
	css[0] = 'X' // callers get their own copy
	if !bytes.Equal(Stylesheet(), Stylesheet()) || Stylesheet()[0] == 'X' {
		t.Errorf("Stylesheet is not stable")
	}
	golden(t, "testdata/stylesheet.css", Stylesheet()) // the same bytes from run to run
}

func TestConcurrentRead(t *testing.T) {
	src := []byte("# T\n\n```go\nx := 1\n```\n\nText[^1].\n\n[^1]: n\n")
	want := mustRead(t, string(src))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				a, err := reader.Read("posts/p.md", src)
				if err != nil || a.HTML != want.HTML {
					t.Errorf("concurrent Read differs: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestGolden reads testdata/*.md and compares a dump of each article with
// the .golden file beside it. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no testdata/*.md")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var out string
			a, err := reader.Read(filepath.ToSlash(f), src)
			if err != nil {
				out = "error:\n" + err.Error() + "\n"
			} else {
				out = dumpArticle(a)
			}
			golden(t, strings.TrimSuffix(f, ".md")+".golden", []byte(out))
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func dumpArticle(a *article.Article) string {
	var b strings.Builder
	fmt.Fprintf(&b, "id: %s\ntitle: %s\n", a.ID, a.Title)
	for _, f := range []struct{ k, v string }{
		{"slug", a.Slug}, {"source", a.Source}, {"url", a.URL}, {"summary", a.Summary}, {"author", a.Author},
		{"participants", strings.Join(a.Participants, "; ")}, {"exclude", strings.Join(a.Exclude, "; ")}, {"topics", strings.Join(a.Topics, "; ")},
	} {
		if f.v != "" {
			fmt.Fprintf(&b, "%s: %s\n", f.k, f.v)
		}
	}
	if !a.Date.IsZero() {
		fmt.Fprintf(&b, "date: %s\n", a.Date.Format(time.RFC3339))
	}
	if a.Draft {
		b.WriteString("draft: true\n")
	}
	b.WriteString("-- blocks --\n")
	b.WriteString(dumpBlocks(a.Blocks))
	b.WriteString("-- html --\n")
	b.WriteString(string(a.HTML))
	return b.String()
}

func dumpBlocks(bs []article.Block) string {
	var b strings.Builder
	for _, bl := range bs {
		fmt.Fprintf(&b, "%d %s %q\n", bl.Line, bl.Kind, bl.Text)
	}
	return b.String()
}

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	for _, s := range []string{"---\ntitle: x\n---\n", "+++\n+++\n# a", "# a\n\n<script>", "[x](javascript:y)", "```go\n", "---",
		"# t\n[a](java&#x73;cript:x) [b](&#x6A;avascript:x) ![c](data:image/svg+xml,x) <javascript:x> [d][r]\n\n[r]: vbscript:x",
		"# t\n<a href=\"javascript:x\" onclick=\"x\">a</a> <img src=x onerror=x> <style>x</style>\n\n<iframe src=x></iframe>",
		"---\nslug: ../x\n---\n# t\nwww.example.com x@example.org [f]\n\n[^1]: note\n\n- [ ] task\n\n| a |\n|:-:|\n| b |"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := reader.Read("f.md", src)
		a2, err2 := reader.Read("f.md", src)
		if !reflect.DeepEqual(a, a2) || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("not deterministic: %v then %v", err, err2)
		}
		last := 1 + lineBreaks(string(src))
		if err != nil {
			if a != nil {
				t.Fatal("article and error")
			}
			var es article.Errors
			if errors.As(err, &es) {
				for _, e := range es {
					if e.Path != "f.md" || e.Line < 1 || e.Line > last || e.Msg == "" {
						t.Fatalf("bad error %+v (file of %d lines)", e, last)
					}
				}
			}
			return
		}
		if a.Title == "" {
			t.Fatal("no title and no error")
		}
		if a.Slug != "" && (strings.ContainsAny(a.Slug, "/\\.") || a.Slug != strings.TrimSpace(a.Slug)) {
			t.Fatalf("slug %q accepted", a.Slug)
		}
		html := strings.ToLower(string(a.HTML))
		for _, bad := range []string{"<script", `href="javascript:`, `href="vbscript:`, `href="data:`, `src="javascript:`, `src="data:`} {
			if strings.Contains(html, bad) {
				t.Fatalf("live %s in %q", bad, a.HTML)
			}
		}
		if why := unsafeHTML(string(a.HTML)); why != "" {
			t.Fatalf("%s in %q", why, a.HTML)
		}
		prev := 0
		for _, b := range a.Blocks {
			if b.Line < 1 || b.Line > last || b.Text == "" {
				t.Fatalf("bad block %+v (file of %d lines)", b, last)
			}
			if b.Line < prev {
				t.Fatalf("block lines out of order: %d after %d", b.Line, prev)
			}
			prev = b.Line
		}
	})
}

// lineBreaks counts the line breaks of src as any of the parsers may:
// "\r\n", "\r", "\n", NEL, LS and PS.
func lineBreaks(src string) int {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	return strings.Count(src, "\n") + strings.Count(src, "\r") + strings.Count(src, "\u0085") +
		strings.Count(src, "\u2028") + strings.Count(src, "\u2029")
}

// unsafeHTML reads rendered HTML as a browser would and reports the first
// thing in it that could run script or load from another origin by scheme:
// an element that must never come from an article, an event handler or
// style attribute, or a link or source whose scheme is not http, https,
// mailto or tel. It returns "" when there is none.
func unsafeHTML(s string) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return ""
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
				"meta", "link", "svg", "math", "template", "textarea", "noscript", "title":
				return "element <" + tok.Data + ">"
			}
			for _, at := range tok.Attr {
				k := strings.ToLower(at.Key)
				switch {
				case strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" || k == "action" || k == "formaction":
					return "attribute " + k + " on <" + tok.Data + ">"
				case k == "href" || k == "src" || k == "xlink:href" || k == "poster" || k == "cite" || k == "data":
					if u := strings.ToLower(strings.Map(func(r rune) rune {
						if r <= ' ' || r == 0x7f {
							return -1
						}
						return r
					}, at.Val)); hasBadScheme(u) {
						return fmt.Sprintf("%s=%q on <%s>", k, at.Val, tok.Data)
					}
				}
			}
		}
	}
}

// hasBadScheme reports whether the URL u (lower case, without white space)
// has a scheme other than http, https, mailto and tel.
func hasBadScheme(u string) bool {
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return false
	}
	switch u[:i] {
	case "http", "https", "mailto", "tel":
		return false
	}
	return true
}

func BenchmarkRead(b *testing.B) {
	src, err := os.ReadFile("testdata/features.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := reader.Read("features.md", src); err != nil {
			b.Fatal(err)
		}
	}
}
