package events

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"briefing/site/clip"
	gen "briefing/site/corpus"
	"briefing/site/dates"
	"briefing/site/extract"
)

var corpusCache = struct {
	sync.Mutex
	docs map[int][]Doc
}{docs: map[int][]Doc{}}

// corpusDocs returns the first n generated clippings (package corpus, seed
// 1) as the index stage hands them to Group (see site/index/events.go):
// Text is the headline and body, Participants the keys extraction finds,
// Dates the day-precision dates dates.Find resolves. Generated clippings
// carry no publication date, as in a build without sidecars. The result
// is cached: callers must not modify it.
func corpusDocs(tb testing.TB, n int) []Doc {
	tb.Helper()
	corpusCache.Lock()
	defer corpusCache.Unlock()
	if docs, ok := corpusCache.docs[n]; ok {
		return docs
	}
	r, err := clip.NewReader(clip.DefaultRules())
	if err != nil {
		tb.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	files := gen.Generate(gen.Options{Seed: 1, Articles: n})
	docs := make([]Doc, len(files))
	spread(runtime.GOMAXPROCS(0), len(files), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			a, err := r.Read(files[i].Name, files[i].Data)
			if err != nil {
				panic(err)
			}
			text := a.Text()
			d := Doc{ID: a.ID, Title: a.Title, Text: text, Date: a.Date}
			for _, p := range x.Extract(a).Participants {
				d.Participants = append(d.Participants, p.Key)
			}
			for _, m := range dates.Find(text, a.Date) {
				if !m.Date.IsZero() && m.Precision == dates.Day {
					d.Dates = append(d.Dates, m.Date)
				}
			}
			docs[i] = d
		}
	})
	corpusCache.docs[n] = docs
	return docs
}

// datedCorpusDocs is corpusDocs with publication dates spread over two
// years, in clusters of neighbouring articles, as sidecars would give
// them; Dates are resolved against them.
func datedCorpusDocs(tb testing.TB, n int) []Doc {
	tb.Helper()
	src := corpusDocs(tb, n)
	docs := make([]Doc, len(src))
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, d := range src {
		d.Date = start.AddDate(0, 0, (i*37)%730)
		d.Dates = nil
		for _, m := range dates.Find(d.Text, d.Date) {
			if !m.Date.IsZero() && m.Precision == dates.Day {
				d.Dates = append(d.Dates, m.Date)
			}
		}
		docs[i] = d
	}
	return docs
}

// BenchmarkGroupCorpus groups generated clippings as a build of that many
// articles does (see corpusDocs): realistic text of 2 to 6 KB, extracted
// participants, no publication dates. It reports time and memory
// allocated per document.
func BenchmarkGroupCorpus(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		docs := corpusDocs(b, n)
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				Group(docs, Options{})
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(n), "B/doc")
		})
	}
}
