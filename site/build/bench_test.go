package build

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"briefing"
	"briefing/site/corpus"
)

// BenchmarkBuild builds generated corpora of clippings into an empty
// destination and reports each stage's share of the build:
//
//	go test ./site/build -run '^$' -bench Build -benchtime 5x
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			root := b.TempDir()
			if err := corpus.WriteDir(filepath.Join(root, "seeds"), corpus.Generate(corpus.Options{Seed: 1, Articles: n})); err != nil {
				b.Fatal(err)
			}
			stages := map[string]time.Duration{}
			var total time.Duration
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				dest := filepath.Join(root, fmt.Sprintf("public-%d", i))
				sum, err := Run(context.Background(), Options{Source: root, Destination: dest, Theme: briefing.Theme()})
				if err != nil {
					b.Fatal(err)
				}
				for _, s := range sum.Stages {
					stages[s.Name] += s.Duration
				}
				total += sum.Elapsed
			}
			for name, d := range stages {
				b.ReportMetric(100*float64(d)/float64(total), name+"-%")
			}
		})
	}
}
