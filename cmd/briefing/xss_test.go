package main

// Content never runs: titles, names, quotes, captions and bodies come from
// strangers, and whatever they hold must reach every output as text.
//
// testdata/xss is a content folder of clippings (with a sidecar) and
// Markdown articles whose every field carries script payloads: <script>
// tags, event handler attributes, broken-out attribute quotes, javascript:
// and data: links, <svg onload>, <iframe srcdoc>, </script> and <!-- inside
// text that ends up in JSON-LD and the search index, ]]> for the Atom
// feeds, U+2028 and U+2029, template actions, backticks and ${}. Each
// payload tries to set window.__xss, open an alert or set document.title to
// "pwned".
//
//   - TestXSSOutput (no browser) builds the corpus with an absolute base
//     URL and reads the files as a machine would: the feeds, the JSON
//     export, the JSON-LD blocks and the search index parse, and give the
//     payloads back as the text they were; no page holds an element or
//     attribute that could run them.
//   - TestXSSBrowser serves that build and visits every HTML page in
//     Chromium, then searches for the payloads on the search page: nothing
//     runs, no dialog opens, and the pages' Content-Security-Policy reports
//     no violation, which would mean that something tried to run.
//   - TestXSSServe does the same through `briefing serve`, whose live
//     reload script and error overlay must work under the policy.
//   - TestXSSURLRejected: an article's url field that is not an absolute
//     http or https URL fails the build.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// xssCorpus is the payload content folder.
const xssCorpus = "testdata/xss"

// xssBase is the base URL of the payload builds: with a host, so that the
// feeds and the absolute URLs of the JSON-LD are made.
const xssBase = "https://example.org/"

// xssArticle is what the corpus says of an article, as it must come back.
type xssArticle struct {
	title  string
	author string // the feeds' author: the byline, else the source
}

// xssArticles are the corpus's articles, by id.
var xssArticles = map[string]xssArticle{
	"vienna-script-title": {
		title:  `<script>window.__xss=1</script> Ministers meet in Vienna <img src=x onerror=alert(1)>`,
		author: `' onfocus='alert(1)' autofocus='x`,
	},
	"breakout-json": {
		title:  "Envoys talk in Oslo \u2028\u2029 </script><script>window.__xss=1</script> <!-- -->",
		author: `Kari Dahl </script><script>document.title='pwned'</script>`,
	},
	"caption-clip": {
		title:  `<svg onload=window.__xss=1> Envoys meet in Geneva`,
		author: `"><script>window.__xss=1</script>`,
	},
	"plain-clip": {
		title: `Talks resume in Rome after </script><script>window.__xss=1</script> delay`,
	},
}

// xssParticipants are participants whose names are payloads: they must have
// pages of their own, with the name as their heading.
var xssParticipants = []string{
	`<img src=x onerror=alert(1)> Jane Doe`,
	`<svg onload=alert(1)> Maria Costa`,
	`Tomas Lind </script><script>window.__xss=1</script>`,
}

// buildXSS builds the payload corpus with base URL xssBase and returns the
// folder of the site.
func buildXSS(t testing.TB) string {
	t.Helper()
	src := t.TempDir()
	copyDir(t, xssCorpus, filepath.Join(src, "seeds"))
	dest := filepath.Join(t.TempDir(), "public")
	if out, err := exec.Command(briefingBin(t), "build", "--quiet", "--source", src, "--destination", dest, "--base-url", xssBase).CombinedOutput(); err != nil {
		t.Fatalf("briefing build of %s: %v\n%s", xssCorpus, err, out)
	}
	return dest
}

// sitePages returns the URL path of every HTML page under dir ("/",
// "/articles/x/", "/404.html"), sorted.
func sitePages(t testing.TB, dir string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		u := "/" + filepath.ToSlash(rel)
		if path.Base(u) == "index.html" {
			u = strings.TrimSuffix(u, "index.html")
		}
		pages = append(pages, u)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(pages)
	return pages
}

// pageFile is the file of the page at URL path u under dir.
func pageFile(dir, u string) string {
	if strings.HasSuffix(u, "/") {
		u += "index.html"
	}
	return filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(u, "/")))
}

