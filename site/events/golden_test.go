package events

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefing/site/dates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dumpEvents renders Group's result in full, one event a line: ID, title,
// date and member indexes.
func dumpEvents(evs []Event) string {
	var b strings.Builder
	for _, e := range evs {
		d := "-"
		if !e.Date.IsZero() {
			d = e.Date.Format(time.RFC3339)
		}
		ds := make([]string, len(e.Docs))
		for k, i := range e.Docs {
			ds[k] = strconv.Itoa(i)
		}
		fmt.Fprintf(&b, "%s\t%q\t%s\t%s\n", e.ID, e.Title, d, strings.Join(ds, " "))
	}
	return b.String()
}

// goldenSets are the inputs whose grouping is pinned in testdata: the
// seeds, the invented articles, generated clippings undated (as a build
// without sidecars sees them) and dated, and the synthetic corpus.
func goldenSets(t *testing.T, n int) map[string][]Doc {
	sets := map[string][]Doc{
		"seeds":     seedDocs(t),
		"corpus":    corpusDocs(t, n),
		"dated":     datedCorpusDocs(t, n),
		"synthetic": func() []Doc { d, _ := synthetic(n, 1); return d }(),
	}
	var mini []Doc
	for _, m := range corpus {
		mini = append(mini, m.doc())
	}
	sets["mini"] = mini
	return sets
}

// TestGolden pins Group's exact output (IDs, titles, dates, members) on
// fixed inputs, so that work on speed cannot change the result unnoticed.
// Regenerate with go test -update only when the grouping is meant to
// change.
func TestGolden(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 300
	}
	for name, docs := range goldenSets(t, n) {
		t.Run(name, func(t *testing.T) {
			got := []byte(dumpEvents(Group(docs, Options{})))
			file := filepath.Join("testdata", fmt.Sprintf("%s-%d.golden", name, len(docs)))
			if name == "seeds" || name == "mini" {
				file = filepath.Join("testdata", name+".golden")
			}
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Group's output on %s differs from %s:\n%s", name, file, firstDiff(string(want), string(got)))
			}
		})
	}
}

// TestGoldenMentions holds Group to the same output when a caller
// hands it the dates the text states (Doc.Mentions), as the index does.
func TestGoldenMentions(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 300
	}
	for name, docs := range goldenSets(t, n) {
		t.Run(name, func(t *testing.T) {
			with := make([]Doc, len(docs))
			for i, d := range docs {
				d.Mentions = dates.Find(d.Text, d.Date)
				if d.Mentions == nil {
					d.Mentions = []dates.Mention{}
				}
				with[i] = d
			}
			want := dumpEvents(Group(docs, Options{}))
			if got := dumpEvents(Group(with, Options{})); got != want {
				t.Errorf("Group's output on %s with Mentions differs:\n%s", name, firstDiff(want, got))
			}
		})
	}
}

// firstDiff shows the first line where two dumps differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for k := 0; k < max(len(w), len(g)); k++ {
		var a, b string
		if k < len(w) {
			a = w[k]
		}
		if k < len(g) {
			b = g[k]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", k+1, a, b)
		}
	}
	return "(no line differs)"
}
