package extract

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"briefing/site/article"
	"briefing/site/clip"
	"briefing/site/config"
	"briefing/site/corpus"
)

var (
	update     = flag.Bool("update", false, "rewrite the golden files in testdata")
	fullDigest = flag.Bool("digest", false, "print the digest of the seeds and of 5,000 generated articles")
)

const (
	goldenInputs = "testdata/corpus.json.gz" // frozen generated articles (title, paragraphs, hints)
	goldenDigest = "testdata/corpus.digest"  // digest of their Annotations
	goldenN      = 300                       // articles kept from corpus seed 1
)

// defaultTopics is the default taxonomy of the site configuration.
func defaultTopics() []Topic {
	var out []Topic
	for _, t := range config.Default().Topics {
		out = append(out, Topic{ID: t.ID, Name: t.Name, Description: t.Description, Terms: t.Terms})
	}
	return out
}

// generated reads n generated clippings of seed 1 with the default clip rules.
func generated(t testing.TB, n int) []*article.Article {
	t.Helper()
	r, err := clip.NewReader(clip.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	var arts []*article.Article
	for _, f := range corpus.Generate(corpus.Options{Seed: 1, Articles: n}) {
		a, err := r.Read(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	return arts
}

// digestAnnotations writes every field of ann to h, unambiguously: nil
// slices apart from empty ones.
func digestAnnotations(h io.Writer, ann Annotations) {
	fmt.Fprintf(h, "P%s\n", count(ann.Participants))
	for _, p := range ann.Participants {
		fmt.Fprintf(h, "%q %q %q A%s%q R%s%q M%s", p.Key, p.Name, p.Kind, count(p.Aliases), p.Aliases, count(p.Roles), p.Roles, count(p.Mentions))
		for _, m := range p.Mentions {
			fmt.Fprintf(h, " %d:%d-%d", m.Block, m.Start, m.End)
		}
		h.Write([]byte{'\n'})
	}
	fmt.Fprintf(h, "T%s\n", count(ann.Topics))
	for _, t := range ann.Topics {
		fmt.Fprintf(h, "%q %d %s%q\n", t.ID, t.Hits, count(t.Evidence), t.Evidence)
	}
	fmt.Fprintf(h, "Q%s\n", count(ann.Quotes))
	for _, q := range ann.Quotes {
		fmt.Fprintf(h, "%q %q %d:%d-%d\n", q.Text, q.Speaker, q.Block, q.Start, q.End)
	}
}

// count is the length of s, or "nil".
func count[T any](s []T) string {
	if s == nil {
		return "nil"
	}
	return fmt.Sprint(len(s))
}

// digestAll extracts every article and returns the digest of all the annotations.
func digestAll(x *Extractor, arts []*article.Article) string {
	h := sha256.New()
	for _, a := range arts {
		fmt.Fprintf(h, "== %q\n", a.ID)
		digestAnnotations(h, x.Extract(a))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// frozenArticle is what extraction reads of an article.
type frozenArticle struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Paragraphs   []string `json:"paragraphs"`
	Exclude      []string `json:"exclude,omitempty"`
	Participants []string `json:"participants,omitempty"`
	Topics       []string `json:"topics,omitempty"`
}

func freeze(a *article.Article) frozenArticle {
	f := frozenArticle{ID: a.ID, Title: a.Title, Exclude: a.Exclude, Participants: a.Participants, Topics: a.Topics}
	for _, b := range a.Blocks {
		f.Paragraphs = append(f.Paragraphs, b.Text)
	}
	return f
}

func (f frozenArticle) article() *article.Article {
	a := &article.Article{ID: f.ID, Title: f.Title, Exclude: f.Exclude, Participants: f.Participants, Topics: f.Topics}
	for _, p := range f.Paragraphs {
		a.Blocks = append(a.Blocks, article.Block{Kind: article.Paragraph, Text: p})
	}
	return a
}

// TestCorpusGolden holds Extract's output on a frozen set of generated
// articles (kept in testdata, so that changes to the generator or the
// clipping reader do not move it) to a checked-in digest. Any change to what
// extraction produces shows here; when it is intended, run with -update.
func TestCorpusGolden(t *testing.T) {
	if *update {
		var fs []frozenArticle
		for _, a := range generated(t, goldenN) {
			fs = append(fs, freeze(a))
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		enc := json.NewEncoder(zw)
		enc.SetIndent("", " ")
		if err := enc.Encode(fs); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(goldenInputs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenInputs, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	arts := frozenArticles(t)
	x := mustNew(t, Options{Topics: defaultTopics()})
	checkKeys = true // keys taken from tokens must be the keys of the names
	defer func() { checkKeys = false }()
	got := digestAll(x, arts)
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
	if got != strings.TrimSpace(string(want)) {
		t.Errorf("digest of %d articles = %s, want %s (run with -update if the change is intended)", len(arts), got, want)
	}
}

func frozenArticles(t testing.TB) []*article.Article {
	t.Helper()
	data, err := os.ReadFile(goldenInputs)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var fs []frozenArticle
	if err := json.NewDecoder(zr).Decode(&fs); err != nil {
		t.Fatal(err)
	}
	arts := make([]*article.Article, len(fs))
	for i, f := range fs {
		arts[i] = f.article()
	}
	return arts
}

// TestFullDigest prints (with -digest) the digest of the Annotations of the
// seeds and of 5,000 generated articles, with the default rules and
// taxonomy: the guard to compare before and after a change meant to keep
// the output as it is.
func TestFullDigest(t *testing.T) {
	if !*fullDigest {
		t.Skip("run with -digest")
	}
	x := mustNew(t, Options{Topics: defaultTopics()})
	seeds, _ := seedArticles(t)
	t.Logf("seeds (%d): %s", len(seeds), digestAll(x, seeds))
	r, err := clip.NewReader(clip.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	var clipped []*article.Article
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		a, err := r.Read(filepath.Base(n), data)
		if err != nil {
			t.Fatal(err)
		}
		clipped = append(clipped, a)
	}
	t.Logf("seeds via clip (%d): %s", len(clipped), digestAll(x, clipped))
	gen := generated(t, 5000)
	t.Logf("generated (%d): %s", len(gen), digestAll(x, gen))
}

// BenchmarkExtractCorpus extracts 2,000 generated articles (seed 1) read
// with the default clip rules, with the default taxonomy.
func BenchmarkExtractCorpus(b *testing.B) {
	arts := generated(b, 2000)
	x := mustNew(b, Options{Topics: defaultTopics()})
	size := 0
	for _, a := range arts {
		for _, s := range a.Text() {
			size += len(s)
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	start, cpu := time.Now(), processCPU()
	for b.Loop() {
		for _, a := range arts {
			x.Extract(a)
			n++
		}
	}
	elapsed, cpu := time.Since(start), processCPU()-cpu
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(n), "ns/article")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/article")
	}
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(n), "allocs/article")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n), "B/article")
	b.ReportMetric(float64(size)/float64(len(arts)), "text-B/article")
}
