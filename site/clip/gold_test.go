package clip

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/site/textnorm"
)

// goldPath is the hand-made annotation of the seed clippings; it sits beside
// the repository (in CI too), so a missing file is a failure, not a skip.
const (
	goldPath = "../../../shared/gold/seeds.json"
	seedDir  = "../../seeds"
)

type goldSeed struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Author      *string  `json:"author"`
	Boilerplate []string `json:"boilerplate"`
}

// collapse normalizes s like the reader does and folds runs of spaces, so
// that gold text typed without no-break spaces compares equal.
func collapse(t *testing.T, s string) string {
	t.Helper()
	n, err := textnorm.Normalize("gold", []byte(s))
	if err != nil {
		t.Fatalf("normalizing %q: %v", s, err)
	}
	return strings.Join(strings.Fields(n), " ")
}

// TestGoldSeeds checks the reader against the gold annotation of every seed:
// the title; the body is exactly the non-boilerplate lines after the title,
// verbatim and in order; no gold boilerplate line is (in) a body block, and
// each is recorded in Removed; the author.
func TestGoldSeeds(t *testing.T) {
	data, err := os.ReadFile(goldPath)
	if err != nil {
		t.Fatalf("gold annotations missing: %v", err)
	}
	var gold []goldSeed
	if err := json.Unmarshal(data, &gold); err != nil {
		t.Fatalf("%s: %v", goldPath, err)
	}
	byID := map[string]goldSeed{}
	for _, g := range gold {
		byID[g.ID] = g
	}
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds in %s (%v)", seedDir, err)
	}
	rd := newDefaultReader(t)
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(id, func(t *testing.T) {
			g, ok := byID[id]
			if !ok {
				t.Fatalf("no gold entry for seed %s", id)
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			a, err := rd.Read("seeds/"+id+".txt", src)
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != id {
				t.Errorf("ID = %q, want %q", a.ID, id)
			}
			if got, want := collapse(t, a.Title), collapse(t, g.Title); got != want {
				t.Errorf("title = %q, want %q", got, want)
			}
			wantAuthor := ""
			if g.Author != nil {
				wantAuthor = *g.Author
			}
			if a.Author != wantAuthor {
				t.Errorf("author = %q, want %q", a.Author, wantAuthor)
			}

			boiler := map[string]bool{}
			for _, b := range g.Boilerplate {
				boiler[collapse(t, b)] = true
			}
			norm, err := textnorm.Normalize(f, src)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			seenTitle := false
			for l := range strings.SplitSeq(norm, "\n") {
				l = collapse(t, l)
				switch {
				case l == "":
				case !seenTitle:
					seenTitle = true
				case !boiler[l]:
					want = append(want, l)
				}
			}
			var got []string
			for _, b := range a.Blocks {
				text := collapse(t, b.Text)
				got = append(got, text)
				for bp := range boiler {
					if strings.Contains(text, bp) {
						t.Errorf("boilerplate %q is in body block at line %d", bp, b.Line)
					}
				}
			}
			for i := 0; i < max(len(got), len(want)); i++ {
				var g, w string
				if i < len(got) {
					g = got[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g != w {
					t.Errorf("body block %d:\n got  %q\n want %q", i, g, w)
				}
			}
			removed := map[string]bool{}
			for _, r := range a.Removed {
				removed[collapse(t, r.Text)] = true
			}
			for bp := range boiler {
				if !removed[bp] {
					t.Errorf("boilerplate %q not recorded in Removed", bp)
				}
			}
		})
	}
}
