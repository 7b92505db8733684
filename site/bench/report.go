package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

const (
	mib = 1 << 20
	gib = 1 << 30
)

// Check is one target and how the measurements met it.
type Check struct {
	Corpus   string // "10k"
	Goal     string // "wall ≤ 1.5× floor, peak RSS ≤ 200 MiB"
	Measured string // empty when the corpora it needs were not measured
	Pass     bool
}

// Verdict is "PASS", "FAIL" or "not measured".
func (c Check) Verdict() string {
	switch {
	case c.Measured == "":
		return "not measured"
	case c.Pass:
		return "PASS"
	}
	return "FAIL"
}

// Checks checks briefing's results against the targets:
//
//	1k:  median wall ≤ 0.12 s
//	10k: median wall ≤ 1.5× the floor's, peak RSS ≤ 200 MiB
//	50k: median wall ≤ 5.5× the 10k median wall, peak RSS ≤ 1 GiB
func Checks(results []Result) []Check {
	b1, b10, f10, b50 := find(results, "briefing", 1000), find(results, "briefing", 10000),
		find(results, "floor", 10000), find(results, "briefing", 50000)

	c1 := Check{Corpus: "1k", Goal: "wall ≤ 0.12 s"}
	if b1 != nil {
		w := b1.Wall().Median
		c1.Measured = fmtSec(w)
		c1.Pass = w <= 120*time.Millisecond
	}

	c10 := Check{Corpus: "10k", Goal: "wall ≤ 1.5× floor, peak RSS ≤ 200 MiB"}
	if b10 != nil && f10 != nil {
		r := ratio(b10.Wall().Median, f10.Wall().Median)
		c10.Measured = fmt.Sprintf("%.2f× floor, %s", r, fmtRSS(b10.PeakRSS()))
		c10.Pass = r <= 1.5 && b10.PeakRSS() <= 200*mib
	}

	c50 := Check{Corpus: "50k", Goal: "wall ≤ 5.5× 10k, peak RSS ≤ 1 GiB"}
	if b50 != nil && b10 != nil {
		r := ratio(b50.Wall().Median, b10.Wall().Median)
		c50.Measured = fmt.Sprintf("%.2f× 10k, %s", r, fmtRSS(b50.PeakRSS()))
		c50.Pass = r <= 5.5 && b50.PeakRSS() <= gib
	}
	return []Check{c1, c10, c50}
}

// Report writes the table of results, in their order, then the targets,
// briefing's cost per article and, when the 10k corpus was measured with
// the copy, how much of the 10k target writing briefing's output leaves.
func Report(w io.Writer, results []Result) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "corpus\tprog\tarticles\tpages\tfiles\tbytes\twall median (min–max)\tcpu\tpeak RSS\tratio")
	for _, r := range results {
		ws := r.Wall()
		rat := "-"
		if f := find(results, "floor", r.Articles); r.Prog != "floor" && f != nil && f.Wall().Median > 0 {
			rat = fmt.Sprintf("%.2f×", ratio(ws.Median, f.Wall().Median))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%.3f s (%.3f–%.3f)\t%.2f s\t%s\t%s\n",
			Label(r.Articles), r.Prog, r.Articles, r.Output.Pages, r.Output.Files, fmtBytes(r.Output.Bytes),
			ws.Median.Seconds(), ws.Min.Seconds(), ws.Max.Seconds(), r.CPU().Seconds(), fmtRSS(r.PeakRSS()), rat)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "target\tgoal\tmeasured\tresult")
	for _, c := range Checks(results) {
		m := c.Measured
		if m == "" {
			m = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Corpus, c.Goal, m, c.Verdict())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var per []string
	for _, r := range results {
		if r.Prog == "briefing" && r.Articles > 0 {
			us := float64(r.Wall().Median.Microseconds()) / float64(r.Articles)
			per = append(per, fmt.Sprintf("%s %.0f µs", Label(r.Articles), us))
		}
	}
	if _, err := fmt.Fprintf(w, "\nbriefing per article (median wall / articles): %s\n", strings.Join(per, ", ")); err != nil {
		return err
	}
	if b, f, c := find(results, "briefing", 10000), find(results, "floor", 10000), find(results, "copy", 10000); b != nil && f != nil && c != nil {
		left := time.Duration(1.5*float64(f.Wall().Median)) - c.Wall().Median
		_, err := fmt.Fprintf(w, "10k: writing briefing's output alone (copy) takes %s; the 1.5× floor target leaves %s for everything else, where briefing spends %s\n",
			fmtSec(c.Wall().Median), fmtSec(left), fmtSec(b.Wall().Median-c.Wall().Median))
		return err
	}
	return nil
}

// Label names a corpus by its size: "1k" for 1000 articles, "1500" for 1500.
func Label(articles int) string {
	if articles >= 1000 && articles%1000 == 0 {
		return fmt.Sprintf("%dk", articles/1000)
	}
	return fmt.Sprint(articles)
}

func find(results []Result, prog string, articles int) *Result {
	for i := range results {
		if results[i].Prog == prog && results[i].Articles == articles && len(results[i].Runs) > 0 {
			return &results[i]
		}
	}
	return nil
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func fmtSec(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

// fmtBytes formats n in decimal units, as file sizes usually are.
func fmtBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// fmtRSS formats n bytes of memory in binary units, as the targets are set.
func fmtRSS(n int64) string {
	if n >= gib {
		return fmt.Sprintf("%.2f GiB", float64(n)/gib)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/mib)
}
