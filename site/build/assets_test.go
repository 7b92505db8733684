package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"briefing"
)

// fingerprintedName matches a fingerprinted file name: its stem, the hash
// and the extension.
var fingerprintedName = regexp.MustCompile(`^(.+)\.([0-9a-f]{8,})(\.(?:css|js))$`)

// integrity is the Subresource Integrity value of data, made here rather
// than with package assets so that the test checks it.
func integrity(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// subresource is a stylesheet or script a page loads.
type subresource struct {
	tag, url, integrity string
	hasIntegrity        bool
}

// subresources lists the <link rel="stylesheet"> and <script src> of a page,
// read with an HTML parser, so that it works on minified pages too.
func subresources(t *testing.T, page []byte) []subresource {
	t.Helper()
	var out []subresource
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				t.Fatal(z.Err())
			}
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attr := map[string]string{}
			hasIntegrity := false
			for _, a := range tok.Attr {
				attr[a.Key] = a.Val
				hasIntegrity = hasIntegrity || a.Key == "integrity"
			}
			switch {
			case tok.Data == "link" && attr["rel"] == "stylesheet":
				out = append(out, subresource{"link", attr["href"], attr["integrity"], hasIntegrity})
			case tok.Data == "script" && attr["src"] != "":
				out = append(out, subresource{"script", attr["src"], attr["integrity"], hasIntegrity})
			}
		}
	}
}

// checkFingerprints checks the static files of the site in dest: every
// stylesheet and script is written under the name its bytes' hash gives,
// never under its own, and every page loads them under that name, with
// the integrity value of the bytes written where it gives one (a
// stylesheet always must when sri is set); every other static file keeps
// its name. It returns the fingerprinted files, by original name.
func checkFingerprints(t *testing.T, dest, prefix string, static []string, sri bool) map[string]string {
	t.Helper()
	files := tree(t, dest)
	byName := map[string]string{}
	for p, data := range files {
		m := fingerprintedName.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		if strings.HasPrefix(p, "search/") || strings.HasPrefix(p, "data/") {
			continue
		}
		sum := sha256.Sum256(data)
		if !strings.HasPrefix(hex.EncodeToString(sum[:]), m[2]) {
			t.Errorf("%s: the name does not carry the SHA-256 of its bytes (%x)", p, sum[:4])
		}
		orig := m[1] + m[3]
		if _, ok := files[orig]; ok {
			t.Errorf("%s is written under its own name too", orig)
		}
		byName[orig] = p
	}
	for _, name := range static {
		switch ext := path.Ext(name); ext {
		case ".css", ".js":
			if byName[name] == "" {
				t.Errorf("no fingerprinted %s in %v", name, slices.Sorted(maps.Keys(files)))
			}
		default:
			if _, ok := files[name]; !ok {
				t.Errorf("static file %s is not written under its own name", name)
			}
		}
	}
	pagesSeen := 0
	for p, data := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pagesSeen++
		stylesheets := 0
		for _, r := range subresources(t, data) {
			target, ok := strings.CutPrefix(r.url, prefix)
			if !ok {
				continue // another site's
			}
			served, ok := files[target]
			if !ok {
				t.Errorf("%s: %s %s is not in the site", p, r.tag, r.url)
				continue
			}
			if r.tag == "link" {
				stylesheets++
			}
			if slices.Contains(static, target) {
				t.Errorf("%s: %s %s is not fingerprinted", p, r.tag, r.url)
			}
			if !r.hasIntegrity {
				if sri && r.tag == "link" {
					t.Errorf("%s: %s %s has no integrity attribute", p, r.tag, r.url)
				}
				continue
			}
			if want := integrity(served); r.integrity != want {
				t.Errorf("%s: %s %s: integrity %q, want %q (of the bytes written)", p, r.tag, r.url, r.integrity, want)
			}
		}
		if stylesheets < 2 {
			t.Errorf("%s loads %d stylesheets, want style.css and syntax.css", p, stylesheets)
		}
	}
	if pagesSeen < 10 {
		t.Errorf("only %d pages", pagesSeen)
	}
	return byName
}

// TestFingerprints builds the seeds, plain and minified, and checks that
// stylesheets and scripts are written under fingerprinted names that every
// page links with the integrity value of the bytes written, and that every
// link resolves.
func TestFingerprints(t *testing.T) {
	var static []string
	fs.WalkDir(briefing.Theme(), "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			static = append(static, strings.TrimPrefix(p, "static/"))
		}
		return nil
	})
	static = append(static, "syntax.css")
	for _, minify := range []bool{false, true} {
		for _, base := range []string{"", "https://example.org/briefing/"} {
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Run(context.Background(), Options{Source: repoRoot, Destination: dest, BaseURL: base, Theme: briefing.Theme(), Minify: minify}); err != nil {
				t.Fatal(err)
			}
			prefix := "/"
			if base != "" {
				prefix = "/briefing/"
			}
			names := checkFingerprints(t, dest, prefix, static, true)
			if names["style.css"] == "" || names["syntax.css"] == "" {
				t.Errorf("minify=%v base=%q: fingerprinted files %v", minify, base, names)
			}
			checkLinks(t, dest, prefix)
		}
	}
}

