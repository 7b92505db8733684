package events

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
)

// TestReaderMatchesRead reads a corpus again and again through one Reader
// while documents are edited, added, removed and reordered, on varying
// numbers of CPUs, and holds every grouping to a fresh Group of the same
// documents.
func TestReaderMatchesRead(t *testing.T) {
	base := datedCorpusDocs(t, 300)
	type version struct {
		doc Doc
		key string
	}
	rng := rand.New(rand.NewPCG(7, 11))
	live := make([]version, 0, len(base))
	for i, d := range base[:200] {
		live = append(live, version{d, fmt.Sprint(i, ".0")})
	}
	next := 200
	r := NewReader()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for step := range 12 {
		runtime.GOMAXPROCS([]int{1, 2, 4}[step%3])
		switch step % 4 {
		case 1: // edit: another sentence, another date
			for range 5 {
				k := rng.IntN(len(live))
				d := live[k].doc
				d.Text = append(slices.Clip(d.Text), fmt.Sprintf("Talks resumed in Vientiane on step %d.", step))
				if !d.Date.IsZero() && rng.IntN(2) == 0 {
					d.Date = d.Date.Add(time.Duration(rng.IntN(5)-2) * 24 * time.Hour)
				}
				live[k] = version{d, fmt.Sprint(live[k].key, ".", step)}
			}
		case 2: // add some, remove some
			for range 10 {
				if next < len(base) {
					live = append(live, version{base[next], fmt.Sprint(next, ".0")})
					next++
				}
			}
			for range 7 {
				k := rng.IntN(len(live))
				live = slices.Delete(live, k, k+1)
			}
		case 3:
			rng.Shuffle(len(live), func(i, j int) { live[i], live[j] = live[j], live[i] })
		}
		docs := make([]Doc, len(live))
		keys := make([]any, len(live))
		for k, v := range live {
			docs[k], keys[k] = v.doc, v.key
		}
		got := dumpEvents(r.Read(docs, keys).Prepare(participantsOf(docs)).Group(Options{}))
		want := dumpEvents(Group(docs, Options{}))
		if got != want {
			t.Fatalf("step %d: a Reader's events differ from a fresh grouping:\n%s", step, firstDiff(want, got))
		}
	}
}
