package output

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return got
}

func TestWriteCreatesAndReplaces(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()
	if err := Write(ctx, dest, []File{{"index.html", []byte("one")}, {"a/b/index.html", []byte("b")}}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, ".gitkeep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(ctx, dest, []File{{"index.html", []byte("two")}, {"c/index.html", []byte("c")}}); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dest)
	want := map[string]string{"index.html": "two", "c/index.html": "c", ".gitkeep": ""}
	if len(got) != len(want) {
		t.Fatalf("tree = %v, want %v (stale files must go)", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if entries := besideDest(t, dest); len(entries) != 0 {
		t.Errorf("temporary folders left beside the destination: %v", entries)
	}
}

func TestWriteRefusesForeignFolder(t *testing.T) {
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "thesis.doc"), []byte("precious"), 0o644)
	err := Write(context.Background(), dest, []File{{"index.html", []byte("x")}})
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "thesis.doc")); string(b) != "precious" {
		t.Fatal("foreign file touched")
	}
}

func TestWriteFailureKeepsPreviousSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()
	if err := Write(ctx, dest, []File{{"index.html", []byte("good")}}); err != nil {
		t.Fatal(err)
	}
	// A path that cannot be written: a file and a folder of the same name.
	err := Write(ctx, dest, []File{{"index.html", []byte("bad")}, {"index.html/x", []byte("x")}})
	if err == nil {
		t.Fatal("want an error")
	}
	if got := readTree(t, dest); len(got) != 1 || got["index.html"] != "good" {
		t.Fatalf("previous site changed: %v", got)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := Write(cancelled, dest, []File{{"index.html", []byte("late")}}); err == nil {
		t.Fatal("cancelled write succeeded")
	}
	if got := readTree(t, dest); got["index.html"] != "good" {
		t.Fatalf("previous site changed after cancel: %v", got)
	}
	if entries := besideDest(t, dest); len(entries) != 0 {
		t.Errorf("temporary folders left beside the destination: %v", entries)
	}
}

func TestWriteRejectsEscapingPaths(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	for _, p := range []string{"../x", "/abs", "a/../../x", ""} {
		if err := Write(context.Background(), dest, []File{{p, []byte("x")}}); err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
}

func TestPatchWritesOnlyChanges(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()
	if err := Write(ctx, dest, []File{{"index.html", []byte("home")}, {"a/index.html", []byte("a")}, {"b/index.html", []byte("b")}}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dest, ".nojekyll"), nil, 0o644)
	before, err := os.Stat(filepath.Join(dest, "a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	all := map[string][]byte{"index.html": []byte("home 2"), "a/index.html": []byte("a"), "c/d/index.html": []byte("new")}
	changed := map[string][]byte{"index.html": all["index.html"], "c/d/index.html": all["c/d/index.html"]}
	looked := 0
	lookup := func(p string) ([]byte, bool) { looked++; d, ok := all[p]; return d, ok }
	if err := Patch(ctx, dest, []string{"a/index.html", "c/d/index.html", "index.html"}, changed, lookup); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dest)
	want := map[string]string{"index.html": "home 2", "a/index.html": "a", "c/d/index.html": "new", ".nojekyll": ""}
	if len(got) != len(want) {
		t.Fatalf("tree = %v, want %v (b/ must be gone)", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	after, err := os.Stat(filepath.Join(dest, "a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || looked != 0 {
		t.Errorf("the unchanged file was written again (same file %v, %d lookups)", os.SameFile(before, after), looked)
	}

	// A file missing from the folder is written from lookup.
	os.Remove(filepath.Join(dest, "a/index.html"))
	if err := Patch(ctx, dest, []string{"a/index.html", "c/d/index.html", "index.html"}, nil, lookup); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, dest); got["a/index.html"] != "a" || looked != 1 {
		t.Errorf("missing file: tree %v, %d lookups", got, looked)
	}
}

// besideDest lists what is beside dest, apart from dest and its lock file.
func besideDest(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if p := filepath.Join(filepath.Dir(dest), e.Name()); p != dest && p != LockName(dest) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestOneBuildAtATime(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(dest); err == nil || !strings.Contains(err.Error(), "another briefing build is writing it") {
		t.Fatalf("second Begin while the first runs: err = %v", err)
	}
	if err := first.Write("index.html", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	second, err := Begin(dest)
	if err != nil {
		t.Fatalf("Begin after the first build ended: %v", err)
	}
	second.Abort()
	if _, err := Begin(dest); err != nil {
		t.Fatalf("Begin after an aborted build: %v", err)
	}
}

// TestRecoversFromKilledBuild lays out what a build killed between
// carrying hidden entries over and swapping leaves: its temporary folder,
// holding the destination's .git. The next build puts .git back and
// removes the folder.
func TestRecoversFromKilledBuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()
	if err := Write(ctx, dest, []File{{"index.html", []byte("old")}}); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(filepath.Dir(dest), ".public.tmp-123")
	os.MkdirAll(filepath.Join(stale, ".git", "refs"), 0o755)
	os.WriteFile(filepath.Join(stale, ".git", "HEAD"), []byte("ref: main"), 0o644)
	os.WriteFile(filepath.Join(stale, "index.html"), []byte("half"), 0o644)
	if err := Write(ctx, dest, []File{{"index.html", []byte("new")}}); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dest)
	if got["index.html"] != "new" || got[".git/HEAD"] != "ref: main" {
		t.Errorf("tree = %v, want the new site and the .git the killed build had taken out", got)
	}
	if entries := besideDest(t, dest); len(entries) != 0 {
		t.Errorf("left beside the destination: %v", entries)
	}
}
