package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpEverywhere(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"build", "--help"}, {"help", "build"}} {
		code, out, _ := runCmd(args...)
		if code != 0 || !strings.Contains(out, "Usage") || !strings.Contains(out, "Examples") {
			t.Errorf("%v: code %d, output %q", args, code, out)
		}
	}
	_, out, _ := runCmd("build", "--help")
	for _, flag := range []string{"--source", "--content-dir", "--destination", "--base-url"} {
		if !strings.Contains(out, strings.TrimPrefix(flag, "-")) {
			t.Errorf("build help does not mention %s", flag)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, errs := runCmd(); code != 2 || !strings.Contains(errs, "Usage") {
		t.Errorf("no args: code %d", code)
	}
	if code, _, errs := runCmd("frobnicate"); code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: code %d, %q", code, errs)
	}
	if code, _, _ := runCmd("build", "--nope"); code != 2 {
		t.Errorf("unknown flag: code %d", code)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCmd("version")
	if code != 0 || !strings.HasPrefix(out, "briefing ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestBuildCommand(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "news"), 0o755)
	os.WriteFile(filepath.Join(root, "news", "a.txt"), []byte("Envoys meet in Oslo\n\nSpecial Envoy Maria Lund met Foreign Minister Omar Haddad in Oslo for talks.\n"), 0o644)
	dest := filepath.Join(root, "out")
	code, out, errs := runCmd("build", "--source", root, "--content-dir", "news", "--destination", dest, "--base-url", "/sub/")
	if code != 0 {
		t.Fatalf("build: code %d, stderr %s", code, errs)
	}
	if !strings.Contains(out, "1 article,") || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("summary = %q, want one line", out)
	}
	home, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil || !bytes.Contains(home, []byte(`href="/sub/articles/a/"`)) {
		t.Errorf("home page does not link the article under /sub/: %v", err)
	}

	os.WriteFile(filepath.Join(root, "news", "b.txt"), []byte("\xff\xfe\x00"), 0o644)
	code, _, errs = runCmd("build", "--source", root, "--content-dir", "news", "--destination", dest)
	if code != 1 || !strings.Contains(errs, filepath.ToSlash("news/b.txt")) {
		t.Errorf("bad article: code %d, stderr %q", code, errs)
	}
}
