package assets

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

func TestFingerprint(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		// sha256("") = e3b0c442…, sha256("abc") = ba7816bf…
		{"style.css", "", "style.e3b0c442.css"},
		{"css/site.min.css", "abc", "css/site.min.ba7816bf.css"},
		{"App.JS", "abc", "App.ba7816bf.JS"},
	} {
		got, sri := Fingerprint(tc.name, []byte(tc.data))
		if got != tc.want {
			t.Errorf("Fingerprint(%q, %q) = %q, want %q", tc.name, tc.data, got, tc.want)
		}
		if sri != Integrity([]byte(tc.data)) {
			t.Errorf("Fingerprint(%q) integrity %q, want Integrity's", tc.name, sri)
		}
	}
	// The example of the Subresource Integrity specification's test suite:
	// sha384 of "alert('Hello, world.');".
	if got, want := Integrity([]byte("alert('Hello, world.');")), "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"; got != want {
		t.Errorf("Integrity = %q, want %q", got, want)
	}
	for name, want := range map[string]bool{"style.css": true, "a/b.JS": true, "x.mjs": false, "logo.png": false, "robots.txt": false, "favicon.ico": false, "font.woff2": false} {
		if Fingerprinted(name) != want {
			t.Errorf("Fingerprinted(%q) = %v, want %v", name, !want, want)
		}
	}
}

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Talks  in   Geneva</title>
<script type="application/ld+json">{
  "@context": "https://schema.org",
  "headline": "Talks \u003c/script\u003e",
  "n": 1.50
}</script>
<style>
body   { color : #ff0000 ; }
</style>
<link rel="stylesheet" href="/style.css">
</head>
<body class="page-article">
<!-- a comment -->
<p>One   <em>two</em> three</p>
<ul>
<li>a</li>
<li>b</li>
</ul>
<form method="get"><input type="text" name="q"></form>
<pre>  kept
    as is</pre>
<script>
  var   answer = 40 + 2 ;
</script>
</body>
</html>
`

func TestMinifyHTML(t *testing.T) {
	m := NewMinifier()
	out, err := m.Minify(nil, "articles/x/index.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	if len(got) >= len(page) {
		t.Errorf("%d bytes minified, %d before", len(got), len(page))
	}
	if !strings.HasPrefix(got, `<!doctype html><html lang="en"><head><meta charset="utf-8">`) {
		t.Errorf("starts %.80q", got)
	}
	for _, want := range []string{
		`<title>Talks in Geneva</title>`,
		`content="width=device-width,initial-scale=1"`,
		`</head><body class="page-article">`,
		`<li>a</li>`, `</ul>`, `</body></html>`,
		`<p>One <em>two</em> three</p>`,
		`method="get"`, `type="text"`,
		"<pre>  kept\n    as is</pre>",
		`href="/style.css"`,
		`body{color:red}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("minified page lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "a comment") {
		t.Error("the comment is kept")
	}
	ld := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(got)
	if ld == nil {
		t.Fatalf("no JSON-LD in\n%s", got)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(ld[1]), &v); err != nil {
		t.Fatalf("JSON-LD %s: %v", ld[1], err)
	}
	if v["headline"] != "Talks </script>" || v["n"] != 1.5 || strings.Contains(ld[1], "\n") || strings.Contains(ld[1], "</") {
		t.Errorf("JSON-LD minified to %s", ld[1])
	}
	again, _ := m.Minify(nil, "index.html", []byte(page))
	if !bytes.Equal(again, out) {
		t.Error("two runs differ")
	}
}

func TestMinifyOthers(t *testing.T) {
	m := NewMinifier()
	var buf bytes.Buffer
	feed := "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>A &amp; B</title>\n  <entry>\n    <title>One</title>\n  </entry>\n</feed>\n"
	out, err := m.Minify(&buf, "feed.xml", []byte(feed))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) >= len(feed) || !bytes.Contains(out, []byte("<title>A &amp; B</title>")) {
		t.Errorf("feed.xml minified to %s", out)
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	for {
		if _, err := d.Token(); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Errorf("feed.xml: %v", err)
			}
			break
		}
	}
	data := "[\n  {\n    \"id\": \"a\",\n    \"n\": 1.0,\n    \"s\": \"x  y\"\n  }\n]\n"
	out, err = m.Minify(&buf, "data/articles.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `[{"id":"a","n":1.0,"s":"x  y"}]` {
		t.Errorf("json minified to %s", out)
	}
	out, err = m.Minify(&buf, "app.js", []byte("function add ( a , b ) {\n  return a + b ;\n}\n"))
	if err != nil || len(out) == 0 || bytes.Contains(out, []byte("\n  ")) {
		t.Errorf("js minified to %q, %v", out, err)
	}
	if _, err := m.Minify(&buf, "broken.js", []byte("function (")); err == nil || !strings.Contains(err.Error(), "broken.js") {
		t.Errorf("broken JS: err = %v, want one naming the file", err)
	}
	for _, name := range []string{"robots.txt", "logo.svg", "font.woff2"} {
		in := []byte("  keep   me  \n")
		if out, err := m.Minify(&buf, name, in); err != nil || !bytes.Equal(out, in) {
			t.Errorf("%s: %q, %v; want the bytes as they are", name, out, err)
		}
	}
	var none *Minifier
	if out, err := none.Minify(nil, "index.html", []byte(page)); err != nil || string(out) != page {
		t.Errorf("a nil Minifier changed the page: %v", err)
	}
}
