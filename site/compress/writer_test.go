package compress

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// collector is a write function that keeps what it is given.
type collector struct {
	mu    sync.Mutex
	files map[string][]byte
	fail  string // a path suffix to fail on
}

func (c *collector) write(path string, data []byte) error {
	if c.fail != "" && strings.HasSuffix(path, c.fail) {
		return fmt.Errorf("cannot write %s", path)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.files[path]; ok {
		return fmt.Errorf("two outputs write %s", path)
	}
	c.files[path] = bytes.Clone(data)
	return nil
}

func TestWriter(t *testing.T) {
	c := &collector{files: map[string][]byte{}}
	w := NewWriter(c.write)
	want := map[string][]byte{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for g := range 4 {
		wg.Go(func() {
			buf := make([]byte, 0, 64<<10)
			for i := range 10 {
				p := fmt.Sprintf("g%d/p%d/index.html", g, i)
				if i%3 == 0 {
					p = fmt.Sprintf("g%d/img%d.png", g, i)
				}
				buf = append(buf[:0], page(uint64(g*100+i), 100+i*3000)...)
				mu.Lock()
				want[p] = bytes.Clone(buf)
				mu.Unlock()
				if err := w.Write(p, buf); err != nil {
					t.Error(err)
				}
				for j := range buf { // the caller may reuse its buffer at once
					buf[j] = 'x'
				}
			}
		})
	}
	wg.Wait()
	if err := w.Wait(); err != nil {
		t.Fatal(err)
	}
	n := len(want)
	for p, data := range want {
		if !bytes.Equal(c.files[p], data) {
			t.Errorf("%s differs", p)
		}
		files, _ := Variants(p, data)
		for _, f := range files {
			n++
			if !bytes.Equal(c.files[f.Path], f.Data) {
				t.Errorf("%s differs from Variants", f.Path)
			}
		}
	}
	if len(c.files) != n {
		t.Errorf("%d files written, want %d", len(c.files), n)
	}
	if _, ok := c.files["g0/img0.png.gz"]; ok {
		t.Error("a png was compressed")
	}
	if _, ok := c.files["g0/p1/index.html.br"]; !ok {
		t.Error("g0/p1/index.html.br is missing")
	}
}

func TestWriterError(t *testing.T) {
	c := &collector{files: map[string][]byte{}, fail: ".br"}
	w := NewWriter(c.write)
	if err := w.Write("index.html", page(1, 5000)); err != nil {
		t.Fatalf("the file itself was written: %v", err)
	}
	err := w.Wait()
	if err == nil || !strings.Contains(err.Error(), "index.html.br") {
		t.Fatalf("Wait = %v, want the error writing index.html.br", err)
	}
	if err2 := w.Write("other.html", page(2, 5000)); err2 == nil {
		t.Error("Write after a failed variant succeeded")
	}

	c = &collector{files: map[string][]byte{}, fail: "style.css"}
	w = NewWriter(c.write)
	if err := w.Write("style.css", page(1, 5000)); err == nil {
		t.Error("Write did not report the write function's error")
	}
	if err := w.Wait(); err != nil {
		t.Errorf("Wait = %v; no variant was under way", err)
	}
	if len(c.files) != 0 {
		t.Errorf("wrote %d files", len(c.files))
	}
}
