// Command floor is the benchmark's floor: the least work any generator must
// do with a folder of clippings, to compare briefing's build time against.
//
//	floor --source DIR --destination DIR
//
// It reads every DIR/seeds/*.txt, converts the body (the text after the
// first line) with goldmark's default settings, and writes the HTML
// fragment to destination/articles/<name>/index.html, <name> being the file
// name without .txt: one folder per article, laid out like briefing's
// article pages. Nothing else: no cleaning, extraction, index, templates or
// other pages. The files are shared out to GOMAXPROCS workers, so the floor
// uses every core as briefing may.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
)

func main() {
	source := flag.String("source", ".", "site root `folder`; the articles are its seeds/*.txt")
	dest := flag.String("destination", "", "output `folder`, created if needed")
	flag.Parse()
	if *dest == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*source, *dest); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(source, dest string) error {
	paths, err := filepath.Glob(filepath.Join(source, "seeds", "*.txt"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dest, "articles"), 0o755); err != nil {
		return err
	}
	var (
		next atomic.Int64
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			md := goldmark.New()
			var buf bytes.Buffer
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				if err := convert(md, &buf, paths[i], dest); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// convert writes the HTML of the article at path into dest.
func convert(md goldmark.Markdown, buf *bytes.Buffer, path, dest string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var body []byte
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		body = data[i+1:]
	}
	buf.Reset()
	if err := md.Convert(body, buf); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Join(dest, "articles", strings.TrimSuffix(filepath.Base(path), ".txt"))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}
