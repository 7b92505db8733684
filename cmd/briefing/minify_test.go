package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBuildMinify: build --minify writes minified pages that link the
// fingerprinted, minified stylesheet with its integrity value.
func TestBuildMinify(t *testing.T) {
	if _, out, _ := runCmd("build", "--help"); !strings.Contains(out, "-minify") {
		t.Errorf("build help does not mention --minify")
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "seeds"), 0o755)
	os.WriteFile(filepath.Join(root, "seeds", "a.txt"), []byte("Envoys meet in Oslo\n\nSpecial Envoy Maria Lund met Foreign Minister Omar Haddad in Oslo for talks.\n"), 0o644)
	sizes := map[bool]int{}
	for _, minify := range []bool{false, true} {
		dest := filepath.Join(root, "out")
		args := []string{"build", "--quiet", "--source", root, "--destination", dest}
		if minify {
			args = append(args, "--minify")
		}
		if code, _, errs := runCmd(args...); code != 0 {
			t.Fatalf("%v: code %d, stderr %s", args, code, errs)
		}
		home, err := os.ReadFile(filepath.Join(dest, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		sizes[minify] = len(home)
		if minify != bytes.HasPrefix(home, []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8">`)) {
			t.Errorf("minify=%v: home page starts %.80q", minify, home)
		}
		m := regexp.MustCompile(`<link rel="stylesheet" href="/(style\.[0-9a-f]{8}\.css)" integrity="(sha384-[A-Za-z0-9+/=]+)">`).FindSubmatch(home)
		if m == nil {
			t.Fatalf("minify=%v: the home page does not link a fingerprinted style.css with its integrity", minify)
		}
		css, err := os.ReadFile(filepath.Join(dest, string(m[1])))
		if err != nil {
			t.Fatal(err)
		}
		if minify == bytes.Contains(css, []byte("\n  ")) {
			t.Errorf("minify=%v: %s is as it was", minify, m[1])
		}
	}
	if sizes[true] >= sizes[false] {
		t.Errorf("home page: %d bytes minified, %d plain", sizes[true], sizes[false])
	}
}
