package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing"
)

// TestProvisional checks the page served before the index is built again:
// made only for an edit of one article's text alone, rendered from the new
// text, the same as the full rebuild's page when the index gives the
// article the same relations, and never in the way of that rebuild.
func TestProvisional(t *testing.T) {
	ctx := context.Background()
	pool, _, root := corpusSite(t, 11, 30)
	opts := Options{Source: root, Theme: briefing.Theme()}
	b := NewBuilder(opts)
	before, err := b.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	name := "seeds/" + pool[3].Name
	page := "articles/" + strings.TrimSuffix(pool[3].Name, ".txt") + "/index.html"
	file := filepath.Join(root, filepath.FromSlash(name))
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(data string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// rebuild builds after the change and checks the site against a
	// clean build.
	rebuild := func(what string, changed ...string) *Rebuild {
		t.Helper()
		r, err := b.Build(ctx, changed)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Generate(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range want.Files {
			if got, _ := r.Site.Lookup(f.Path); !bytes.Equal(got, f.Data) {
				t.Fatalf("%s: %s differs from a clean build: %s", what, f.Path, firstDiff(f.Data, got))
			}
		}
		return r
	}

	// A sentence of plain words added at the end.
	const added = "it was said again later in the week."
	text = bytes.TrimRight(text, "\n")
	edit(string(text) + "\n\n" + added + "\n")
	p, ok := b.Provisional(ctx, []string{name})
	if !ok {
		t.Fatal("no provisional page for an edit of the body text alone")
	}
	if p.Path() != page {
		t.Fatalf("provisional page %s, want %s", p.Path(), page)
	}
	got, _ := p.Lookup(page)
	if !bytes.Contains(got, []byte(added)) {
		t.Fatalf("the provisional page lacks the new text")
	}
	for _, other := range []string{"index.html", "404.html", "search/index.html"} {
		was, _ := before.Site.Lookup(other)
		if now, ok := p.Lookup(other); !ok || !bytes.Equal(now, was) {
			t.Errorf("provisional site: %s is not the last site's", other)
		}
	}
	r := rebuild("after a text edit")
	if r.Reread != 0 {
		t.Errorf("the rebuild read %d articles again; the provisional read should have been kept", r.Reread)
	}
	if full, _ := r.Site.Lookup(page); !bytes.Equal(full, got) {
		t.Errorf("the provisional page differs from the rebuilt one: %s", firstDiff(full, got))
	}

	// Edits the index must see first: a new name, a new headline, a
	// date; two files; no change at all.
	for _, c := range []struct {
		what, data string
		changed    []string
	}{
		{"a new name", string(text) + "\n\nThe talks were chaired by Ottilie Marchbanks, the envoy.\n", []string{name}},
		{"a new headline", "Update: " + string(text) + "\n", []string{name}},
		{"a stated date", string(text) + "\n\nIt was first reported on 3 March 2021.\n", []string{name}},
		{"two files", string(text) + "\n\nit was said once more.\n", []string{name, "seeds/" + pool[4].Name}},
		{"the same bytes", string(text) + "\n\nit was said once more.\n", []string{name}},
	} {
		edit(c.data)
		if _, ok := b.Provisional(ctx, c.changed); ok {
			t.Errorf("%s: a provisional page was made", c.what)
		}
		rebuild(c.what, c.changed...)
	}
}
