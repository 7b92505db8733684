package compress

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"

	"briefing/site/output"
)

// page is an HTML page of about n bytes, varied by seed.
func page(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	words := []string{"minister", "budget", "council", "the", "of", "said", "vote", "river", "bridge", "<p>", "</p>\n", "<a href=\"/articles/x/\">", "</a>"}
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html><body>\n")
	for b.Len() < n {
		b.WriteString(words[r.IntN(len(words))])
		b.WriteByte(' ')
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func unbrotli(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVariantsRoundTrip(t *testing.T) {
	for _, n := range []int{MinSize, 3000, 200_000, 2_000_000} {
		data := page(uint64(n), n)
		files, err := Variants("articles/x/index.html", data)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 2 || files[0].Path != "articles/x/index.html.gz" || files[1].Path != "articles/x/index.html.br" {
			t.Fatalf("%d bytes: variants %v", n, paths(files))
		}
		if got := gunzip(t, files[0].Data); !bytes.Equal(got, data) {
			t.Errorf("%d bytes: gzip round trip differs", n)
		}
		if got := unbrotli(t, files[1].Data); !bytes.Equal(got, data) {
			t.Errorf("%d bytes: brotli round trip differs", n)
		}
		for _, f := range files {
			if len(f.Data) >= len(data) {
				t.Errorf("%s: %d bytes from %d", f.Path, len(f.Data), len(data))
			}
		}
	}
}

func paths(files []output.File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

// TestGzipHeader checks that the gzip header says nothing about when or
// from what the file was made.
func TestGzipHeader(t *testing.T) {
	gz, err := Gzip(page(1, 1000))
	if err != nil {
		t.Fatal(err)
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "" || r.Comment != "" || !r.ModTime.IsZero() || r.Extra != nil {
		t.Errorf("header = %+v, want an empty one", r.Header)
	}
	if mtime := gz[4:8]; !bytes.Equal(mtime, []byte{0, 0, 0, 0}) {
		t.Errorf("MTIME bytes = %v, want zero", mtime)
	}
	if flags := gz[3]; flags != 0 {
		t.Errorf("FLG = %#x, want 0 (no name, comment or extra field)", flags)
	}
}

// TestDeterministic checks that the variants of a file are the same bytes
// every time: from fresh and from reused writers, one goroutine or many,
// whatever was compressed before.
func TestDeterministic(t *testing.T) {
	inputs := make([][]byte, 12)
	for i := range inputs {
		inputs[i] = page(uint64(i), 300+i*i*2000)
	}
	want := make([][]output.File, len(inputs))
	for i, data := range inputs {
		files, err := Variants("index.html", data)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = files
	}
	// Fresh writers, not from the pools.
	for i, data := range inputs {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		var br bytes.Buffer
		bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: BrotliQuality, LGWin: brotliWindow(len(data))})
		bw.Write(data)
		bw.Close()
		if !bytes.Equal(gz.Bytes(), want[i][0].Data) {
			t.Errorf("input %d: gzip from a fresh writer differs from a pooled one", i)
		}
		if !bytes.Equal(br.Bytes(), want[i][1].Data) {
			t.Errorf("input %d: brotli from a fresh writer differs from a pooled one", i)
		}
	}
	// Again, in another order, on several goroutines sharing the pools.
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range inputs {
				i := (k*7 + g) % len(inputs)
				files, err := Variants("index.html", inputs[i])
				if err != nil {
					t.Error(err)
					return
				}
				for j := range files {
					if !bytes.Equal(files[j].Data, want[i][j].Data) {
						t.Errorf("input %d: %s differs on a second run", i, files[j].Path)
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestSkipped(t *testing.T) {
	big := page(1, 5000)
	for _, tc := range []struct {
		path string
		data []byte
	}{
		{"index.html", big[:MinSize-1]},
		{"data/empty.json", nil},
		{"logo.png", big},
		{"fonts/sans.woff2", big},
		{"photo.jpg", big},
		{"index.html.gz", big},
		{"index.html.br", big},
		{"README", big},
	} {
		files, err := Variants(tc.path, tc.data)
		if err != nil || files != nil {
			t.Errorf("Variants(%q, %d bytes) = %v, %v; want none", tc.path, len(tc.data), paths(files), err)
		}
	}
}

func TestCompressible(t *testing.T) {
	for p, want := range map[string]bool{
		"index.html": true, "a/b/INDEX.HTML": true, "style.css": true, "app.js": true, "data/articles.json": true,
		"feed.xml": true, "robots.txt": true, "icon.svg": true, "site.webmanifest": true, "app.js.map": true,
		"logo.png": false, "font.woff2": false, "index.html.gz": false, "index.html.br": false, "html": false, "a.html/b": false,
	} {
		if got := Compressible(p); got != want {
			t.Errorf("Compressible(%q) = %v, want %v", p, got, want)
		}
	}
}

func BenchmarkVariants(b *testing.B) {
	for _, n := range []int{2_000, 20_000, 700_000} {
		data := page(2, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Variants("index.html", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