// exportEntry is an article or participant of the JSON export.
type exportEntry struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Name  string `json:"name"`
}

// readExport reads data/<name>.json of the site in dir.
func readExport(t testing.TB, dir, name string) []exportEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "data", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var list []exportEntry
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatalf("data/%s.json: %v", name, err)
	}
	return list
}

// headings maps the URL path of every article and participant page of the
// site in dir to the text its <h1> must show: the title or the name, as
// written in the corpus. It checks that the export has every article and
// payload participant of the corpus, as written.
func headings(t testing.TB, dir string) map[string]string {
	t.Helper()
	h1 := map[string]string{}
	seen := map[string]bool{}
	for _, a := range readExport(t, dir, "articles") {
		want, ok := xssArticles[a.ID]
		if !ok {
			t.Errorf("data/articles.json: article %q is not in the corpus", a.ID)
		} else if a.Title != want.title {
			t.Errorf("data/articles.json: %s: title %q, want %q", a.ID, a.Title, want.title)
		}
		seen[a.ID] = true
		h1[a.URL] = a.Title
	}
	for id := range xssArticles {
		if !seen[id] {
			t.Errorf("data/articles.json lacks the article %s", id)
		}
	}
	names := map[string]bool{}
	for _, p := range readExport(t, dir, "participants") {
		h1[p.URL] = p.Name
		names[p.Name] = true
	}
	for _, n := range xssParticipants {
		if !names[n] {
			t.Errorf("data/participants.json lacks the participant %q", n)
		}
	}
	return h1
}

