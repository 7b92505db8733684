//go:build unix

// Command run is the benchmark harness behind `make bench`: it builds
// briefing, the floor and the copy, generates or reuses the corpora, times
// the three programs on each and prints the table and the targets. Package
// briefing/site/bench says what is measured and how.
//
// Usage, from the module root:
//
//	go run ./site/bench/run [-sizes 1000,10000,50000] [-runs N] [-cache .bench] [-bin bin/briefing] [-build=false]
//
// Progress goes to stderr, the report to stdout. The exit status is 0
// whether or not the targets are met, and 1 if a program fails to build
// or a run fails.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"briefing/site/bench"
	"briefing/site/corpus"
)

const seed = 1

func main() {
	sizes := flag.String("sizes", "1000,10000,50000", "corpus sizes in articles, comma-separated")
	runs := flag.Int("runs", 0, "runs per program and corpus (default 5, or 3 from 50,000 articles)")
	cache := flag.String("cache", ".bench", "`folder` for the corpora and the floor and copy binaries")
	bin := flag.String("bin", "bin/briefing", "briefing binary to time")
	build := flag.Bool("build", true, "build -bin from ./cmd/briefing first; false times the binary as it is")
	flag.Parse()
	if err := run(*sizes, *runs, *cache, *bin, *build); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(sizeList string, runs int, cache, bin string, build bool) error {
	var sizes []int
	for f := range strings.SplitSeq(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return fmt.Errorf("-sizes: %q is not a positive number", f)
		}
		sizes = append(sizes, n)
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return err
	}
	floor, cp := filepath.Join(cache, "floor"), filepath.Join(cache, "copy")
	if build {
		if err := goBuild(bin, "./cmd/briefing"); err != nil {
			return err
		}
	}
	if err := goBuild(floor, "./site/bench/floor"); err != nil {
		return err
	}
	if err := goBuild(cp, "./site/bench/copy"); err != nil {
		return err
	}
	// A bare -bin name means a file here, not one in $PATH.
	bin, floor, cp = absolute(bin), absolute(floor), absolute(cp)

	fmt.Printf("bench: %s, %d CPUs, %s, GOMAXPROCS=%d, load %s, outputs in %s\n\n",
		describe(bin, build), runtime.NumCPU(), runtime.Version(), runtime.GOMAXPROCS(0), loadavg(), fsName(os.TempDir()))

	var results []bench.Result
	for _, n := range sizes {
		start := time.Now()
		root, made, err := bench.Corpus(cache, corpus.Options{Seed: seed, Articles: n})
		if err != nil {
			return fmt.Errorf("corpus of %d articles: %w", n, err)
		}
		verb := "reused"
		if made {
			verb = "generated"
		}
		logf("corpus %s: %s %s in %.1f s", bench.Label(n), verb, root, time.Since(start).Seconds())
		if err := warm(filepath.Join(root, "seeds")); err != nil {
			return err
		}
		k := runs
		if k <= 0 {
			k = 5
			if n >= 50000 {
				k = 3
			}
		}
		rs, err := timeSize(root, n, k, bin, floor, cp)
		if err != nil {
			return err
		}
		results = append(results, rs...)
	}
	return bench.Report(os.Stdout, results)
}

