//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun copies a small site, with folders nested at several depths, and
// finds every file in the copy with the same bytes.
func TestRun(t *testing.T) {
	src, dest := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	files := map[string]string{
		"index.html":                       "<p>home</p>",
		"articles/a/index.html":            strings.Repeat("article a ", 2000),
		"articles/b/index.html":            "",
		"participants/x/page/2/index.html": "<p>page 2</p>",
		"style.3f2a9c1d.css":               "body{}",
	}
	for name, body := range files {
		path := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(src, dest); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(dest, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		rel, _ := filepath.Rel(dest, path)
		got, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if want, ok := files[filepath.ToSlash(rel)]; !ok || string(got) != want {
			t.Errorf("%s: %d bytes, want %d (in the source: %v)", rel, len(got), len(want), ok)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(files) {
		t.Errorf("%d files copied, want %d", n, len(files))
	}

	if err := run(filepath.Join(src, "missing"), filepath.Join(t.TempDir(), "copy")); err == nil {
		t.Error("copying a missing folder: no error")
	}
}
