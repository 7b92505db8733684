package clip

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/site/textnorm"
)

// FuzzRead checks that Read never panics and never invents text: every body
// block, caption and removed line occurs in the input as normalized.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte(clipping("Headline", "Headline", "Photo by: AP", "Jane Doe speaks on March 3, 2019.", "PARIS, Dec 3 (AFP) - "+p1, "READ MORE:", "Item", p2, "K. Ivanova")))
	f.Add([]byte("\ufeffTitle\r\nJane DoeAFP photo\r\n\r\nMOSCOW- Body.\r\n"))
	f.Add([]byte("T\n\xff"))
	f.Add([]byte(""))
	rd, err := NewReader(DefaultRules())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := rd.Read("fuzz.txt", src)
		if err != nil {
			return
		}
		norm, err := textnorm.Normalize("fuzz.txt", src)
		if err != nil {
			t.Fatalf("Read succeeded but Normalize failed: %v", err)
		}
		if a.Title == "" || !strings.Contains(norm, a.Title) {
			t.Fatalf("title %q not in input", a.Title)
		}
		if len(a.Blocks) == 0 {
			t.Fatalf("no body and no error")
		}
		prev := 0
		for _, b := range a.Blocks {
			if b.Text == "" || !strings.Contains(norm, b.Text) {
				t.Fatalf("body block %q not in input", b.Text)
			}
			if b.Line <= prev {
				t.Fatalf("block lines out of order: %d after %d", b.Line, prev)
			}
			prev = b.Line
		}
		for _, r := range a.Removed {
			if r.Reason == "" || !strings.Contains(norm, r.Text) {
				t.Fatalf("removed line %+v not in input or without reason", r)
			}
		}
		for _, c := range a.Captions {
			if !strings.Contains(norm, c.Text) || !strings.Contains(norm, c.Credit) {
				t.Fatalf("caption %+v not in input", c)
			}
		}
	})
}

// BenchmarkRead reads every seed clipping once per iteration.
func BenchmarkRead(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if len(files) == 0 {
		b.Fatal("no seeds")
	}
	var srcs [][]byte
	n := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		n += len(src)
	}
	rd, err := NewReader(DefaultRules())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		rd.forget() // read the clippings anew
		for i, src := range srcs {
			if _, err := rd.Read(files[i], src); err != nil {
				b.Fatal(err)
			}
		}
	}
}
