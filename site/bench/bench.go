// Package bench times `briefing build` from the outside, on generated
// corpora, against a floor: the least work any generator must do with the
// same input. `make bench` runs it (command site/bench/run); this package
// holds the parts that do not start processes: the corpus cache, the
// statistics, the table and the targets.
//
// What runs. For each size (1,000, 10,000 and 50,000 articles by default)
// a corpus of clippings is generated with site/corpus, seed 1, into
// .bench/corpus-N/seeds/ and kept there for later runs (see [Corpus]). Three
// programs, built once per `make bench`, then run on it:
//
//   - briefing: `bin/briefing build --source CORPUS --destination DEST --quiet`,
//     the whole build as users run it;
//   - floor (site/bench/floor): reads the same seeds/*.txt, converts each
//     body (the text after the first line) with goldmark's defaults and
//     writes it to DEST/articles/<name>/index.html, on a pool of GOMAXPROCS
//     workers. Nothing else: no cleaning, extraction, index or templates.
//   - copy (site/bench/copy): copies the site briefing's first run built,
//     file by file, on a pool of GOMAXPROCS workers, writing each file as
//     briefing does. It is what putting briefing's own output on disk
//     costs, with nothing made: whatever briefing spends beyond it goes to
//     reading, extraction, the index and rendering.
//
// How it is measured. Each program runs 5 times per corpus (3 at 50,000
// articles; -runs overrides), the three in turn so that a change in
// machine load hits all alike. Every run writes into a fresh, empty
// folder in $TMPDIR (default /tmp). Before each run, untimed, the previous
// output is deleted and the file systems synced, so no run pays for
// another's write-back; the corpus is read once beforehand, so every run
// finds it in the page cache. Per run the harness records
//
//   - wall: from just before the process starts until it has been reaped;
//   - cpu: user + system time, from the child's rusage;
//   - peak RSS: the child's maximum resident set (rusage ru_maxrss).
//
// The table shows the median wall time with its minimum and maximum, the
// median cpu, the largest peak RSS, and the pages (*.html), files and bytes
// of the first run's output. Ratio is a program's median wall over the
// floor's for the same corpus. The targets below it are checked on medians
// and worst peaks; they are reported as PASS or FAIL, never as an exit
// status, since timings on a shared machine are evidence, not a verdict.
//
// Creating files is part of the work, and on some disks it is most of it:
// in a VM with a slow virtual disk, making a folder and a file can cost a
// millisecond of system time, so 1,000 articles cost the floor a second.
// The header names the output's file system; `TMPDIR=/dev/shm make bench`
// writes to memory instead and measures the programs rather than the disk.
package bench

import (
	"slices"
	"time"
)

// Run is what one run of a program cost.
type Run struct {
	Wall    time.Duration
	CPU     time.Duration // user + system
	PeakRSS int64         // bytes
}

// Output is what one run wrote.
type Output struct {
	Pages int   // files named *.html
	Files int   // regular files
	Bytes int64 // their total size
}

// Result is one program's runs on one corpus.
type Result struct {
	Prog     string // "briefing", "floor" or "copy"
	Articles int
	Runs     []Run
	Output   Output // of the first run
}

// Wall summarizes the wall times of the runs.
func (r Result) Wall() Stats {
	ds := make([]time.Duration, len(r.Runs))
	for i, run := range r.Runs {
		ds[i] = run.Wall
	}
	return Summarize(ds)
}

// CPU returns the median cpu time of the runs.
func (r Result) CPU() time.Duration {
	ds := make([]time.Duration, len(r.Runs))
	for i, run := range r.Runs {
		ds[i] = run.CPU
	}
	return Summarize(ds).Median
}

// PeakRSS returns the largest peak RSS of the runs, in bytes.
func (r Result) PeakRSS() int64 {
	var m int64
	for _, run := range r.Runs {
		m = max(m, run.PeakRSS)
	}
	return m
}

// Stats summarizes a sample of durations.
type Stats struct {
	Median, Min, Max time.Duration
}

// Summarize returns the median, minimum and maximum of ds; the median of an
// even count is the mean of the middle two. ds is not modified. An empty
// sample gives zeros.
func Summarize(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return Stats{Median: med, Min: s[0], Max: s[n-1]}
}
