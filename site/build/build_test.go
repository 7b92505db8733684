package build

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing"
	"briefing/site/corpus"
	"briefing/site/output"
	"briefing/site/pages"
)

var update = flag.Bool("update", false, "rewrite golden files")

// repoRoot is the site root of the repository: seeds/, templates/, static/.
const repoRoot = "../.."

func buildSeeds(t *testing.T, baseURL string) (string, Summary) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	sum, err := Run(context.Background(), Options{Source: repoRoot, Destination: dest, BaseURL: baseURL, Theme: briefing.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	return dest, sum
}

func TestSeedsSite(t *testing.T) {
	for _, base := range []string{"", "https://example.org/briefing/"} {
		t.Run("base="+base, func(t *testing.T) {
			dest, sum := buildSeeds(t, base)
			prefix := "/"
			if base != "" {
				prefix = "/briefing/"
			}
			if n := len(sum.Site.Articles); n != 5 {
				t.Fatalf("articles = %d, want 5", n)
			}
			arts, parts, topics := checkJSON(t, dest, prefix)
			for _, p := range []string{"index.html", "404.html", "participants/index.html", "topics/index.html"} {
				mustExist(t, dest, p)
			}
			for _, p := range []string{"style.css", "syntax.css"} {
				mustExistFingerprinted(t, dest, p)
			}
			for _, a := range arts {
				mustExist(t, dest, "articles/"+a.Slug+"/index.html")
			}
			for _, p := range parts {
				mustExist(t, dest, "participants/"+p.ID+"/index.html")
			}
			for _, tp := range topics {
				mustExist(t, dest, "topics/"+tp.ID+"/index.html")
			}
			checkLinks(t, dest, prefix)
		})
	}
}

func mustExist(t *testing.T, dest, p string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
		t.Errorf("missing page: %s", p)
	}
}

// mustExistFingerprinted checks that the stylesheet or script p is
// written under one fingerprinted name ("style.3f2a9c1d.css"), and not
// under its own.
func mustExistFingerprinted(t *testing.T, dest, p string) {
	t.Helper()
	ext := path.Ext(p)
	found, _ := filepath.Glob(filepath.Join(dest, filepath.FromSlash(strings.TrimSuffix(p, ext))+".*"+ext))
	if len(found) != 1 {
		t.Errorf("%s is written as %v, want one fingerprinted name", p, found)
	}
	if _, err := os.Stat(filepath.Join(dest, p)); err == nil {
		t.Errorf("%s is written under its own name", p)
	}
}

type jsonArticle struct {
	ID, Slug, URL, Title string
	Date, Source         *string
	Participants, Topics []string
	Event                string
	Related              []string
}
type jsonParticipant struct {
	ID, Name, Kind, URL      string
	Aliases, Roles, Articles []string
	Quotes                   []struct{ Text, Article string }
}
type jsonEvent struct {
	ID, Title string
	Date      *string
	Articles  []string
}
type jsonTopic struct {
	ID, Name, URL string
	Articles      []string
}

