package dates

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"briefing/site/clip"
	"briefing/site/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const goldenDigest = "testdata/corpus.digest" // digest of Find on generated clippings

// corpusTexts returns the texts of 2,000 generated clippings (seed 1), read
// with the default clip rules, as a build hands them to Find.
var corpusTexts = sync.OnceValues(func() ([][]string, error) {
	r, err := clip.NewReader(clip.DefaultRules())
	if err != nil {
		return nil, err
	}
	var texts [][]string
	for _, f := range corpus.Generate(corpus.Options{Seed: 1, Articles: 2000}) {
		a, err := r.Read(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		texts = append(texts, a.Text())
	}
	return texts, nil
})

func mustCorpus(tb testing.TB) [][]string {
	tb.Helper()
	texts, err := corpusTexts()
	if err != nil {
		tb.Fatal(err)
	}
	return texts
}

// TestCorpusDigest pins every field of what Find returns on the generated
// clippings, without a publication date and with one.
func TestCorpusDigest(t *testing.T) {
	h := sha256.New()
	for _, pub := range []time.Time{{}, day(2016, time.March, 9)} {
		for i, text := range mustCorpus(t) {
			ms := Find(text, pub)
			fmt.Fprintf(h, "#%d %d\n", i, len(ms))
			for _, m := range ms {
				fmt.Fprintf(h, "%d:%d-%d %q %s %d %t %q %d %d %d %t\n", m.Block, m.Start, m.End, m.Text,
					m.Date.Format(time.DateOnly), m.Precision, m.Inferred, m.Sentence, m.month, m.day, m.weekday, m.hasWD)
			}
		}
	}
	got := hex.EncodeToString(h.Sum(nil))
	if *update {
		if err := os.WriteFile(goldenDigest, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenDigest)
	if err != nil {
		t.Fatal(err)
	}
	if w := strings.TrimSpace(string(want)); got != w {
		t.Fatalf("digest of Find on the generated corpus = %s, want %s", got, w)
	}
}

// BenchmarkFind finds the dates of 2,000 generated clippings per
// iteration, without a publication date, as a build of the generated
// corpus does.
func BenchmarkFind(b *testing.B) {
	texts := mustCorpus(b)
	n := 0
	for _, text := range texts {
		for _, s := range text {
			n += len(s)
		}
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range texts {
			Find(text, time.Time{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/article")
}
