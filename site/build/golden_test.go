package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"briefing"
	"briefing/site/assets"
)

// TestGolden builds the site in testdata/site.txtar and compares every
// output file, except the theme's stylesheets and scripts, with
// testdata/site.golden.txtar. Their fingerprinted names and integrity
// values are written there as placeholders (see goldenFingerprints), so
// that an edit to the theme's CSS leaves the golden file as it is;
// TestFingerprints checks the real ones.
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
	placeholders := func(data []byte) []byte {
		return goldenFingerprints.ReplaceAllFunc(data, func(m []byte) []byte {
			if bytes.HasPrefix(m, []byte("sha384-")) {
				return []byte("sha384-INTEGRITY")
			}
			return []byte(".HASH" + string(m[1+assets.HashLen:]))
		})
	}
	for _, f := range res.Files {
		name := f.Path
		if goldenFingerprints.MatchString(f.Path) {
			if !strings.HasPrefix(f.Path, "search/") {
				continue // style.css, syntax.css and scripts of the theme
			}
			name = string(placeholders([]byte(f.Path))) // the search index, made from the content
		}
		got.Files = append(got.Files, txtar.File{Name: name, Data: placeholders(f.Data)})
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

// goldenFingerprints matches what a fingerprinted file's bytes put in
// its name and in the pages that link it: the hash in "style.3f2a9c1d.css"
// and the integrity value.
var goldenFingerprints = regexp.MustCompile(`\.[0-9a-f]{` + strconv.Itoa(assets.HashLen) + `}\.(css|js)\b|sha384-[A-Za-z0-9+/]{64}`)

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