// decodeStrict decodes JSON and fails on any field the schema does not have
// and on any field it has that is missing.
func decodeStrict(t *testing.T, file string, v any, fields []string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for i, obj := range raw {
		var keys []string
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := slices.Sorted(slices.Values(fields))
		if !slices.Equal(keys, want) {
			t.Errorf("%s[%d]: fields %v, want %v", file, i, keys, want)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// articleFields is the schema of data/articles.json.
var articleFields = []string{"id", "slug", "url", "title", "date", "source", "participants", "topics", "event", "related"}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func checkJSON(t *testing.T, dest, prefix string) ([]jsonArticle, []jsonParticipant, []jsonTopic) {
	t.Helper()
	var arts []jsonArticle
	var parts []jsonParticipant
	var topics []jsonTopic
	decodeStrict(t, filepath.Join(dest, "data/articles.json"), &arts, articleFields)
	decodeStrict(t, filepath.Join(dest, "data/participants.json"), &parts, []string{"id", "name", "kind", "aliases", "roles", "url", "articles", "quotes"})
	var events []jsonEvent
	decodeStrict(t, filepath.Join(dest, "data/events.json"), &events, []string{"id", "title", "date", "articles"})
	decodeStrict(t, filepath.Join(dest, "data/topics.json"), &topics, []string{"id", "name", "url", "articles"})
	artIDs, partIDs, topicIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, a := range arts {
		artIDs[a.ID] = true
		if a.Date != nil && !dateRe.MatchString(*a.Date) {
			t.Errorf("article %s: date %q", a.ID, *a.Date)
		}
		if a.URL != prefix+"articles/"+a.Slug+"/" || a.Title == "" {
			t.Errorf("article %s: url %q title %q", a.ID, a.URL, a.Title)
		}
	}
	for _, p := range parts {
		partIDs[p.ID] = true
		if p.Kind != "person" && p.Kind != "organization" && p.Kind != "place" {
			t.Errorf("participant %s: kind %q", p.ID, p.Kind)
		}
		if p.URL != prefix+"participants/"+p.ID+"/" || p.Name == "" || len(p.Articles) == 0 {
			t.Errorf("participant %s: url %q name %q articles %v", p.ID, p.URL, p.Name, p.Articles)
		}
		for _, a := range p.Articles {
			if !artIDs[a] {
				t.Errorf("participant %s: unknown article %q", p.ID, a)
			}
		}
		for _, q := range p.Quotes {
			if !slices.Contains(p.Articles, q.Article) || q.Text == "" {
				t.Errorf("participant %s: quote %+v is not from one of their articles", p.ID, q)
			}
		}
	}
	for _, tp := range topics {
		topicIDs[tp.ID] = true
		for _, a := range tp.Articles {
			if !artIDs[a] {
				t.Errorf("topic %s: unknown article %q", tp.ID, a)
			}
		}
	}
	inEvent := map[string]string{}
	for _, e := range events {
		if e.Date != nil && !dateRe.MatchString(*e.Date) {
			t.Errorf("event %s: date %q", e.ID, *e.Date)
		}
		for _, a := range e.Articles {
			if prev, ok := inEvent[a]; ok || !artIDs[a] {
				t.Errorf("event %s: article %q unknown or also in event %q", e.ID, a, prev)
			}
			inEvent[a] = e.ID
		}
	}
	for _, a := range arts {
		if a.Event == "" || inEvent[a.ID] != a.Event {
			t.Errorf("article %s: event %q, but events.json puts it in %q", a.ID, a.Event, inEvent[a.ID])
		}
		for _, p := range a.Participants {
			if !partIDs[p] {
				t.Errorf("article %s: unknown participant %q", a.ID, p)
			}
		}
		for _, tp := range a.Topics {
			if !topicIDs[tp] {
				t.Errorf("article %s: unknown topic %q", a.ID, tp)
			}
		}
		for _, r := range a.Related {
			if !artIDs[r] || r == a.ID {
				t.Errorf("article %s: bad related article %q", a.ID, r)
			}
		}
	}
	return arts, parts, topics
}

var (
	linkRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	idRe   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// checkLinks asserts that every internal link and anchor of every HTML page
// resolves to a file of the site, and that no page links outside the base path.
func checkLinks(t *testing.T, dest, prefix string) {
	t.Helper()
	ids := map[string]map[string]bool{}
	pagesHTML := map[string]string{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		pagesHTML[rel] = string(b)
		ids[rel] = map[string]bool{}
		for _, m := range idRe.FindAllStringSubmatch(string(b), -1) {
			id := html.UnescapeString(m[1])
			if ids[rel][id] {
				t.Errorf("%s: duplicate id %q", rel, id)
			}
			ids[rel][id] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for page, body := range pagesHTML {
		for _, m := range linkRe.FindAllStringSubmatch(body, -1) {
			raw := html.UnescapeString(m[1])
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: bad link %q", page, raw)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue // outbound links are not checked here
			}
			target := page
			if u.Path != "" {
				if !strings.HasPrefix(u.Path, prefix) {
					t.Errorf("%s: link %q is outside the base path %s", page, raw, prefix)
					continue
				}
				target = strings.TrimPrefix(u.Path, prefix)
				if target == "" || strings.HasSuffix(target, "/") {
					target += "index.html"
				}
				target = path.Clean(target)
			}
			if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(target))); err != nil {
				t.Errorf("%s: broken link %q", page, raw)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !ids[target][u.Fragment] {
				t.Errorf("%s: link %q: no id %q in %s", page, raw, u.Fragment, target)
			}
			checked++
		}
	}
	if checked < 50 {
		t.Errorf("only %d internal links checked; the pages should link to each other", checked)
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := buildSeeds(t, "")
	b, _ := buildSeeds(t, "")
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files vs %d files", len(ta), len(tb))
	}
	for p, data := range ta {
		if !bytes.Equal(data, tb[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestSameFromAnyFolder checks that the output does not depend on where
// the site's folder is, what the working folder is, or the time: the same
// sources, copied to two folders and built a second apart, give the same
// bytes, feeds and sitemap included.
func TestSameFromAnyFolder(t *testing.T) {
	build := func(root string) map[string][]byte {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join(repoRoot, "seeds"))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(repoRoot, "seeds", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(root, "seeds"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, "seeds", e.Name()), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		dest := filepath.Join(t.TempDir(), "out")
		if _, err := Run(context.Background(), Options{Source: root, Destination: dest, Theme: briefing.Theme(), BaseURL: "https://example.org/briefing/"}); err != nil {
			t.Fatal(err)
		}
		return tree(t, dest)
	}
	a := build(filepath.Join(t.TempDir(), "one"))
	time.Sleep(1100 * time.Millisecond)
	b := build(filepath.Join(t.TempDir(), "x", "y", "another checkout"))
	if len(a) != len(b) || a["feed.xml"] == nil || a["sitemap.xml"] == nil {
		t.Fatalf("%d files vs %d; feed and sitemap present: %v %v", len(a), len(b), a["feed.xml"] != nil, a["sitemap.xml"] != nil)
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two folders: %s", p, firstDiff(data, b[p]))
		}
	}
}

// TestSameOnOneCore checks that the site built by many workers is the
// site one worker builds: pages, JSON and all, on a generated corpus big
// enough for every stage to split its work.
func TestSameOnOneCore(t *testing.T) {
	root := t.TempDir()
	if err := corpus.WriteDir(filepath.Join(root, "seeds"), corpus.Generate(corpus.Options{Seed: 5, Articles: 400})); err != nil {
		t.Fatal(err)
	}
	build := func(procs int) *Result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		res, err := Generate(context.Background(), Options{Source: root, Theme: briefing.Theme()})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	one, many := build(1), build(4)
	if len(one.Files) != len(many.Files) {
		t.Fatalf("%d files on one core, %d on four", len(one.Files), len(many.Files))
	}
	for i, f := range one.Files {
		if g := many.Files[i]; g.Path != f.Path || !bytes.Equal(g.Data, f.Data) {
			t.Errorf("%s differs between one core and four", f.Path)
		}
	}
}

func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

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

const goodClipping = "Ministers meet in Vienna\n\nForeign Minister Anna Berg met her counterpart Paul Roche in Vienna on Monday for talks on the ceasefire.\n\n\"We made progress,\" Berg said after the meeting.\n"

func TestBadInputKeepsLastGoodSite(t *testing.T) {
	root := writeSite(t, map[string]string{"seeds/good.txt": goodClipping})
	dest := filepath.Join(root, "public")
	opts := Options{Source: root, Theme: briefing.Theme()}
	if _, err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dest)

	bad := map[string]string{
		"seeds/binary.txt":     "Title\n\nbody \xff\xfe\n",
		"seeds/empty.txt":      "   \n\n",
		"seeds/front.md":       "---\ntitle: Front\ntitel: typo\ndate: 2015-13-45\n---\nBody text.\n",
		"seeds/good.meta.toml": "source = \"Desk\"\nsorce = \"typo\"\n",
	}
	for p, c := range bad {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Run(context.Background(), opts)
	if err == nil {
		t.Fatal("build with bad input succeeded")
	}
	msg := err.Error()
	for _, want := range []string{
		"seeds/binary.txt:3: text is not valid UTF-8",
		"seeds/empty.txt: only white space: no headline",
		"seeds/front.md:3: titel: unknown field",
		"seeds/front.md:4: date:",
		"seeds/good.meta.toml:2: sorce: unknown field",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not contain %q:\n%s", want, msg)
		}
	}
	after := tree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("the previous site changed: %d files, had %d", len(after), len(before))
	}
	for p, data := range before {
		if !bytes.Equal(data, after[p]) {
			t.Errorf("%s changed after a failed build", p)
		}
	}
}

func TestBrokenTemplateOverride(t *testing.T) {
	root := writeSite(t, map[string]string{
		"seeds/good.txt":         goodClipping,
		"templates/article.html": "{{define \"main\"}}{{.Article.Nope}}{{end}}",
	})
	_, err := Run(context.Background(), Options{Source: root, Theme: briefing.Theme()})
	if err == nil || !strings.Contains(err.Error(), "article") {
		t.Fatalf("err = %v, want a template error naming the template", err)
	}
}

func TestSidecarAndOverride(t *testing.T) {
	root := writeSite(t, map[string]string{
		"seeds/good.txt":       goodClipping,
		"seeds/good.meta.toml": "date = 2016-07-15\nsource = \"Desk Wire\"\nurl = \"https://example.com/story\"\n",
		"briefing.toml":        "title = \"Vienna Desk\"\n",
		"static/extra.css":     "body{}",
	})
	dest := filepath.Join(root, "public")
	if _, err := Run(context.Background(), Options{Source: root, Theme: briefing.Theme()}); err != nil {
		t.Fatal(err)
	}
	var arts []jsonArticle
	decodeStrict(t, filepath.Join(dest, "data/articles.json"), &arts, articleFields)
	if len(arts) != 1 || arts[0].Date == nil || *arts[0].Date != "2016-07-15" || arts[0].Source == nil || *arts[0].Source != "Desk Wire" {
		t.Fatalf("sidecar metadata not applied: %+v", arts)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "articles/good/index.html"))
	for _, want := range []string{"Desk Wire", "2016-07-15", "https://example.com/story", "Vienna Desk"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("article page lacks %q", want)
		}
	}
	mustExistFingerprinted(t, dest, "extra.css")
	mustExistFingerprinted(t, dest, "style.css")
}

func TestSummaryLine(t *testing.T) {
	_, sum := buildSeeds(t, "")
	s := sum.String()
	for _, want := range []string{"5 articles", "pages", "participants", "topics", "ms"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary %q lacks %q", s, want)
		}
	}

}

func TestConfigClipRules(t *testing.T) {
	clipping := goodClipping + "\nWatch our evening bulletin on Channel Nine\n"
	root := writeSite(t, map[string]string{"seeds/good.txt": clipping})
	res, err := Generate(context.Background(), Options{Source: root, Theme: briefing.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.Site.Articles[0].Body()), "evening bulletin") {
		t.Fatal("without a site rule the promo line should stay in the body")
	}
	root = writeSite(t, map[string]string{
		"seeds/good.txt": clipping,
		"briefing.toml":  "[[clip.rule]]\nreason = \"promo\"\nwhere = \"tail\"\npattern = '^Watch our .* bulletin'\n",
	})
	res, err = Generate(context.Background(), Options{Source: root, Theme: briefing.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(res.Site.Articles[0].Body()), "evening bulletin") {
		t.Error("a [[clip.rule]] from briefing.toml did not remove the line")
	}
	root = writeSite(t, map[string]string{
		"seeds/good.txt": clipping,
		"briefing.toml":  "[[clip.rule]]\nname = \"broken\"\nreason = \"promo\"\npattern = '(unclosed'\n",
	})
	if _, err := Generate(context.Background(), Options{Source: root, Theme: briefing.Theme()}); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("err = %v, want one naming the broken rule", err)
	}
}

func TestCancelledBuildWritesNothing(t *testing.T) {
	root := writeSite(t, map[string]string{"seeds/good.txt": goodClipping})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Options{Source: root, Theme: briefing.Theme()})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !os.IsNotExist(err) {
		t.Errorf("a cancelled build created the destination: %v", err)
	}
}

// TestLargeSiteIsPaged builds 130 generated clippings: long lists are split
// into pages of at most pages.PerPage entries, and every link, pager links
// included, resolves.
func TestLargeSiteIsPaged(t *testing.T) {
	root := t.TempDir()
	if err := corpus.WriteDir(filepath.Join(root, "seeds"), corpus.Generate(corpus.Options{Seed: 3, Articles: 130})); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(root, "public")
	sum, err := Run(context.Background(), Options{Source: root, Theme: briefing.Theme(), BaseURL: "/sub/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"articles/index.html", "articles/page/2/index.html", "articles/page/3/index.html", "events/index.html", "timeline/index.html"} {
		mustExist(t, dest, p)
	}
	if _, err := os.Stat(filepath.Join(dest, "articles/page/4/index.html")); err == nil {
		t.Error("130 articles should make 3 pages of the article list, not 4")
	}
	top := sum.Site.Participants[0]
	for _, p := range sum.Site.Participants {
		if len(p.Articles) > len(top.Articles) {
			top = p
		}
	}
	if len(top.Articles) <= pages.PerPage {
		t.Fatalf("the most mentioned participant is in %d articles; the corpus should make longer lists", len(top.Articles))
	}
	mustExist(t, dest, "participants/"+top.ID+"/page/2/index.html")
	first, _ := os.ReadFile(filepath.Join(dest, "participants", top.ID, "index.html"))
	if n := bytes.Count(first, []byte(`class="snippet"`)); n != pages.PerPage {
		t.Errorf("first page of %s lists %d mentions, want %d", top.ID, n, pages.PerPage)
	}
	if !bytes.Contains(first, []byte(`rel="next"`)) {
		t.Errorf("first page of %s has no link to the next page", top.ID)
	}
	home, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	if n := bytes.Count(home, []byte(`class="item-title"`)); n != pages.HomeArticles {
		t.Errorf("home lists %d articles, want the newest %d", n, pages.HomeArticles)
	}
	checkLinks(t, dest, "/sub/")
}

func TestProgress(t *testing.T) {
	root := writeSite(t, map[string]string{"seeds/good.txt": goodClipping})
	final := map[string][2]int{}
	_, err := Generate(context.Background(), Options{Source: root, Theme: briefing.Theme(),
		Progress: func(stage string, done, total int) { final[stage] = [2]int{done, total} }})
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{"read", "render"} {
		if f, ok := final[stage]; !ok || f[0] != f[1] || f[1] == 0 {
			t.Errorf("stage %s: last progress %v, want done == total > 0", stage, f)
		}
	}
}

func TestDraftsOnlyWhenAsked(t *testing.T) {
	root := writeSite(t, map[string]string{
		"seeds/good.txt":       goodClipping,
		"seeds/draft.md":       "---\ntitle: Not yet\ndraft: true\n---\nMinister Anna Berg will speak on Friday.\n",
		"seeds/good.meta.toml": "source = \"Wire\"\n",
	})
	for _, drafts := range []bool{false, true} {
		res, err := Generate(context.Background(), Options{Source: root, Theme: briefing.Theme(), Drafts: drafts})
		if err != nil {
			t.Fatal(err)
		}
		found := slices.ContainsFunc(res.Files, func(f output.File) bool { return f.Path == "articles/draft/index.html" })
		if found != drafts {
			t.Errorf("Drafts=%v: draft page built = %v", drafts, found)
		}
	}
}