// TestXSSOutput reads the files of the payload build: every format gives
// the payloads back as text, and no page holds anything that could run.
func TestXSSOutput(t *testing.T) {
	dir := buildXSS(t)
	h1 := headings(t, dir)

	t.Run("pages", func(t *testing.T) {
		pages := sitePages(t, dir)
		if len(pages) < 20 {
			t.Fatalf("only %d pages: %q", len(pages), pages)
		}
		for _, u := range pages {
			b, err := os.ReadFile(pageFile(dir, u))
			if err != nil {
				t.Fatal(err)
			}
			checkPageHTML(t, u, b, h1[u])
		}
	})

	t.Run("feeds", func(t *testing.T) {
		var atoms, jsons int
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			switch path.Base(rel) {
			case "feed.xml":
				atoms++
				checkAtom(t, rel, p)
			case "feed.json":
				jsons++
				checkJSONFeed(t, rel, p)
			case "sitemap.xml":
				b, _ := os.ReadFile(p)
				if err := wellFormedXML(b); err != nil {
					t.Errorf("%s: %v", rel, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The site's, and one per topic and participant.
		if atoms < 1+len(xssParticipants) || jsons != atoms {
			t.Errorf("%d Atom and %d JSON feeds", atoms, jsons)
		}
	})

	t.Run("search index", func(t *testing.T) {
		files, _ := filepath.Glob(filepath.Join(dir, "search", "index.*.js"))
		if len(files) != 1 {
			t.Fatalf("search index files: %q", files)
		}
		b, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		lower := bytes.ToLower(b)
		for _, bad := range []string{"</script", "<script", "<!--", "-->", "\u2028", "\u2029"} {
			if bytes.Contains(lower, []byte(bad)) {
				t.Errorf("the search index holds a raw %q", bad)
			}
		}
		const prefix = "window.BRIEFING_SEARCH="
		js, ok := bytes.CutPrefix(b, []byte(prefix))
		js, ok2 := bytes.CutSuffix(js, []byte(";\n"))
		if !ok || !ok2 {
			t.Fatalf("the search index is not %s<JSON>;: %.100q", prefix, b)
		}
		var idx struct {
			A []struct {
				T string   `json:"t"`
				U string   `json:"u"`
				P []string `json:"p"`
			} `json:"a"`
		}
		if err := json.Unmarshal(js, &idx); err != nil {
			t.Fatalf("the search index is not JSON: %v", err)
		}
		found := 0
		for _, a := range idx.A {
			if h1[a.U] != a.T {
				t.Errorf("search index: %s: title %q, want %q", a.U, a.T, h1[a.U])
			}
			for _, p := range a.P {
				if slices.Contains(xssParticipants, p) {
					found++
				}
			}
		}
		if len(idx.A) != len(xssArticles) || found == 0 {
			t.Errorf("search index: %d articles, %d payload participants", len(idx.A), found)
		}
	})
}

// scriptSrcRE is the only script element a page of the site may load: a
// fingerprinted script of the site's own, with Subresource Integrity.
var scriptSrcRE = regexp.MustCompile(`^/[a-z0-9/_-]+\.[0-9a-f]{8}\.js$`)

// checkPageHTML parses the page at u, whose <h1> must read heading when it
// is not "", and reports anything in it that could run: an element that
// runs or embeds content, an event handler, a style attribute, a link or
// source with a scheme that runs code, a script other than the site's own,
// or JSON-LD that does not parse.
func checkPageHTML(t *testing.T, u string, b []byte, heading string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Errorf("%s: %v", u, err)
		return
	}
	var lds int
	var h1 []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		where := fmt.Sprintf("%s: <%s>", u, n.Data)
		switch n.DataAtom {
		case atom.Iframe, atom.Frame, atom.Object, atom.Embed, atom.Applet, atom.Svg, atom.Math, atom.Base, atom.Style:
			t.Errorf("%s: an element the site never writes", where)
		case atom.H1:
			h1 = append(h1, textOf(n))
		case atom.Script:
			typ, src, integrity := attr(n, "type"), attr(n, "src"), attr(n, "integrity")
			switch {
			case typ == "application/ld+json" && src == "":
				lds++
				checkJSONLD(t, u, textOf(n), heading)
			case typ == "" && scriptSrcRE.MatchString(src) && strings.HasPrefix(integrity, "sha384-") && textOf(n) == "":
			default:
				t.Errorf("%s: a script that is not the site's own: type %q src %q integrity %q", where, typ, src, integrity)
			}
		case atom.Meta:
			if strings.EqualFold(attr(n, "http-equiv"), "refresh") {
				t.Errorf("%s: a refresh", where)
			}
		}
		for _, a := range n.Attr {
			k, v := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(k, "on"):
				t.Errorf("%s: an event handler %s=%q", where, a.Key, a.Val)
			case k == "style" || k == "srcdoc" || k == "formaction":
				t.Errorf("%s: a %s attribute %q", where, a.Key, a.Val)
			case strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:"):
				t.Errorf("%s: %s=%q", where, a.Key, a.Val)
			case strings.HasPrefix(v, "data:") && !(n.DataAtom == atom.Link && attr(n, "rel") == "icon" && v == "data:,"):
				t.Errorf("%s: %s=%q", where, a.Key, a.Val)
			}
		}
	}
	if u != "/404.html" && lds != 1 {
		t.Errorf("%s: %d JSON-LD blocks, want 1", u, lds)
	}
	if heading != "" && (len(h1) != 1 || h1[0] != heading) {
		t.Errorf("%s: <h1> %q, want %q", u, h1, heading)
	}
}

