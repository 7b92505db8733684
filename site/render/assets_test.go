package render_test

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/site/pages"
	"briefing/site/render"
)

// TestAssets checks the asset, integrity and assetTag functions: a
// fingerprinted file is linked under the name it is written as, with its
// integrity value written as it is; any other file under its own name.
func TestAssets(t *testing.T) {
	const sri = "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
	// The default theme, with a partial of the test's own that the home
	// page shows.
	theme := fstest.MapFS{}
	files, err := fs.Glob(os.DirFS("../.."), "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := fs.ReadFile(os.DirFS("../.."), f)
		if err != nil {
			t.Fatal(err)
		}
		theme[f] = &fstest.MapFile{Data: data}
	}
	theme["templates/home.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{template "links" .}}{{end}}`)}
	theme["templates/_test.html"] = &fstest.MapFile{Data: []byte(`{{define "links"}}` +
		`<link rel="stylesheet" href="{{asset "style.css"}}" integrity="{{integrity "style.css"}}">` + "\n" +
		`{{assetTag "/style.css"}}` + "\n" +
		`{{assetTag "js/app.js"}}` + "\n" +
		`{{assetTag "plain.css"}}` + "\n" +
		`<img src="{{asset "logo.png"}}" alt=""{{with integrity "logo.png"}} integrity="{{.}}"{{end}}>` +
		`{{end}}`)}
	router, err := pages.NewRouter("https://example.org/briefing/")
	if err != nil {
		t.Fatal(err)
	}
	rd, err := render.New(theme, router, render.SiteInfo{Assets: map[string]render.Asset{
		"style.css":  {Path: "style.3f2a9c1d.css", Integrity: sri},
		"js/app.js":  {Path: "js/app.0123abcd.js", Integrity: "sha384-x"},
		"unused.css": {Path: "unused.ffffffff.css", Integrity: "sha384-y"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	home := pages.List(testSite(), router, "T", 10)[0]
	var buf bytes.Buffer
	if err := rd.Render(&buf, home); err != nil {
		t.Fatal(err)
	}
	want := `<link rel="stylesheet" href="/briefing/style.3f2a9c1d.css" integrity="` + strings.ReplaceAll(sri, "+", "&#43;") + `">
<link rel="stylesheet" href="/briefing/style.3f2a9c1d.css" integrity="` + sri + `">
<script src="/briefing/js/app.0123abcd.js" integrity="sha384-x" defer></script>
<link rel="stylesheet" href="/briefing/plain.css">
<img src="/briefing/logo.png" alt="">`
	if got := buf.String(); !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant it to hold\n%s", got, want)
	}
	// The default theme's stylesheets.
	if got := buf.String(); !strings.Contains(got, "<link rel=\"stylesheet\" href=\"/briefing/style.3f2a9c1d.css\" integrity=\""+sri+"\">\n"+
		"<link rel=\"stylesheet\" href=\"/briefing/syntax.css\">\n") {
		t.Errorf("the default theme's stylesheets are not linked as they should be:\n%s", got)
	}

	theme["templates/_test.html"] = &fstest.MapFile{Data: []byte(`{{define "links"}}{{assetTag "logo.png"}}{{end}}`)}
	if rd, err = render.New(theme, router, render.SiteInfo{}); err != nil {
		t.Fatal(err)
	}
	if err := rd.Render(&buf, home); err == nil || !strings.Contains(err.Error(), `assetTag "logo.png"`) {
		t.Errorf("assetTag of an image: err = %v", err)
	}
}
