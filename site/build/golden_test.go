package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"golang.org/x/tools/txtar"

	"briefing"
)

// TestGolden builds the site in testdata/site.txtar and compares every
// output file, except the theme's stylesheets, with testdata/site.golden.txtar.
func TestGolden(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	root := writeSite(t, files)
	res, err := Generate(context.Background(), Options{Source: root, Theme: briefing.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	got := &txtar.Archive{Comment: []byte("Output of testdata/site.txtar. Review changes, then: go test ./site/build -run Golden -update\n")}
	for _, f := range res.Files {
		if slices.Contains([]string{"style.css", "syntax.css"}, f.Path) {
			continue
		}
		got.Files = append(got.Files, txtar.File{Name: f.Path, Data: f.Data})
	}
	const golden = "testdata/site.golden.txtar"
	if *update {
		if err := os.WriteFile(golden, txtar.Format(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := txtar.ParseFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	wantFiles := map[string][]byte{}
	for _, f := range want.Files {
		wantFiles[f.Name] = f.Data
	}
	for _, f := range got.Files {
		w, ok := wantFiles[f.Name]
		if !ok {
			t.Errorf("new output file %s", f.Name)
			continue
		}
		delete(wantFiles, f.Name)
		if !bytes.Equal(w, f.Data) {
			t.Errorf("%s differs from %s:\n%s", f.Name, golden, firstDiff(w, f.Data))
		}
	}
	for name := range wantFiles {
		t.Errorf("output file %s is gone", name)
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return ""
}
