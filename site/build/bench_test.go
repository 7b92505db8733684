package build

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"briefing"
	"briefing/site/article"
	"briefing/site/assets"
	"briefing/site/config"
	"briefing/site/corpus"
	"briefing/site/index"
	"briefing/site/output"
	"briefing/site/pages"
	"briefing/site/source"
)

var benchArticles = flag.Int("articles", 1000, "articles in the corpus of the stage benchmarks")

// BenchmarkBuild builds a generated corpus of clippings into an empty
// destination and reports each stage's share of the build:
//
//	go test ./site/build -run '^$' -bench Build -benchtime 5x [-articles 10000]
func BenchmarkBuild(b *testing.B) {
	root := benchCorpus(b).root
	stages := map[string]time.Duration{}
	var total time.Duration
	for i := 0; b.Loop(); i++ {
		dest := filepath.Join(b.TempDir(), "public")
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
	reportPerArticle(b)
}

// The stage benchmarks time one stage at a time on the same corpus, with
// the stages before it done once beforehand:
//
//	go test ./site/build -run '^$' -bench Stage [-articles 10000]
//
// Each reports ns/article, so that runs at different sizes show whether
// the cost per article stays flat.

// BenchmarkStageRead loads and parses every clipping (the read stage
// without extraction).
func BenchmarkStageRead(b *testing.B) {
	c := benchCorpus(b)
	fsys := os.DirFS(c.root)
	for b.Loop() {
		err := forEach(context.Background(), len(c.files), nil, func() struct{} { return struct{}{} }, func(_ struct{}, i int) error {
			f := c.files[i]
			if err := f.Load(fsys, c.readers.maxSize); err != nil {
				return err
			}
			_, err := c.readers.read(f)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportPerArticle(b)
}

// BenchmarkStageExtract finds participants, quotes, topics and dates in
// parsed articles.
func BenchmarkStageExtract(b *testing.B) {
	c := benchCorpus(b)
	for b.Loop() {
		err := forEach(context.Background(), len(c.articles), nil, func() struct{} { return struct{}{} }, func(_ struct{}, i int) error {
			annotate(c.articles[i], c.readers.x)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportPerArticle(b)
}

// BenchmarkStageIndex merges the per-article results into the site.
func BenchmarkStageIndex(b *testing.B) {
	c := benchCorpus(b)
	for b.Loop() {
		if _, err := index.Build(c.inputs, indexOptions(c.cfg)); err != nil {
			b.Fatal(err)
		}
	}
	reportPerArticle(b)
}

// BenchmarkStageRender renders every page into memory.
func BenchmarkStageRender(b *testing.B) {
	c := benchCorpus(b)
	var size int64
	for b.Loop() {
		rd, err := newRenderer(briefing.Theme(), c.router, c.cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		var mu sync.Mutex
		size = 0
		m := &model{rd: rd, list: c.pages}
		err = m.renderAll(context.Background(), func(_ string, data []byte) error {
			mu.Lock()
			size += int64(len(data))
			mu.Unlock()
			return nil
		}, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(size)
	reportPerArticle(b)
}

// BenchmarkStageMinify minifies every rendered page, one after another, as
// Options.Minify does; it reports the bytes saved.
func BenchmarkStageMinify(b *testing.B) {
	files := benchCorpus(b).rendered(b)
	m := assets.NewMinifier()
	var buf bytes.Buffer
	var in, out int64
	for b.Loop() {
		in, out = 0, 0
		for _, f := range files {
			data, err := m.Minify(&buf, f.Path, f.Data)
			if err != nil {
				b.Fatal(err)
			}
			in += int64(len(f.Data))
			out += int64(len(data))
		}
	}
	b.SetBytes(in)
	b.ReportMetric(100*float64(in-out)/float64(in), "saved-%")
	reportPerArticle(b)
}

// BenchmarkStageWrite writes the rendered site to an empty folder and
// swaps it in.
func BenchmarkStageWrite(b *testing.B) {
	c := benchCorpus(b)
	files := c.rendered(b)
	var size int64
	for _, f := range files {
		size += int64(len(f.Data))
	}
	for b.Loop() {
		dest := filepath.Join(b.TempDir(), "public")
		tree, err := output.Begin(dest)
		if err != nil {
			b.Fatal(err)
		}
		err = forEach(context.Background(), len(files), nil, func() struct{} { return struct{}{} }, func(_ struct{}, i int) error {
			return tree.Write(files[i].Path, files[i].Data)
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := tree.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(size)
	reportPerArticle(b)
}

func reportPerArticle(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(*benchArticles), "ns/article")
}

// stageCorpus is a generated corpus on disk with every stage's input made
// once.
type stageCorpus struct {
	root     string
	cfg      config.Config
	readers  readers
	files    []source.File
	articles []*article.Article
	inputs   []index.Input
	router   pages.Router
	pages    []*pages.Page

	renderOnce sync.Once
	output     []output.File
}

var (
	corpora   = map[int]*stageCorpus{}
	corporaMu sync.Mutex
)

// benchCorpus returns the corpus of -articles articles, made on first use
// in a folder that lasts for the test binary's run.
func benchCorpus(b *testing.B) *stageCorpus {
	b.Helper()
	corporaMu.Lock()
	defer corporaMu.Unlock()
	n := *benchArticles
	if c := corpora[n]; c != nil {
		return c
	}
	root, err := os.MkdirTemp("", fmt.Sprintf("briefing-bench-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	benchCleanup = append(benchCleanup, root)
	if err := corpus.WriteDir(filepath.Join(root, "seeds"), corpus.Generate(corpus.Options{Seed: 1, Articles: n})); err != nil {
		b.Fatal(err)
	}
	c := &stageCorpus{root: root, cfg: config.Default()}
	if c.readers, err = newReaders(c.cfg); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(root)
	if c.files, _, err = source.Articles(fsys, c.cfg.ContentDir); err != nil {
		b.Fatal(err)
	}
	if c.inputs, err = readAll(context.Background(), fsys, c.files, c.readers, false, nil); err != nil {
		b.Fatal(err)
	}
	for _, in := range c.inputs {
		c.articles = append(c.articles, in.Article)
	}
	site, err := index.Build(c.inputs, indexOptions(c.cfg))
	if err != nil {
		b.Fatal(err)
	}
	if c.router, err = pages.NewRouter(c.cfg.BaseURL); err != nil {
		b.Fatal(err)
	}
	c.pages = pages.List(site, c.router, c.cfg.Title, c.cfg.TopParticipants)
	corpora[n] = c
	return c
}

// rendered returns every page of the corpus's site, rendered once.
func (c *stageCorpus) rendered(b *testing.B) []output.File {
	c.renderOnce.Do(func() {
		rd, err := newRenderer(briefing.Theme(), c.router, c.cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		for _, p := range c.pages {
			if err := rd.Render(&buf, p); err != nil {
				b.Fatal(err)
			}
			c.output = append(c.output, output.File{Path: pages.File(p.Path), Data: bytes.Clone(buf.Bytes())})
		}
	})
	return c.output
}

// benchCleanup lists the corpus folders TestMain removes.
var benchCleanup []string

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	for _, dir := range benchCleanup {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// BenchmarkRebuildOne edits one article and rebuilds, as watch mode and the
// preview server do, and reports how long until the new site can be served
// (prepare: read what changed, index, lay out) and until every page is
// rendered and compared (finish):
//
//	go test ./site/build -run '^$' -bench RebuildOne -benchtime 10x [-articles 10000]
func BenchmarkRebuildOne(b *testing.B) {
	c := benchCorpus(b)
	bd := NewBuilder(Options{Source: c.root, Theme: briefing.Theme()})
	ctx := context.Background()
	if _, err := bd.Build(ctx, nil); err != nil {
		b.Fatal(err)
	}
	rel := c.files[len(c.files)/2].Path
	file := filepath.Join(c.root, filepath.FromSlash(rel))
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(file, orig, 0o644)
	var prepare, finish []time.Duration
	for i := 0; b.Loop(); i++ {
		edited := fmt.Appendf(bytes.Clone(orig), "\nA further statement, number %d, came from Ottilie Marchbanks.\n", i)
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		l, err := bd.Prepare(ctx, []string{rel})
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := l.Lookup("index.html"); !ok {
			b.Fatal("no home page")
		}
		prepare = append(prepare, time.Since(start))
		if _, err := bd.Finish(ctx, l); err != nil {
			b.Fatal(err)
		}
		finish = append(finish, time.Since(start))
	}
	b.ReportMetric(median(prepare).Seconds()*1000, "served-ms")
	b.ReportMetric(median(finish).Seconds()*1000, "finished-ms")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
