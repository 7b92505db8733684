package clip

import (
	"sync"
	"testing"

	"briefing/site/corpus"
)

var benchCorpus = sync.OnceValue(func() []corpus.File {
	return corpus.Generate(corpus.Options{Seed: 1, Articles: 2000})
})

// BenchmarkReadCorpus reads 2,000 generated clippings per iteration, with
// one Reader, as a build does.
func BenchmarkReadCorpus(b *testing.B) {
	files := benchCorpus()
	n := 0
	for _, f := range files {
		n += len(f.Data)
	}
	rd, err := NewReader(DefaultRules())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		rd.forget() // read the clippings anew, as a build does
		for _, f := range files {
			if _, err := rd.Read(f.Name, f.Data); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/article")
}

// BenchmarkNewReader compiles the default rules, as a build does once.
func BenchmarkNewReader(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewReader(DefaultRules()); err != nil {
			b.Fatal(err)
		}
	}
}
