package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// checkSite lays out a site root from a map of relative paths to contents.
func checkSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const checkClipping = "Envoys meet in Oslo\n\nSpecial Envoy Maria Lund met Foreign Minister Omar Haddad in Oslo for talks.\n"

// findingLine is the shape of every line check prints before its summary.
var findingLine = regexp.MustCompile(`^[^\s:]+(:\d+)?: \S.*$`)

// checkOutput splits check's output into findings and the summary line,
// and fails unless every finding is path: message.
func checkOutput(t *testing.T, out string) (findings []string, summary string) {
	t.Helper()
	ls := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	summary = ls[len(ls)-1]
	if !strings.HasPrefix(summary, "check: ") {
		t.Errorf("last line %q is not the summary", summary)
	}
	for _, l := range ls[:len(ls)-1] {
		if !findingLine.MatchString(l) {
			t.Errorf("line %q is not path: message", l)
		}
		findings = append(findings, l)
	}
	return findings, summary
}

func TestCheckCommandSeeds(t *testing.T) {
	for _, base := range []string{"/", "https://example.org/briefing/"} {
		code, out, errs := runCmd("check", "--source", "../..", "--base-url", base)
		if code != 0 {
			t.Fatalf("check of the seeds: code %d\n%s%s", code, out, errs)
		}
		findings, summary := checkOutput(t, out)
		if want := "check: 0 problems, "; !strings.HasPrefix(summary, want) {
			t.Errorf("summary %q, want it to start with %q", summary, want)
		}
		for _, f := range findings {
			if !strings.Contains(f, ": warning: ") {
				t.Errorf("not a warning: %s", f)
			}
		}
	}
	// The seeds lack dates: --strict fails them.
	code, out, _ := runCmd("check", "--source", "../..", "--strict")
	if code != 1 || !strings.Contains(out, "seeds/003_44029c513d44232c.txt: article has no source\n") {
		t.Errorf("--strict: code %d, output:\n%s", code, out)
	}
	if _, summary := checkOutput(t, out); !regexp.MustCompile(`^check: [1-9]\d* problems, 0 warnings$`).MatchString(summary) {
		t.Errorf("--strict: summary %q", summary)
	}
}

func TestCheckCommandProblems(t *testing.T) {
	root := checkSite(t, map[string]string{
		"news/a.txt":             checkClipping,
		"news/a.meta.toml":       "date = 2016-07-15\nsource = \"Desk Wire\"\n",
		"templates/article.html": `{{define "main"}}<h1>{{.Article.Title}}</h1><a href="{{pageURL "participants"}}nobody/">x</a> <a href="#missing">y</a>{{end}}`,
		"static/bad.xml":         "<rss><channel></rss>",
	})
	code, out, errs := runCmd("check", "--source", root, "--content-dir", "news", "--base-url", "/sub/")
	if code != 1 {
		t.Fatalf("code %d, want 1\n%s%s", code, out, errs)
	}
	findings, summary := checkOutput(t, out)
	want := []string{
		`articles/a/index.html: broken anchor #missing (no id "missing" in articles/a/index.html)`,
		"articles/a/index.html: broken link /sub/participants/nobody/",
		"bad.xml: invalid XML: line 1: element <channel> closed by </rss>",
	}
	if strings.Join(findings, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(findings, "\n"), strings.Join(want, "\n"))
	}
	if summary != "check: 3 problems, 0 warnings" {
		t.Errorf("summary %q", summary)
	}
}

func TestCheckCommandBuildErrors(t *testing.T) {
	root := checkSite(t, map[string]string{
		"seeds/a.txt":       checkClipping,
		"seeds/a.meta.toml": "date = 2016-13-45\n",
		"seeds/b.md":        "---\ntitle: B\ntitel: typo\n---\nBody.\n",
	})
	code, out, errs := runCmd("check", "--source", root)
	if code != 1 {
		t.Fatalf("code %d, want 1\n%s%s", code, out, errs)
	}
	findings, summary := checkOutput(t, out)
	got := strings.Join(findings, "\n")
	for _, want := range []string{"seeds/a.meta.toml:1: ", "seeds/b.md:3: titel: unknown field"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if want := "check: 2 problems, 0 warnings (the build failed)"; summary != want {
		t.Errorf("summary %q, want %q", summary, want)
	}
}

func TestCheckCommandClean(t *testing.T) {
	root := checkSite(t, map[string]string{
		"seeds/a.txt":       checkClipping,
		"seeds/a.meta.toml": "date = 2016-07-15\nsource = \"Desk Wire\"\n",
	})
	code, out, errs := runCmd("check", "--source", root, "--strict", "--external", "--timeout", "1s")
	if code != 0 || out != "check: 0 problems, 0 warnings\n" || errs != "" {
		t.Errorf("code %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestCheckCommandUsage(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--nope"},
		{"check", "extra"},
		{"check", "--timeout", "0s"},
		{"check", "--timeout", "soon"},
	} {
		if code, out, errs := runCmd(args...); code != 2 || out != "" || errs == "" {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want 2 and a message on stderr", args, code, out, errs)
		}
	}
	code, out, _ := runCmd("help", "check")
	if code != 0 || !strings.Contains(out, "Usage: briefing check") || !strings.Contains(out, "Examples") || !strings.Contains(out, "--external") {
		t.Errorf("help check: code %d, output %q", code, out)
	}
	if _, out, _ := runCmd("help"); !strings.Contains(out, "  check ") {
		t.Errorf("the command list lacks check:\n%s", out)
	}
}
