package check

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"briefing"
	"briefing/site/article"
	"briefing/site/build"
	"briefing/site/index"
	"briefing/site/output"
)

// repoRoot is the site root of the repository: seeds/, templates/, static/.
const repoRoot = "../.."

// writeSite lays out a site root from a map of relative paths to contents.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func generate(t *testing.T, root, baseURL string) *build.Result {
	t.Helper()
	res, err := build.Generate(context.Background(), build.Options{Source: root, BaseURL: baseURL, Theme: briefing.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// dated is a clipping with a sidecar giving its date and source, so that
// it draws no warning.
func dated(name, text string) map[string]string {
	return map[string]string{
		"seeds/" + name + ".txt":       text,
		"seeds/" + name + ".meta.toml": "date = 2016-07-15\nsource = \"Desk Wire\"\n",
	}
}

func site(parts ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

const goodClipping = "Ministers meet in Vienna\n\nForeign Minister Anna Berg met her counterpart Paul Roche in Vienna on Monday for talks on the ceasefire.\n\n\"We made progress,\" Berg said after the meeting.\n"

const otherClipping = "Talks go on in Geneva\n\nForeign Minister Anna Berg flew to Geneva on Tuesday for a second round of talks with Paul Roche.\n"

// lines renders findings as printed, for comparisons and messages.
func lines(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	return out
}

func problemsOf(fs []Finding) []Finding {
	return slices.DeleteFunc(slices.Clone(fs), func(f Finding) bool { return f.Warning })
}

func wantFindings(t *testing.T, got []Finding, want ...string) {
	t.Helper()
	if g := lines(got); !slices.Equal(g, want) {
		t.Errorf("findings:\n\t%s\nwant:\n\t%s", strings.Join(g, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestSeedsSiteIsClean(t *testing.T) {
	for _, base := range []string{"", "/briefing/", "https://example.org/briefing/"} {
		t.Run("base="+base, func(t *testing.T) {
			res := generate(t, repoRoot, base)
			fs := Site(context.Background(), res, Options{})
			if p := problemsOf(fs); len(p) > 0 {
				t.Errorf("the seeds site has problems:\n\t%s", strings.Join(lines(p), "\n\t"))
			}
			// The seeds lack dates and a source: warnings only.
			if len(fs) == 0 {
				t.Error("no warnings; the seeds have undated articles")
			}
			for _, f := range fs {
				if !strings.HasPrefix(f.Path, "seeds/") {
					t.Errorf("warning not on a source file: %s", f)
				}
			}
			if !slices.IsSortedFunc(fs, compareFindings) {
				t.Error("findings not sorted")
			}
		})
	}
}

// TestSeedsLinksAreChecked drops a page from the seeds site: every link to
// it must be reported, so the check reads the theme's real links.
func TestSeedsLinksAreChecked(t *testing.T) {
	for _, base := range []string{"", "https://example.org/briefing/"} {
		res := generate(t, repoRoot, base)
		p := res.Site.Participants[0]
		gone := "participants/" + p.ID + "/index.html"
		res.Files = slices.DeleteFunc(res.Files, func(f output.File) bool { return f.Path == gone })
		broken := 0
		for _, f := range problemsOf(Site(context.Background(), res, Options{})) {
			if !strings.Contains(f.Message, "broken link") || !strings.Contains(f.Message, "/participants/"+p.ID+"/") {
				t.Errorf("unexpected problem: %s", f)
			}
			broken++
		}
		if broken < 2 {
			t.Errorf("base %q: %d broken links to %s reported, want one from each page that links to it", base, broken, gone)
		}
	}
}

func TestBrokenLinksAndAnchors(t *testing.T) {
	const tmpl = `{{define "main"}}<h1 id="top-title">{{.Article.Title}}</h1><a name="old-anchor"></a>
<a href="/nowhere/">gone</a>
<a href="#missing">missing anchor</a>
<a href="{{pageURL "participants"}}#nope">missing anchor elsewhere</a>
<a href="../../participants/">relative, fine</a>
<a href="../../topics">no trailing slash</a>
<a href="#top-title">fine</a> <a href="#old-anchor">fine</a> <a href="#main">fine, in the layout</a> <a href="#">fine</a>
<a href="mailto:desk@example.org">mail</a> <a href="tel:+123">call</a> <a href="https://other.example/x">other host</a>
<img src="{{asset "style.css"}}" srcset="{{asset "nope.png"}} 2x, {{asset "style.css"}} 1x" alt="">
<a href="http://[::1">bad</a>
{{end}}`
	root := writeSite(t, site(dated("good", goodClipping), map[string]string{"templates/article.html": tmpl}))
	fs := Site(context.Background(), generate(t, root, ""), Options{})
	wantFindings(t, fs,
		`articles/good/index.html: bad link http://[::1: missing ']' in host`,
		`articles/good/index.html: broken anchor #missing (no id "missing" in articles/good/index.html)`,
		`articles/good/index.html: broken anchor /participants/#nope (no id "nope" in participants/index.html)`,
		`articles/good/index.html: broken link ../../topics (the page is at /topics/)`,
		`articles/good/index.html: broken link /nope.png`,
		`articles/good/index.html: broken link /nowhere/`,
	)
}

func TestBasePath(t *testing.T) {
	const tmpl = `{{define "main"}}<h1>{{.Article.Title}}</h1>
<a href="{{pageURL "topics"}}">fine</a> <a href="../">fine</a> <a href="https://example.org/briefing/participants/#main">fine, absolute</a>
<a href="https://example.org/">the host's home: another site</a>
<a href="/topics/">outside</a> <a href="/briefing">no slash</a>
<a href="https://example.org/briefing/nowhere/">absolute, broken</a>
<a href="https://example.org/briefing">absolute, no slash</a>
{{end}}`
	root := writeSite(t, site(dated("good", goodClipping), map[string]string{"templates/article.html": tmpl}))
	fs := Site(context.Background(), generate(t, root, "https://example.org/briefing/"), Options{})
	wantFindings(t, fs,
		`articles/good/index.html: broken link /briefing (the page is at /briefing/)`,
		`articles/good/index.html: broken link /topics/ (outside the base path /briefing/)`,
		`articles/good/index.html: broken link https://example.org/briefing (the page is at /briefing/)`,
		`articles/good/index.html: broken link https://example.org/briefing/nowhere/`,
	)
	// The default theme under a root-relative base path: no false positives.
	root = writeSite(t, site(dated("good", goodClipping), dated("other", otherClipping)))
	if fs := Site(context.Background(), generate(t, root, "/briefing/"), Options{}); len(fs) > 0 {
		t.Errorf("findings on a clean site under /briefing/:\n\t%s", strings.Join(lines(fs), "\n\t"))
	}
}

func TestArticleWithoutBody(t *testing.T) {
	// A clipping needs a body (the reader refuses a headline alone), but
	// Markdown front matter may give a title to an empty file.
	root := writeSite(t, site(dated("good", goodClipping), map[string]string{
		"seeds/empty.md": "---\ntitle: Only a title\ndate: 2016-07-15\nsource: Desk\n---\n",
	}))
	wantFindings(t, Site(context.Background(), generate(t, root, ""), Options{}),
		"seeds/empty.md: article has no body")

	// A title is always required by the readers; the check still covers it.
	a := &index.Article{Article: &article.Article{Path: "seeds/x.md", Blocks: []article.Block{{Text: "Body."}}, Source: "Desk", Date: time.Date(2016, 7, 15, 0, 0, 0, 0, time.UTC)}}
	wantFindings(t, articleFindings(a), "seeds/x.md: article has no title")
}

func TestWarningsAndStrict(t *testing.T) {
	root := writeSite(t, map[string]string{"seeds/good.txt": goodClipping})
	res := generate(t, root, "")
	want := []string{"seeds/good.txt: warning: article has no date", "seeds/good.txt: warning: article has no source"}
	fs := Site(context.Background(), res, Options{})
	wantFindings(t, fs, want...)
	if p, w := Count(fs); p != 0 || w != 2 {
		t.Errorf("Count = %d problems, %d warnings; want 0, 2", p, w)
	}
	fs = Site(context.Background(), res, Options{Strict: true})
	wantFindings(t, fs, "seeds/good.txt: article has no date", "seeds/good.txt: article has no source")
	if p, w := Count(fs); p != 2 || w != 0 {
		t.Errorf("strict: Count = %d problems, %d warnings; want 2, 0", p, w)
	}
}

func TestNamesFoldingToOneSlug(t *testing.T) {
	// "José Ramos" and "Jose Ramos" fold to one key in extraction: they
	// are one participant, which is right, and no problem.
	root := writeSite(t, site(
		dated("a", "Ramos in Vienna\n\nForeign Minister José Ramos met Paul Roche in Vienna on Monday.\n"),
		dated("b", "Ramos in Lisbon\n\nForeign Minister Jose Ramos met Paul Roche in Lisbon on Tuesday.\n"),
	))
	res := generate(t, root, "")
	n := 0
	for _, p := range res.Site.Participants {
		if strings.Contains(p.Name, "Ramos") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d participants named Ramos, want José and Jose merged into 1", n)
	}
	wantFindings(t, Site(context.Background(), res, Options{}))

	// Two names that differ only after the slug's length cap do collide:
	// the second gets the numbered slug.
	const north = "International Committee for the Coordination of Humanitarian Assistance and Reconstruction in the North"
	const south = "International Committee for the Coordination of Humanitarian Assistance and Reconstruction in the South"
	root = writeSite(t, site(
		map[string]string{"briefing.toml": fmt.Sprintf("[[participant]]\nname = %q\nkind = \"organization\"\n\n[[participant]]\nname = %q\nkind = \"organization\"\n", north, south)},
		dated("north", "Aid in the north\n\nThe "+north+" met in Geneva on Monday.\n"),
		dated("south", "Aid in the south\n\nThe "+south+" met in Geneva on Tuesday.\n"),
	))
	const base = "international-committee-for-the-coordination-of-humanitarian-assistance-and-r"
	wantFindings(t, Site(context.Background(), generate(t, root, "/briefing/"), Options{}),
		fmt.Sprintf("seeds/south.txt: participants %q and %q fold to one slug %q; %q is at /briefing/participants/%s-2/", north, south, base, south, base))
}

func TestTopicsFoldingToOneSlug(t *testing.T) {
	root := writeSite(t, site(dated("good", goodClipping), map[string]string{"briefing.toml": `fallback_topic = "other"
[[topic]]
id = "talks"
name = "Talks"
terms = ["talks"]
[[topic]]
id = "talks-2"
name = "TALKS!"
terms = ["ceasefire"]
[[topic]]
id = "other"
name = "Other"
`}))
	wantFindings(t, Site(context.Background(), generate(t, root, ""), Options{}),
		`briefing.toml: topics "Talks" (id talks) and "TALKS!" (id talks-2) fold to one slug "talks"`)
}

func TestFeedsMustParse(t *testing.T) {
	root := writeSite(t, site(dated("good", goodClipping), map[string]string{
		"static/bad.xml":       "<?xml version=\"1.0\"?>\n<rss>\n<channel>\n</rss>\n",
		"static/good.xml":      "<?xml version=\"1.0\"?>\n<urlset><url><loc>https://example.org/</loc></url></urlset>\n",
		"static/entity.xml":    "<rss>&nbsp;</rss>",
		"static/bad.json":      "{\n\"items\": [1, 2,]\n}\n",
		"static/feeds/ok.json": `{"version": "https://jsonfeed.org/version/1.1", "items": []}`,
	}))
	wantFindings(t, Site(context.Background(), generate(t, root, ""), Options{}),
		"bad.json: invalid JSON: line 2: invalid character ']' looking for beginning of value",
		"bad.xml: invalid XML: line 4: element <channel> closed by </rss>",
		"entity.xml: invalid XML: line 1: invalid character entity &nbsp;",
	)
}

func TestWellFormedXML(t *testing.T) {
	for in, want := range map[string]string{
		"<a><b/></a>":           "",
		"  <a/>  \n":            "",
		"<!-- c --><a/><!---->": "",
		"":                      "invalid XML: no root element",
		"<a>":                   "invalid XML: line 1: unexpected EOF",
		"<a/><b/>":              "invalid XML: line 1: a second root element <b>",
		"<a/>text":              "invalid XML: line 1: text outside the root element",
	} {
		got := ""
		if err := wellFormedXML([]byte(in)); err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("wellFormedXML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDuplicateURLs(t *testing.T) {
	root := writeSite(t, site(dated("good", goodClipping), map[string]string{
		"static/Topics/index.html":        "<!doctype html><title>T</title>",
		"static/timeline":                 "a file where a folder is",
		"static/data/articles.json/x.txt": "a folder where a file is",
	}))
	wantFindings(t, Site(context.Background(), generate(t, root, ""), Options{}),
		"data/articles.json: is a file and also the folder of data/articles.json/x.txt",
		"timeline/index.html: serves the same URL as timeline",
		"topics/index.html: differs from Topics/index.html only in case: one file on a case-insensitive host",
	)
}

func TestExternalLinks(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.Method+" "+r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/ok":
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/no-head":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case "/slow":
			time.Sleep(time.Second)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	tmpl := `{{define "main"}}<h1>{{.Article.Title}}</h1>
<a href="` + srv.URL + `/ok">ok</a> <a href="` + srv.URL + `/gone#part">gone</a>
<a href="` + srv.URL + `/moved">moved</a> <a href="` + srv.URL + `/no-head">no HEAD</a>
{{end}}`
	root := writeSite(t, site(dated("good", goodClipping), dated("other", otherClipping), map[string]string{"templates/article.html": tmpl}))
	res := generate(t, root, "")
	if fs := Site(context.Background(), res, Options{}); len(fs) > 0 {
		t.Fatalf("without External: %v", lines(fs))
	}
	if len(hits) > 0 {
		t.Fatalf("links requested without External: %v", hits)
	}
	fs := Site(context.Background(), res, Options{External: true, Timeout: 5 * time.Second})
	wantFindings(t, fs,
		"articles/good/index.html: broken external link "+srv.URL+"/gone (404 Not Found)",
		"articles/other/index.html: broken external link "+srv.URL+"/gone (404 Not Found)",
	)
	// Each URL once, whatever the number of pages linking to it; /ok is
	// also where /moved leads.
	mu.Lock()
	want := map[string]int{"HEAD /ok": 2, "HEAD /gone": 1, "HEAD /moved": 1, "HEAD /no-head": 1, "GET /no-head": 1}
	if len(hits) != len(want) {
		t.Errorf("requests %v, want %v", hits, want)
	}
	for k, n := range want {
		if hits[k] != n {
			t.Errorf("%s requested %d times, want %d (all: %v)", k, hits[k], n, hits)
		}
	}
	mu.Unlock()

	// Once ctx is done, what is not checked is not reported.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if fs := Site(ctx, res, Options{External: true}); len(fs) > 0 {
		t.Errorf("cancelled: %v", lines(fs))
	}

	// A timeout and a refused connection.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	dead := srv2.URL
	srv2.Close()
	tmpl = `{{define "main"}}<h1>{{.Article.Title}}</h1><a href="` + srv.URL + `/slow">slow</a> <a href="` + dead + `/x">dead</a>{{end}}`
	root = writeSite(t, site(dated("good", goodClipping), map[string]string{"templates/article.html": tmpl}))
	fs = Site(context.Background(), generate(t, root, ""), Options{External: true, Timeout: 200 * time.Millisecond})
	got := strings.Join(lines(fs), "\n")
	if len(fs) != 2 ||
		!strings.Contains(got, "articles/good/index.html: broken external link "+srv.URL+"/slow (no answer in 200ms)\n") &&
			!strings.HasSuffix(got, "articles/good/index.html: broken external link "+srv.URL+"/slow (no answer in 200ms)") ||
		!strings.Contains(got, "articles/good/index.html: broken external link "+dead+"/x (") {
		t.Errorf("findings:\n%s", got)
	}
}
