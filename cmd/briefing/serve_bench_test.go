package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"briefing/site/corpus"
)

var serveArticles = flag.Int("serve-articles", 1000, "number of generated articles in the site of BenchmarkServeLatency")

// BenchmarkServeLatency measures what a writer of `briefing serve` waits
// for after saving an article that is open in the browser:
//
//   - save-to-served-ms: from just before the file is written until an HTTP
//     GET of the article's URL returns the new text;
//   - save-to-reload-ms: from the same instant until the open page in
//     Chromium has reloaded by itself and shows the new text.
//
// Both are reported as medians and 90th percentiles over the iterations.
// The site is a generated corpus of -serve-articles clippings. Each
// iteration replaces the article's file with its original text plus one
// paragraph holding a new sentence.
//
// The server serves a rebuilt site before it has rendered all of it, then
// renders every page in the background (to count what changed) and prints
// the rebuild's line; a save during that rendering cancels it. So that
// iterations do not overlap, each one waits for its rebuild line and then
// 300ms more before the next save: the figures are those of a writer who
// saves every few seconds, not of a stream of saves. The HTTP poller runs
// concurrently with the browser and adds a little load of its own (one
// request per millisecond at most).
//
// ns/op includes the background rendering and the pauses, and means
// little. Run it with a fixed number of iterations, e.g.:
//
//	go test ./cmd/briefing -run '^$' -bench ServeLatency -benchtime 20x -serve-articles 10000
//
// It needs Chromium: it is skipped without one, unless
// BRIEFING_BROWSER_TESTS=require.
func BenchmarkServeLatency(b *testing.B) {
	chromium := needBrowser(b)
	root := b.TempDir()
	files := corpus.Generate(corpus.Options{Seed: 1, Articles: *serveArticles})
	if len(files) == 0 {
		b.Fatal("-serve-articles must be at least 1")
	}
	if err := corpus.WriteDir(filepath.Join(root, "seeds"), files); err != nil {
		b.Fatal(err)
	}
	// The first article, written back with a new paragraph each time.
	f := files[0]
	file := filepath.Join(root, "seeds", f.Name)
	original := strings.TrimRight(string(f.Data), "\n")

	srv, site := startServe(b, root)
	url := articleURL(site, strings.TrimSuffix(f.Name, ".txt"))
	waitHTTP(b, url, http.StatusOK, "")
	b.Logf("%d articles; first build: %s", len(files), srv.stdout.lines()[1])

	tab := newBrowser(b, chromium)
	navigate(b, tab, url)
	waitJS(b, tab, `!!document.querySelector("script[src$='/__briefing/client.js']")`, "the live reload script is injected")

	client := &http.Client{Timeout: 10 * time.Second}
	rebuilds := len(srv.stdout.lines()) // the serving line and the first build
	var served, reloaded []float64
	i := 0
	for b.Loop() {
		i++
		sentence := fmt.Sprintf("the benchmark marker zq%dn%d closes this paragraph.", time.Now().UnixNano(), i)
		content := original + "\n\n" + sentence + "\n"

		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		servedAt := make(chan time.Duration, 1)
		start := time.Now()
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
		go func() { servedAt <- pollServed(ctx, client, url, sentence, start) }()
		r := pollReloaded(ctx, tab, sentence, start)
		s := <-servedAt
		err := ctx.Err()
		cancel()
		if err != nil || s < 0 || r < 0 {
			b.Fatalf("iteration %d: the new sentence was not served (%v) or shown (%v) within a minute: %v\nstderr:\n%s", i, s, r, err, srv.stderr)
		}
		served = append(served, ms(s))
		reloaded = append(reloaded, ms(r))

		// Let the background rendering of this rebuild end (its line is
		// printed then), then pause; see above.
		rebuilds++
		srv.waitLines(b, rebuilds, 5*time.Minute)
		time.Sleep(300 * time.Millisecond)
	}
	b.ReportMetric(percentile(served, 50), "save-to-served-ms")
	b.ReportMetric(percentile(reloaded, 50), "save-to-reload-ms")
	b.ReportMetric(percentile(served, 90), "save-to-served-p90-ms")
	b.ReportMetric(percentile(reloaded, 90), "save-to-reload-p90-ms")
	if l := srv.stdout.lines(); len(l) > 2 && testing.Verbose() {
		b.Logf("rebuilds:\n%s", strings.Join(l[2:], "\n"))
	}
}

// pollServed GETs url until the body contains want and returns the time
// since start, or -1 if ctx ends first.
func pollServed(ctx context.Context, c *http.Client, url, want string, start time.Time) time.Duration {
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := c.Do(req); err == nil {
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode == http.StatusOK && strings.Contains(string(body), want) {
				return time.Since(start)
			}
		}
		time.Sleep(time.Millisecond)
	}
	return -1
}

// pollReloaded waits until the page in the tab shows want and returns the
// time since start, or -1 if ctx ends first. The in-page poll does not
// survive the reload, so it is started again in the new page.
func pollReloaded(ctx context.Context, tab context.Context, want string, start time.Time) time.Duration {
	for ctx.Err() == nil {
		pctx, cancel := context.WithTimeout(tab, 10*time.Second)
		ok, err := chromedp.Run(pctx, chromedp.Poll[bool](pageHas(want),
			chromedp.WithPollingInterval(5*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
		cancel()
		if err == nil && ok {
			return time.Since(start)
		}
		if err != nil && tab.Err() != nil {
			return -1
		}
		time.Sleep(time.Millisecond) // the page is navigating
	}
	return -1
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile returns the p-th percentile of xs (nearest rank).
func percentile(xs []float64, p int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	k := (p*len(s) + 99) / 100 // ceil(p/100 * n)
	return s[max(k, 1)-1]
}
