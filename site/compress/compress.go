// Package compress makes the precompressed variants of a built site's text
// files: name.gz (gzip) and name.br (brotli) beside name, for hosts that
// serve them in place of the file when the client accepts the encoding
// (nginx gzip_static and brotli_static, Caddy's precompressed, Netlify and
// the like).
//
// The variants are deterministic: the same bytes in give the same bytes
// out, run after run, so a site built twice is byte-identical with its
// variants too. The gzip header carries no name and a zero modification
// time; brotli is run at one fixed quality and window.
package compress

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/bits"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"

	"briefing/site/output"
)

// MinSize is the size in bytes below which a file gets no variants: it
// would save a few hundred bytes at most, not worth two more files.
const MinSize = 256

// BrotliQuality is the brotli quality the variants are made at. On the
// pages of a generated 1,000-article site, quality 11, the densest, makes
// files 15% smaller than 6 but takes over 30 times as long, which made a
// build with variants well over ten times slower than one without;
// qualities 7 to 9 make files no smaller than 6.
const BrotliQuality = 6

// brotliWindow is the base 2 logarithm of the brotli window for n bytes:
// the smallest that holds them all, from 10 to 22. Up to 64 KiB that also
// picks brotli's lighter match finder; on a generated site it compresses
// as well as the default window, faster and with less memory.
func brotliWindow(n int) int {
	return min(max(bits.Len(uint(n)), 10), 22)
}

// extensions are the file extensions, lower case with the dot, of the files
// that get variants: text formats that compress well.
var extensions = []string{".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".webmanifest", ".map"}

// Compressible reports whether the file at path is of a kind that gets
// variants, going by its extension in any case: html, css, js, mjs, json,
// xml, txt, svg, webmanifest and map. A variant itself (.gz, .br) is not
// compressible, nor are images and fonts, compressed already.
func Compressible(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	for _, e := range extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// Variants returns the precompressed variants of the file at path holding
// data: path.gz and path.br, in that order. It returns none when the file
// is not Compressible or is smaller than MinSize. data is only read, and
// may be reused once Variants returns. Safe for concurrent use.
func Variants(p string, data []byte) ([]output.File, error) {
	if len(data) < MinSize || !Compressible(p) {
		return nil, nil
	}
	gz, err := Gzip(data)
	if err != nil {
		return nil, fmt.Errorf("%s: gzip: %w", p, err)
	}
	br, err := Brotli(data)
	if err != nil {
		return nil, fmt.Errorf("%s: brotli: %w", p, err)
	}
	return []output.File{{Path: p + ".gz", Data: gz}, {Path: p + ".br", Data: br}}, nil
}

var gzipWriters = sync.Pool{New: func() any {
	w, err := gzip.NewWriterLevel(nil, gzip.BestCompression)
	if err != nil {
		panic(err) // only for an invalid level
	}
	return w
}}

// Gzip compresses data at the best compression, with an empty header: no
// name, no comment, a zero modification time.
func Gzip(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&buf) // Reset clears the header, so it stays empty
	if _, err := w.Write(data); err != nil {
		return nil, err // a failed writer is not put back
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	w.Reset(io.Discard) // let go of buf
	gzipWriters.Put(w)
	return buf.Bytes(), nil
}

// Brotli compresses data at BrotliQuality. Each call has a writer of its
// own: a brotli writer that is Reset keeps some state (the hasher it chose
// for its first input), so reusing one would make the output depend on
// what it compressed before.
func Brotli(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: BrotliQuality, LGWin: brotliWindow(len(data))})
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