// checkJSONLD checks the text of a JSON-LD block: it parses, holds nothing
// that would end or change its script element, and, on an article or
// participant page, names the page's subject as written.
func checkJSONLD(t *testing.T, u, text, heading string) {
	t.Helper()
	lower := strings.ToLower(text)
	for _, bad := range []string{"</script", "<script", "<!--", "-->"} {
		if strings.Contains(lower, bad) {
			t.Errorf("%s: JSON-LD holds a raw %q", u, bad)
		}
	}
	var ld struct {
		Context string `json:"@context"`
		Graph   []struct {
			Type     string `json:"@type"`
			Headline string `json:"headline"`
			Name     string `json:"name"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(text), &ld); err != nil {
		t.Errorf("%s: JSON-LD does not parse: %v\n%.300s", u, err, text)
		return
	}
	if ld.Context != "https://schema.org" || len(ld.Graph) == 0 {
		t.Errorf("%s: JSON-LD: %+v", u, ld)
		return
	}
	if heading == "" || ld.Graph[0].Type == "BreadcrumbList" {
		return
	}
	if got := ld.Graph[0].Headline + ld.Graph[0].Name; got != heading {
		t.Errorf("%s: JSON-LD names %q, want %q", u, got, heading)
	}
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf returns the text in n.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// wellFormedXML reads an XML document to its end, strictly.
func wellFormedXML(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// feedArticle returns the corpus article whose page is link.
func feedArticle(link string) (xssArticle, bool) {
	id := strings.Trim(strings.TrimPrefix(link, xssBase+"articles/"), "/")
	a, ok := xssArticles[id]
	return a, ok
}

// checkAtom checks an Atom feed: it is well-formed, and its entries give
// the titles and authors back as plain text.
func checkAtom(t *testing.T, rel, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := wellFormedXML(b); err != nil {
		t.Errorf("%s: %v", rel, err)
		return
	}
	type text struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
	var f struct {
		Entries []struct {
			ID      string `xml:"id"`
			Title   text   `xml:"title"`
			Summary text   `xml:"summary"`
			Author  struct {
				Name string `xml:"name"`
			} `xml:"author"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Errorf("%s: %v", rel, err)
		return
	}
	if rel == "feed.xml" && len(f.Entries) != len(xssArticles) {
		t.Errorf("%s: %d entries, want every article of the corpus (%d)", rel, len(f.Entries), len(xssArticles))
	}
	for _, e := range f.Entries {
		want, ok := feedArticle(e.ID)
		switch {
		case !ok:
			t.Errorf("%s: an entry for %s, not an article of the corpus", rel, e.ID)
		case e.Title.Text != want.title || e.Author.Name != want.author:
			t.Errorf("%s: %s: title %q by %q, want %q by %q", rel, e.ID, e.Title.Text, e.Author.Name, want.title, want.author)
		}
		// Without a type, Atom text is plain text: readers show it as such.
		if e.Title.Type != "" || e.Summary.Type != "" {
			t.Errorf("%s: %s: title or summary of type %q, %q; want plain text", rel, e.ID, e.Title.Type, e.Summary.Type)
		}
	}
}

// checkJSONFeed checks a JSON Feed: it parses, its items give the titles
// and authors back, and it has text content only.
func checkJSONFeed(t *testing.T, rel, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Items []struct {
			ID          string  `json:"id"`
			Title       string  `json:"title"`
			ContentHTML *string `json:"content_html"`
			ContentText string  `json:"content_text"`
			Authors     []struct {
				Name string `json:"name"`
			} `json:"authors"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Errorf("%s: %v", rel, err)
		return
	}
	if rel == "feed.json" && len(f.Items) != len(xssArticles) {
		t.Errorf("%s: %d items, want every article of the corpus (%d)", rel, len(f.Items), len(xssArticles))
	}
	for _, it := range f.Items {
		var by string
		if len(it.Authors) > 0 {
			by = it.Authors[0].Name
		}
		want, ok := feedArticle(it.ID)
		switch {
		case !ok:
			t.Errorf("%s: an item for %s, not an article of the corpus", rel, it.ID)
		case it.Title != want.title || by != want.author:
			t.Errorf("%s: %s: title %q by %q, want %q by %q", rel, it.ID, it.Title, by, want.title, want.author)
		}
		if it.ContentHTML != nil || it.ContentText == "" {
			t.Errorf("%s: %s: want content_text only", rel, it.ID)
		}
	}
}

// guardJS runs in every document before the page's own scripts: it records
// the Content-Security-Policy violations the page reports.
const guardJS = `(function () {
  var seen = [];
  Object.defineProperty(window, "__cspViolations", {value: seen});
  document.addEventListener("securitypolicyviolation", function (e) {
    seen.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + (e.sample ? ": " + e.sample : ""));
  }, true);
})();`

// probeJS returns a JavaScript expression, a promise of a JSON list of what
// is wrong with the page: a payload that ran, an element or attribute that
// could run one, a script that is not the site's own (a src matching
// allowSrc, a regular expression, is also allowed), a CSP violation. The
// <h1> must read heading unless that is "".
func probeJS(heading, allowSrc string) string {
	return `(async function () {
  await new Promise(function (r) { setTimeout(r, 50); }); // queued violation events
  var p = [];
  if (window.__xss !== undefined) p.push("window.__xss is " + String(window.__xss));
  if (/pwned/i.test(document.title)) p.push("document.title is " + document.title);
  if (!window.__cspViolations) p.push("the violation listener is missing");
  (window.__cspViolations || []).forEach(function (v) { p.push("CSP violation: " + v); });
  var allow = ` + jsString(allowSrc) + `;
  document.querySelectorAll("*").forEach(function (el) {
    var tag = el.localName;
    if (/^(iframe|frame|frameset|object|embed|applet|svg|math|base|style)$/.test(tag)) p.push("a <" + tag + "> element");
    for (var i = 0; i < el.attributes.length; i++) {
      var a = el.attributes[i], k = a.name.toLowerCase(), v = a.value.trim().toLowerCase();
      if (k.indexOf("on") === 0) p.push("<" + tag + " " + a.name + "=" + JSON.stringify(a.value) + ">");
      // The serve overlay's styles are set through el.style, which the
      // policy allows and which shows as a style attribute.
      if ((k === "style" && !el.closest("#briefing-error-overlay")) || k === "srcdoc" || k === "formaction") p.push("<" + tag + "> has " + a.name);
      if (/^(javascript|vbscript):/.test(v)) p.push("<" + tag + " " + a.name + "=" + JSON.stringify(a.value) + ">");
      if (/^data:/.test(v) && !(tag === "link" && el.rel === "icon" && v === "data:,")) p.push("<" + tag + " " + a.name + "=" + JSON.stringify(a.value) + ">");
    }
    if (tag === "script") {
      var src = el.getAttribute("src") || "";
      var own = el.type === "application/ld+json" && !src ||
        src && new URL(src, location.href).origin === location.origin &&
          (/^sha384-/.test(el.integrity) || allow && new RegExp(allow).test(src)) && !el.text;
      if (!own) p.push("a script that is not the site's own: " + el.outerHTML.slice(0, 200));
    }
  });
  var h1 = Array.prototype.map.call(document.querySelectorAll("h1"), function (h) { return h.textContent; });
  var want = ` + jsString(heading) + `;
  if (want && (h1.length !== 1 || h1[0] !== want)) p.push("<h1> is " + JSON.stringify(h1) + ", want " + JSON.stringify(want));
  return JSON.stringify(p);
})()`
}

// browserLog collects, for a tab, what the browser reports outside the
// page: dialogs (each dismissed), CSP messages and uncaught exceptions.
type browserLog struct {
	mu       sync.Mutex
	problems []string
}

func (l *browserLog) add(s string) {
	l.mu.Lock()
	l.problems = append(l.problems, s)
	l.mu.Unlock()
}

// take returns what was collected since the last call.
func (l *browserLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.problems
	l.problems = nil
	return p
}

// watchTab installs guardJS in every document of the tab and collects the
// tab's dialogs, CSP messages and exceptions. A dialog is dismissed at once.
func watchTab(t testing.TB, tab context.Context) *browserLog {
	t.Helper()
	l := &browserLog{}
	err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: guardJS})
		return err
	}))
	if err != nil {
		t.Fatalf("installing the violation listener: %v", err)
	}
	csp := func(s string) bool {
		return strings.Contains(s, "Content Security Policy") || strings.Contains(s, "Content-Security-Policy")
	}
	err = chromedp.Listen(tab, func(ev any) {
		switch e := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			l.add(fmt.Sprintf("a %s dialog opened: %q", e.Type, e.Message))
			// Not from the listener: a command waits for the loop it runs in.
			go chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
				_, err := cdp.Call(ctx, tt, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
				return err
			}))
		case *log.EventEntryAdded:
			if e.Entry != nil && csp(e.Entry.Text) {
				l.add("console: " + e.Entry.Text)
			}
		case *runtime.EventConsoleAPICalled:
			for _, a := range e.Args {
				if a != nil && csp(string(a.Value)+a.Description) {
					l.add(fmt.Sprintf("console.%s: %s%s", e.Type, a.Value, a.Description))
				}
			}
		case *runtime.EventExceptionThrown:
			if d := e.ExceptionDetails; d != nil {
				msg := d.Text
				if d.Exception != nil {
					msg += " " + d.Exception.Description
				}
				l.add(fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
			}
		}
	})
	if err != nil {
		t.Fatalf("listening to the tab: %v", err)
	}
	return l
}

// probe checks the page open in the tab with probeJS and reports every
// problem, with those the browser logged, as errors naming where.
func probe(t *testing.T, tab context.Context, l *browserLog, where, heading, allowSrc string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 10*time.Second)
	defer cancel()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](probeJS(heading, allowSrc), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Errorf("%s: probing the page: %v", where, err)
		return
	}
	var problems []string
	if err := json.Unmarshal([]byte(out), &problems); err != nil {
		t.Errorf("%s: probe result %q: %v", where, out, err)
	}
	problems = append(problems, l.take()...)
	for _, p := range problems {
		t.Errorf("%s: %s", where, p)
	}
}

// TestXSSBrowser visits every page of the payload build in Chromium, then
// searches for the payloads.
func TestXSSBrowser(t *testing.T) {
	chromium := needBrowser(t)
	start := time.Now()
	dir := buildXSS(t)
	h1 := headings(t, dir)
	pages := sitePages(t, dir)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)

	tab := newBrowser(t, chromium)
	l := watchTab(t, tab)
	for _, u := range pages {
		navigate(t, tab, srv.URL+u)
		probe(t, tab, l, u, h1[u], "")
	}

	// The search box: a payload typed in finds the payload articles, which
	// show as text, as does the query in the status line.
	results := `Array.prototype.map.call(document.querySelectorAll("#search-results li a"), function (a) { return a.textContent; })`
	for _, q := range []string{`<script>window.__xss=1</script>`, `<img src=x onerror=alert(1)>`} {
		navigate(t, tab, srv.URL+"/search/")
		typing, cancel := context.WithTimeout(tab, rebuildTimeout)
		err := chromedp.Do(typing, chromedp.SendKeys(chromedp.CSS("#search-query"), q))
		cancel()
		if err != nil {
			t.Fatalf("typing %q: %v", q, err)
		}
		waitJS(t, tab, `document.getElementById("search-status").textContent.includes(`+jsString("\u201c"+q+"\u201d")+`)`, "the status line shows the query "+q+" as text")
		checkResults := func(where string) {
			t.Helper()
			got, err := evalString(tab, `JSON.stringify(`+results+`)`)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			var titles []string
			if err := json.Unmarshal([]byte(got), &titles); err != nil {
				t.Fatal(err)
			}
			if len(titles) < 2 {
				t.Errorf("%s: results %q, want at least two payload articles", where, titles)
			}
			for _, title := range titles {
				if !corpusTitle(title) {
					t.Errorf("%s: a result reads %q, not a title of the corpus", where, title)
				}
			}
			if ok, err := evalBool(tab, `Array.prototype.every.call(document.querySelectorAll("#search-results *"), function (el) { return /^(ol|li|h2|a|p|time)$/.test(el.localName); })`); err != nil || !ok {
				t.Errorf("%s: the results hold elements the search script does not make (%v)", where, err)
			}
			probe(t, tab, l, where, "", "")
		}
		checkResults("search as typed " + q)

		// Submitting puts the query in the address; loaded from there, the
		// page searches again.
		if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, tab, `new URLSearchParams(location.search).get("q") === `+jsString(q), "the query is in the address")
		addr, err := evalString(tab, `location.href`)
		if err != nil {
			t.Fatal(err)
		}
		navigate(t, tab, addr)
		waitJS(t, tab, `document.getElementById("search-query").value === `+jsString(q)+` && document.querySelectorAll("#search-results li").length > 0`, "the query from the address searched")
		checkResults("search from the address " + addr)
	}
	t.Logf("visited %d pages and searched twice in %v", len(pages), time.Since(start).Round(time.Millisecond))
}

// corpusTitle reports whether s is the title of an article of the corpus.
func corpusTitle(s string) bool {
	for _, a := range xssArticles {
		if a.title == s {
			return true
		}
	}
	return false
}

// TestXSSServe opens a payload article through `briefing serve`: the live
// reload script loads and connects under the pages' policy, and the error
// overlay shows a message carrying a payload as text, styled, without a
// violation.
func TestXSSServe(t *testing.T) {
	chromium := needBrowser(t)
	root := t.TempDir()
	copyDir(t, xssCorpus, filepath.Join(root, "seeds"))
	_, site := startServe(t, root)
	const client = `/__briefing/client\.js$`

	tab := newBrowser(t, chromium)
	l := watchTab(t, tab)
	url := articleURL(site, "vienna-script-title")
	navigate(t, tab, url)
	waitJS(t, tab, `!!document.querySelector("script[src$='/__briefing/client.js']")`, "the live reload script is injected")
	probe(t, tab, l, url, xssArticles["vienna-script-title"].title, client)

	// An edit reloads the page: the event stream is connected.
	if _, err := evalBool(tab, `(window.__marker = 1) === 1`); err != nil {
		t.Fatal(err)
	}
	sentence := marker("reload")
	appendParagraph(t, filepath.Join(root, "seeds", "vienna-script-title.md"), sentence)
	waitJS(t, tab, pageHas(sentence), "the edited article shows the new sentence")
	waitJS(t, tab, `window.__marker === undefined`, "the page was reloaded")
	probe(t, tab, l, url+" (reloaded)", xssArticles["vienna-script-title"].title, client)

	// A broken article whose error message carries a payload: the overlay
	// shows it as text, with its styles applied.
	payload := `<img src=x onerror=alert(1)>`
	bad := filepath.Join(root, "seeds", "broken.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: Broken\n\""+payload+"\": 1\n---\nBody.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, overlayJS+` !== null && `+overlayJS+`.textContent.includes(`+jsString(payload)+`)`, "the overlay shows the error with the payload as text")
	waitJS(t, tab, `getComputedStyle(`+overlayJS+`).position === "fixed" && getComputedStyle(`+overlayJS+`).zIndex === "2147483647"`, "the overlay is styled")
	probe(t, tab, l, url+" (overlay)", "", client)

	if err := os.Remove(bad); err != nil {
		t.Fatal(err)
	}
	waitJS(t, tab, overlayJS+` === null`, "the overlay is gone once the article is removed")
	probe(t, tab, l, url+" (fixed)", xssArticles["vienna-script-title"].title, client)
}

// TestXSSURLRejected: an article's url may only be an absolute http or
// https URL; anything else fails the build, naming each file and field,
// and writes nothing.
func TestXSSURLRejected(t *testing.T) {
	src := t.TempDir()
	seeds := filepath.Join(src, "seeds")
	files := map[string]string{
		"js.md":             "---\ntitle: A\nurl: \"javascript:window.__xss=1\"\n---\nBody.\n",
		"js-case.md":        "---\ntitle: B\nurl: \"JaVaScRiPt:alert(1)\"\n---\nBody.\n",
		"js-slashes.md":     "---\ntitle: C\nurl: \"javascript://example.com/%0Aalert(1)\"\n---\nBody.\n",
		"data.md":           "---\ntitle: D\nurl: \"data:text/html,<script>alert(1)</script>\"\n---\nBody.\n",
		"relative.md":       "---\ntitle: E\nurl: \"//evil.example/x\"\n---\nBody.\n",
		"space.md":          "---\ntitle: F\nurl: \" javascript:alert(1)\"\n---\nBody.\n",
		"sidecar.txt":       "G\n\nBody.\n",
		"sidecar.meta.toml": "url = \"vbscript:msgbox(1)\"\n",
	}
	if err := os.MkdirAll(seeds, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(seeds, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	out, err := exec.Command(briefingBin(t), "build", "--source", src, "--destination", dest, "--base-url", xssBase).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("briefing build: %v, want exit status 1\n%s", err, out)
	}
	for name := range files {
		if strings.HasSuffix(name, ".txt") {
			continue // its sidecar carries the url
		}
		re := regexp.MustCompile(`(?m)^seeds/` + regexp.QuoteMeta(name) + `:\d+: url: .*not an absolute http or https URL`)
		if !re.Match(out) {
			t.Errorf("the build does not reject the url of %s:\n%s", name, out)
		}
	}
	if _, err := os.Stat(dest); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed build left %s (%v)", dest, err)
	}
}
