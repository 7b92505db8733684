package bench

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/site/corpus"
)

const ms = time.Millisecond

func TestSummarize(t *testing.T) {
	tests := []struct {
		in   []time.Duration
		want Stats
	}{
		{nil, Stats{}},
		{[]time.Duration{5 * ms}, Stats{5 * ms, 5 * ms, 5 * ms}},
		{[]time.Duration{3 * ms, 1 * ms, 2 * ms}, Stats{2 * ms, 1 * ms, 3 * ms}},
		{[]time.Duration{4 * ms, 1 * ms, 3 * ms, 2 * ms}, Stats{2500 * time.Microsecond, 1 * ms, 4 * ms}},
		{[]time.Duration{9 * ms, 1 * ms, 1 * ms, 8 * ms, 2 * ms}, Stats{2 * ms, 1 * ms, 9 * ms}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := Summarize(tt.in); got != tt.want {
			t.Errorf("Summarize(%v) = %+v, want %+v", tt.in, got, tt.want)
		}
		if !slices.Equal(in, tt.in) {
			t.Errorf("Summarize modified its input: %v, was %v", tt.in, in)
		}
	}
}

func TestLabel(t *testing.T) {
	for n, want := range map[int]string{1000: "1k", 10000: "10k", 50000: "50k", 1500: "1500", 20: "20"} {
		if got := Label(n); got != want {
			t.Errorf("Label(%d) = %q, want %q", n, got, want)
		}
	}
}

// runs returns one Run per wall time, with cpu twice the wall and the
// given peak RSS in MiB.
func runs(rssMiB int64, walls ...time.Duration) []Run {
	var rs []Run
	for _, w := range walls {
		rs = append(rs, Run{Wall: w, CPU: 2 * w, PeakRSS: rssMiB * mib})
	}
	return rs
}

func TestReport(t *testing.T) {
	results := []Result{
		{Prog: "briefing", Articles: 1000, Runs: runs(64, 118*ms, 110*ms, 130*ms),
			Output: Output{Pages: 1432, Files: 1440, Bytes: 28_100_000}},
		{Prog: "floor", Articles: 1000, Runs: runs(20, 80*ms, 90*ms, 85*ms),
			Output: Output{Pages: 1000, Files: 1000, Bytes: 4_500_000}},
		{Prog: "briefing", Articles: 10000, Runs: runs(150, 1000*ms, 900*ms, 1100*ms),
			Output: Output{Pages: 14000, Files: 14010, Bytes: 281_000_000}},
		{Prog: "floor", Articles: 10000, Runs: runs(30, 800*ms, 700*ms, 900*ms),
			Output: Output{Pages: 10000, Files: 10000, Bytes: 45_000_000}},
		{Prog: "copy", Articles: 10000, Runs: runs(20, 600*ms, 500*ms, 700*ms),
			Output: Output{Pages: 14000, Files: 14010, Bytes: 281_000_000}},
	}
	var b strings.Builder
	if err := Report(&b, results); err != nil {
		t.Fatal(err)
	}
	want := `corpus  prog      articles  pages  files  bytes     wall median (min–max)  cpu     peak RSS   ratio
1k      briefing  1000      1432   1440   28.1 MB   0.118 s (0.110–0.130)  0.24 s  64.0 MiB   1.39×
1k      floor     1000      1000   1000   4.5 MB    0.085 s (0.080–0.090)  0.17 s  20.0 MiB   -
10k     briefing  10000     14000  14010  281.0 MB  1.000 s (0.900–1.100)  2.00 s  150.0 MiB  1.25×
10k     floor     10000     10000  10000  45.0 MB   0.800 s (0.700–0.900)  1.60 s  30.0 MiB   -
10k     copy      10000     14000  14010  281.0 MB  0.600 s (0.500–0.700)  1.20 s  20.0 MiB   0.75×

target  goal                                   measured                result
1k      wall ≤ 0.12 s                          0.118 s                 PASS
10k     wall ≤ 1.5× floor, peak RSS ≤ 200 MiB  1.25× floor, 150.0 MiB  PASS
50k     wall ≤ 5.5× 10k, peak RSS ≤ 1 GiB      -                       not measured

briefing per article (median wall / articles): 1k 118 µs, 10k 100 µs
10k: writing briefing's output alone (copy) takes 0.600 s; the 1.5× floor target leaves 0.600 s for everything else, where briefing spends 0.400 s
`
	if got := b.String(); got != want {
		t.Errorf("Report:\n%s\nwant:\n%s", got, want)
	}
}

func TestChecks(t *testing.T) {
	b1 := Result{Prog: "briefing", Articles: 1000, Runs: runs(50, 121*ms)}
	b10 := Result{Prog: "briefing", Articles: 10000, Runs: runs(201, 1000*ms)}
	f10 := Result{Prog: "floor", Articles: 10000, Runs: runs(20, 800*ms)}
	b50 := Result{Prog: "briefing", Articles: 50000, Runs: runs(1024, 5500*ms)}
	got := Checks([]Result{b1, b10, f10, b50})
	want := []Check{
		{"1k", "wall ≤ 0.12 s", "0.121 s", false},
		{"10k", "wall ≤ 1.5× floor, peak RSS ≤ 200 MiB", "1.25× floor, 201.0 MiB", false},
		{"50k", "wall ≤ 5.5× 10k, peak RSS ≤ 1 GiB", "5.50× 10k, 1.00 GiB", true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Checks:\n got %+v\nwant %+v", got, want)
	}

	// Only the floor at 10k: nothing to check.
	for _, c := range Checks([]Result{f10}) {
		if c.Verdict() != "not measured" {
			t.Errorf("%s: verdict %q without briefing results", c.Corpus, c.Verdict())
		}
	}
}

func TestCorpusCache(t *testing.T) {
	cache := t.TempDir()
	opts := corpus.Options{Seed: 1, Articles: 20}
	get := func(wantMade bool, why string) string {
		t.Helper()
		root, made, err := Corpus(cache, opts)
		if err != nil {
			t.Fatal(err)
		}
		if made != wantMade {
			t.Errorf("%s: made = %v, want %v", why, made, wantMade)
		}
		files, _ := filepath.Glob(filepath.Join(root, "seeds", "*.txt"))
		if len(files) != opts.Articles {
			t.Errorf("%s: %d files, want %d", why, len(files), opts.Articles)
		}
		return root
	}

	root := get(true, "empty cache")
	if root != filepath.Join(cache, "corpus-20") {
		t.Errorf("root = %s", root)
	}
	get(false, "complete corpus")

	marker := filepath.Join(root, markerName)
	os.Remove(marker)
	get(true, "marker missing")

	os.WriteFile(marker, []byte(`{"seed":2,"articles":20}`), 0o644)
	get(true, "marker for another seed")

	os.WriteFile(marker, []byte(`not json`), 0o644)
	get(true, "marker unreadable")

	os.Remove(filepath.Join(root, "seeds", "a000007.txt"))
	get(true, "a file missing")

	os.WriteFile(filepath.Join(root, "seeds", "a000000.txt"), []byte("Old generator\n\nText.\n"), 0o644)
	get(true, "first article differs from the generator's")

	get(false, "regenerated corpus")

	if _, _, err := Corpus(cache, corpus.Options{Seed: 1}); err == nil {
		t.Error("Corpus of 0 articles: no error")
	}
}
