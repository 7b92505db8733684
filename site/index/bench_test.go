package index

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"briefing/site/clip"
	"briefing/site/config"
	"briefing/site/corpus"
	"briefing/site/dates"
	"briefing/site/extract"
)

// generatedInputs returns Build's inputs for n generated clippings of seed
// 1, read and annotated as a build with the default configuration does,
// and the options that build passes.
func generatedInputs(tb testing.TB, n int) ([]Input, Options) {
	tb.Helper()
	cfg := config.Default()
	rules := extract.DefaultRules()
	for _, p := range cfg.Participants {
		rules = append(rules, extract.Rule{Name: p.Name, Kind: extract.Kind(p.Kind), Aliases: p.Aliases, Exclude: p.Exclude})
	}
	topics := make([]extract.Topic, len(cfg.Topics))
	infos := make([]TopicInfo, len(cfg.Topics))
	for i, t := range cfg.Topics {
		topics[i] = extract.Topic{ID: t.ID, Name: t.Name, Description: t.Description, Terms: t.Terms}
		infos[i] = TopicInfo{ID: t.ID, Name: t.Name, Description: t.Description}
	}
	x, err := extract.New(extract.Options{Rules: rules, Topics: topics})
	if err != nil {
		tb.Fatal(err)
	}
	r, err := clip.NewReader(clip.DefaultRules().Extend(cfg.Clip))
	if err != nil {
		tb.Fatal(err)
	}
	files := corpus.Generate(corpus.Options{Seed: 1, Articles: n})
	inputs := make([]Input, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(files); i += workers {
				a, err := r.Read(files[i].Name, files[i].Data)
				if err != nil {
					errs[i] = err
					continue
				}
				inputs[i] = Input{Article: a, Annotations: x.Extract(a), Dates: dates.Find(a.Text(), a.Date)}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
	opts := Options{Topics: infos, Related: cfg.Related, CoParticipants: 12, MainPerTopic: 10, FallbackTopic: cfg.FallbackTopic}
	return inputs, opts
}

// BenchmarkBuild indexes generated corpora of 1,000 and 10,000 clippings
// and reports the cost per article, which should stay flat as the corpus
// grows:
//
//	go test ./site/index -run '^$' -bench Build -benchtime 5x
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			inputs, opts := generatedInputs(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := Build(inputs, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
		})
	}
}
