package main

import (
	"bytes"
	"context"
	"encoding/json"
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

func TestExtractCommand(t *testing.T) {
	root := t.TempDir()
	clipping := "Envoys meet in Oslo\n\nPHOTO: AFP\n\nOSLO (AFP) - Special Envoy Maria Lund met Foreign Minister Omar Haddad in Oslo for talks.\n\nSHARE THIS ARTICLE\n"
	file := filepath.Join(root, "a.txt")
	os.WriteFile(file, []byte(clipping), 0o644)
	os.WriteFile(filepath.Join(root, "a.meta.toml"), []byte("source = \"Wire\"\n"), 0o644)
	code, out, errs := runCmd("extract", "--source", root, file)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	var res []struct {
		Title        string
		Source       string
		Dateline     struct{ Place, Agency string }
		Paragraphs   []struct{ Text string }
		Removed      []struct{ Rule, Text string }
		Participants []struct {
			Name     string
			Roles    []string
			Mentions []struct{ Text string }
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(res) != 1 || res[0].Title != "Envoys meet in Oslo" || res[0].Source != "Wire" || res[0].Dateline.Place != "OSLO" {
		t.Fatalf("unexpected: %+v", res)
	}
	if len(res[0].Paragraphs) != 1 || len(res[0].Removed) < 2 {
		t.Errorf("paragraphs %+v, removed %+v", res[0].Paragraphs, res[0].Removed)
	}
	for _, r := range res[0].Removed {
		if r.Rule == "" {
			t.Errorf("removed line %q has no rule", r.Text)
		}
	}
	var names []string
	for _, p := range res[0].Participants {
		names = append(names, p.Name)
		if len(p.Mentions) == 0 || p.Mentions[0].Text == "" {
			t.Errorf("%s: mentions %+v", p.Name, p.Mentions)
		}
	}
	if strings.Join(names, ",") != "Agence France-Presse,Maria Lund,Omar Haddad" {
		t.Errorf("participants = %v", names)
	}

	if code, _, errs := runCmd("extract", filepath.Join(root, "missing.txt")); code != 1 || !strings.Contains(errs, "missing.txt") {
		t.Errorf("missing file: code %d, %q", code, errs)
	}
	if code, _, _ := runCmd("extract"); code != 2 {
		t.Errorf("no files: code %d", code)
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := &progressLine{w: &buf}
	p.show("parse", 0, 10)
	p.show("parse", 5, 10) // within 100 ms: not shown
	p.show("parse", 10, 10)
	p.clear()
	got := buf.String()
	if !strings.Contains(got, "parse 0/10") || strings.Contains(got, "parse 5/10") || !strings.Contains(got, "parse 10/10") || !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("progress output %q", got)
	}
	var nilLine *progressLine
	nilLine.clear() // no progress shown when not on a terminal
	if isTerminal(&buf) {
		t.Error("a buffer is not a terminal")
	}
}
