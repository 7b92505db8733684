package search_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"briefing"
	"briefing/site/build"
	"briefing/site/corpus"
	"briefing/site/index"
	"briefing/site/pages"
	"briefing/site/search"
)

var benchArticles = flag.Int("articles", 10000, "articles in the corpus of BenchmarkFiles")

// BenchmarkFiles makes the search index of a generated site:
//
//	go test ./site/search -run '^$' -bench Files [-articles 1000]
func BenchmarkFiles(b *testing.B) {
	site, r := benchSite(b)
	var size int64
	for b.Loop() {
		files, err := search.Files(site, r)
		if err != nil {
			b.Fatal(err)
		}
		size = int64(len(files[0].Data))
	}
	b.SetBytes(size)
}

var benchSites = map[int]*build.Result{}

// benchSite returns the site of a generated corpus of -articles articles,
// built once per run of the test binary.
func benchSite(b testing.TB) (*index.Site, pages.Router) {
	b.Helper()
	n := *benchArticles
	res := benchSites[n]
	if res == nil {
		res = generate(b, n)
		benchSites[n] = res
	}
	r, err := pages.NewRouter(res.Config.BaseURL)
	if err != nil {
		b.Fatal(err)
	}
	return res.Site, r
}

// generate builds a generated corpus of n articles in memory.
func generate(b testing.TB, n int) *build.Result {
	root, err := os.MkdirTemp("", "briefing-search-bench-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(root)
	if err := corpus.WriteDir(filepath.Join(root, "seeds"), corpus.Generate(corpus.Options{Seed: 1, Articles: n})); err != nil {
		b.Fatal(err)
	}
	res, err := build.Generate(context.Background(), build.Options{Source: root, Theme: briefing.Theme()})
	if err != nil {
		b.Fatal(err)
	}
	res.Files = nil
	return res
}

// BenchmarkFilesEncoder makes the index as Files did with encoding/json,
// for comparison.
func BenchmarkFilesEncoder(b *testing.B) {
	site, r := benchSite(b)
	var size int64
	for b.Loop() {
		data, err := search.RefFiles(site, r)
		if err != nil {
			b.Fatal(err)
		}
		size = int64(len(data))
	}
	b.SetBytes(size)
}