// timeSize times briefing, the floor and the copy k times each on the
// corpus of n articles at root, one after another in turn so that a
// change in load hits all three alike. The copy copies the output of
// briefing's first run.
func timeSize(root string, n, k int, bin, floor, cp string) ([]bench.Result, error) {
	b := bench.Result{Prog: "briefing", Articles: n}
	f := bench.Result{Prog: "floor", Articles: n}
	c := bench.Result{Prog: "copy", Articles: n}
	var built string // briefing's first output, which the copy reads
	defer func() {
		if built != "" {
			os.RemoveAll(built)
		}
	}()
	for i := range k {
		for _, r := range []*bench.Result{&b, &f, &c} {
			dest, err := os.MkdirTemp("", "bench-"+r.Prog+"-")
			if err != nil {
				return nil, err
			}
			var prog string
			var args []string
			switch r.Prog {
			case "briefing":
				prog, args = bin, []string{"build", "--source", root, "--destination", dest, "--quiet"}
			case "floor":
				prog, args = floor, []string{"--source", root, "--destination", dest}
			case "copy":
				prog, args = cp, []string{"--source", built, "--destination", dest}
			}
			m, out, err := timeRun(dest, i == 0, prog, args...)
			if r.Prog == "briefing" && i == 0 && err == nil {
				built = dest
			} else {
				os.RemoveAll(dest)
			}
			if err != nil {
				return nil, err
			}
			r.Runs = append(r.Runs, m)
			if i == 0 {
				r.Output = out
			}
			logf("%s %s run %d/%d: %.3f s wall, %.2f s cpu, %.1f MiB", bench.Label(n), r.Prog, i+1, k,
				m.Wall.Seconds(), m.CPU.Seconds(), float64(m.PeakRSS)/(1<<20))
		}
	}
	return []bench.Result{b, f, c}, nil
}

// timeRun runs prog with args, which write into the folder dest, and
// measures it. With count, it also counts what is in dest afterwards.
func timeRun(dest string, count bool, prog string, args ...string) (bench.Run, bench.Output, error) {
	var out bench.Output
	syscall.Sync() // leave no write-back from earlier runs to this one

	cmd := exec.Command(prog, args...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return bench.Run{}, out, fmt.Errorf("%s %s: %v\n%s", prog, strings.Join(cmd.Args[1:], " "), err, head(log.String(), 20))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	rss := int64(ru.Maxrss) * 1024 // KiB on Linux and the BSDs
	if runtime.GOOS == "darwin" {
		rss = int64(ru.Maxrss) // bytes
	}
	m := bench.Run{
		Wall:    wall,
		CPU:     time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime)),
		PeakRSS: rss,
	}
	if count {
		out, err = countOutput(dest)
	}
	return m, out, err
}

// countOutput counts the regular files under dir, the *.html among them,
// and their bytes.
func countOutput(dir string) (bench.Output, error) {
	var o bench.Output
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		o.Files++
		o.Bytes += info.Size()
		if strings.HasSuffix(d.Name(), ".html") {
			o.Pages++
		}
		return nil
	})
	return o, err
}

// warm reads every file in dir once, so that timed runs find them in the
// page cache whether the corpus was just written or read from disk.
func warm(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if _, err := os.ReadFile(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// head returns the first n lines of s, and how many more there are.
func head(s string, n int) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n[%d more lines]\n", len(lines)-n)
}

func goBuild(out, pkg string) error {
	logf("go build -o %s %s", out, pkg)
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building %s: %w", pkg, err)
	}
	return nil
}

func absolute(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// describe names what is timed: the commit briefing was built from, or the
// binary given.
func describe(bin string, built bool) string {
	if !built {
		return "binary " + bin
	}
	out, err := exec.Command("git", "describe", "--tags", "--always", "--dirty").Output()
	if err != nil {
		return "commit unknown"
	}
	return "commit " + strings.TrimSpace(string(out))
}

// fsName returns dir followed by the type of the file system it is on, where
// /proc/self/mounts tells it: "/tmp (ext4)".
func fsName(dir string) string {
	data, _ := os.ReadFile("/proc/self/mounts")
	mount, typ := "", ""
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line) // device, mount point, type, ...
		if len(f) >= 3 && len(f[1]) >= len(mount) &&
			(dir == f[1] || strings.HasPrefix(dir, strings.TrimSuffix(f[1], "/")+"/")) {
			mount, typ = f[1], f[2]
		}
	}
	if typ == "" {
		return dir
	}
	return dir + " (" + typ + ")"
}

// loadavg returns the 1, 5 and 15 minute load averages, where Linux shows them.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}