// TestAssetInTemplateOverride: a theme of the site's own that links its
// files with {{asset "…"}} in an href or src gets the fingerprinted URL of
// a stylesheet or script (and can add {{integrity "…"}}), and the plain
// URL of any other file, which keeps its name.
func TestAssetInTemplateOverride(t *testing.T) {
	root := writeSite(t, map[string]string{
		"seeds/good.txt": goodClipping,
		"templates/layout.html": `<!doctype html>
<html lang="en">
<head>
<title>{{block "title" .}}{{.Title}}{{end}}</title>
<link rel="stylesheet" href="{{asset "style.css"}}">
<link rel="stylesheet" href="{{asset "/css/site.css"}}" integrity="{{integrity "css/site.css"}}">
<script src="{{asset "app.js"}}" integrity="{{integrity "app.js"}}" defer></script>
{{assetTag "app.js"}}
</head>
<body>
<img src="{{asset "logo.png"}}" alt="">
<a href="{{asset "robots.txt"}}">robots</a>
{{block "main" .}}{{end}}
</body>
</html>
`,
		"static/css/site.css": "body { color: #333333; }\n",
		"static/app.js":       "console.log( 'hi' );\n",
		"static/logo.png":     "\x89PNG not really",
		"static/robots.txt":   "User-agent: *\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	for _, minify := range []bool{false, true} {
		if _, err := Run(context.Background(), Options{Source: root, Destination: dest, Theme: briefing.Theme(), Minify: minify}); err != nil {
			t.Fatal(err)
		}
		names := checkFingerprints(t, dest, "/", []string{"style.css", "css/site.css", "app.js", "logo.png", "robots.txt", "syntax.css"}, false)
		page, err := os.ReadFile(filepath.Join(dest, "articles/good/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		res := subresources(t, page)
		if len(res) != 4 || res[0].url != "/"+names["style.css"] || res[1].url != "/"+names["css/site.css"] ||
			res[2].url != "/"+names["app.js"] || res[3] != res[2] {
			t.Errorf("minify=%v: the page loads %+v; fingerprinted %v", minify, res, names)
		}
		for _, want := range []string{`src="/logo.png"`, `href="/robots.txt"`} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("minify=%v: the page lacks %s", minify, want)
			}
		}
		checkLinks(t, dest, "/")
	}
}

// TestMinify builds the seeds with and without --minify: the minified site
// is smaller, file for file no larger, its pages still have a doctype,
// html, head, title and body, its JSON-LD, JSON files and feeds parse, its
// links resolve, and it is the same from build to build.
func TestMinify(t *testing.T) {
	const base = "https://example.org/briefing/" // a host: the feeds and the sitemap are written
	build := func(minify bool) map[string][]byte {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Run(context.Background(), Options{Source: repoRoot, Destination: dest, BaseURL: base, Theme: briefing.Theme(), Minify: minify}); err != nil {
			t.Fatal(err)
		}
		checkLinks(t, dest, "/briefing/")
		return tree(t, dest)
	}
	plain, small, again := build(false), build(true), build(true)
	total := func(site map[string][]byte) (n int) {
		for _, data := range site {
			n += len(data)
		}
		return n
	}
	if total(small) >= total(plain)*95/100 {
		t.Errorf("minified site %d bytes, plain %d: want at least 5%% less", total(small), total(plain))
	}
	if len(small) != len(plain) || len(again) != len(small) {
		t.Fatalf("%d files minified (%d the second time), %d plain", len(small), len(again), len(plain))
	}
	for _, p := range slices.Sorted(maps.Keys(small)) {
		data := small[p]
		if !bytes.Equal(again[p], data) {
			t.Errorf("%s differs between two minified builds", p)
		}
		orig, ok := plain[p]
		if !ok {
			if m := fingerprintedName.FindStringSubmatch(p); m != nil {
				continue // a stylesheet or script: its name changed with its bytes
			}
			t.Errorf("%s is not in the plain build", p)
			continue
		}
		if len(data) > len(orig) {
			t.Errorf("%s: %d bytes minified, %d plain", p, len(data), len(orig))
		}
		switch path.Ext(p) {
		case ".html":
			s := string(data)
			if !strings.HasPrefix(s, "<!doctype html><html lang=\"en\"><head>") {
				t.Errorf("%s starts %.60q", p, s)
			}
			for _, want := range []string{"<title>", "</title>", "</head>", "<body", "</body>", "</html>", `<meta charset="utf-8">`} {
				if !strings.Contains(s, want) {
					t.Errorf("%s lacks %s", p, want)
				}
			}
			for _, m := range ldScript.FindAllStringSubmatch(s, -1) {
				var v map[string]any
				if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
					t.Errorf("%s: JSON-LD: %v\n%s", p, err, m[1])
				}
			}
			if p != "404.html" && !ldScript.MatchString(s) {
				t.Errorf("%s has no JSON-LD", p)
			}
		case ".json":
			if !json.Valid(data) {
				t.Errorf("%s is not valid JSON", p)
			}
			var a, b any
			json.Unmarshal(orig, &a)
			json.Unmarshal(data, &b)
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if !bytes.Equal(ja, jb) {
				t.Errorf("%s: the minified JSON says something else", p)
			}
		case ".xml":
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := d.Token(); err != nil {
					if !errors.Is(err, io.EOF) {
						t.Errorf("%s: %v", p, err)
					}
					break
				}
			}
		}
	}
	for _, p := range []string{"feed.xml", "feed.json", "sitemap.xml", "robots.txt", "index.html", "data/articles.json"} {
		if _, ok := small[p]; !ok {
			t.Errorf("no %s in the minified site", p)
		}
	}
}
