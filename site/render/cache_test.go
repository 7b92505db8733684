package render_test

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/site/article"
	"briefing/site/index"
	"briefing/site/pages"
	"briefing/site/render"
)

// homeWith returns a renderer for the repository's theme with the home
// page's main replaced and the partials added, and the home page of site.
func homeWith(t *testing.T, main, partials string, site *index.Site) (*render.Renderer, *pages.Page) {
	t.Helper()
	theme := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../.."), "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile("../../" + p)
		theme[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	theme["templates/home.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}` + main + `{{end}}`)}
	theme["templates/_test.html"] = &fstest.MapFile{Data: []byte(partials)}
	router, _ := pages.NewRouter("/")
	rd, err := render.New(theme, router, render.SiteInfo{Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	return rd, pages.List(site, router, "T", 5)[0]
}

func mainOf(html string) string {
	_, after, _ := strings.Cut(html, `tabindex="-1">`)
	body, _, _ := strings.Cut(after, "</main>")
	return strings.TrimSpace(body)
}

// TestPartialCached checks that a cached partial is rendered once per dot:
// a later change to the dot's data does not show, another dot renders anew,
// and the Each form joins a list.
func TestPartialCached(t *testing.T) {
	a := &index.Article{Article: &article.Article{Title: "First <b>"}}
	b := &index.Article{Article: &article.Article{Title: "Second"}}
	site := &index.Site{Articles: []*index.Article{a, b}}
	rd, home := homeWith(t, `{{range .Articles}}[{{partialCached "t" .}}]{{end}} {{partialCachedEach "t" .Articles}}`,
		`{{define "t"}}<i>{{.Title}}</i>{{end}}`, site)
	var buf bytes.Buffer
	if err := rd.Render(&buf, home); err != nil {
		t.Fatal(err)
	}
	want := `[<i>First &lt;b&gt;</i>][<i>Second</i>] <i>First &lt;b&gt;</i><i>Second</i>`
	if got := mainOf(buf.String()); got != want {
		t.Errorf("first render:\n got %s\nwant %s", got, want)
	}
	a.Title = "Changed"
	if err := rd.Render(&buf, home); err != nil {
		t.Fatal(err)
	}
	if got := mainOf(buf.String()); got != want {
		t.Errorf("second render did not reuse the first:\n got %s\nwant %s", got, want)
	}
}

// TestPartialCachedErrors checks the errors a theme author sees.
func TestPartialCachedErrors(t *testing.T) {
	site := &index.Site{}
	for main, want := range map[string]string{
		`{{partialCached "nope" .}}`:              `no partial "nope"`,
		`{{partialCached "t" .Articles}}`:         `cannot be a cache key`,
		`{{partialCachedEach "t" .Kind}}`:         `want a list`,
		`{{range first 2 .Kind}}{{end}}`:          `want a list`,
		`{{partialCached "t" (first 1 .Events)}}`: `cannot be a cache key`,
	} {
		rd, home := homeWith(t, main, `{{define "t"}}x{{end}}`, site)
		var buf bytes.Buffer
		err := rd.Render(&buf, home)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one saying %q", main, err, want)
		}
	}
}
