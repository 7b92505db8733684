package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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
//     GET of the article's URL returns the article's final page: the one
//     it has once the whole site is rebuilt;
//   - save-to-reload-ms: from the same instant until the open page in
//     Chromium has reloaded by itself and shows that page;
//   - save-to-site-ms: until the whole rebuilt site was served, as the
//     server's rebuild line says;
//   - provisional-misses: the saves whose page was first served
//     provisionally (see build.Builder.Provisional) and then replaced by
//     a different final page. For those, the served and reload times are
//     those of the final page.
//
// The times are reported as medians and 90th percentiles over the
// iterations.
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
// request per millisecond at most until the new text is served, then one
// every 5 ms until the rebuild line).
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
	var served, reloaded, whole []float64
	misses := 0
	i := 0
	for b.Loop() {
		i++
		sentence := fmt.Sprintf("the benchmark marker zq%dn%d closes this paragraph.", time.Now().UnixNano(), i)
		content := original + "\n\n" + sentence + "\n"

		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		polling, stopPolling := context.WithCancel(ctx)
		seen := make(chan []sighting, 1)
		start := time.Now()
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
		go func() { seen <- pollServed(polling, client, url, sentence, start) }()
		r := pollTab(ctx, tab, pageHas(sentence), start)

		// Let the background rendering of this rebuild end (its line is
		// printed then); the page served first counts only if it is the
		// page of the finished rebuild.
		rebuilds++
		line := srv.waitLines(b, rebuilds, 5*time.Minute)[rebuilds-1]
		final, err := getBody(ctx, client, url)
		stopPolling()
		sightings := <-seen
		if err == nil {
			err = ctx.Err()
		}
		if err != nil || len(sightings) == 0 || r < 0 {
			cancel()
			b.Fatalf("iteration %d: the new sentence was not served (%d sightings) or shown (%v) within a minute: %v\nstderr:\n%s", i, len(sightings), r, err, srv.stderr)
		}
		s := time.Duration(-1)
		for _, v := range sightings {
			if v.body == final {
				s = v.at
				break
			}
		}
		if s != sightings[0].at {
			// The first page served was not the final one: count the
			// final one, and the reload that showed it.
			misses++
			if s < 0 {
				s = time.Since(start)
			}
			r = pollTab(ctx, tab, generationIs(generationOf(final)), start)
		}
		cancel()
		if r < 0 {
			b.Fatalf("iteration %d: the final page was not shown within a minute", i)
		}
		served = append(served, ms(s))
		reloaded = append(reloaded, ms(r))
		if m := siteAfter.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseFloat(m[1], 64)
			whole = append(whole, v)
		}
		time.Sleep(300 * time.Millisecond)
	}
	b.ReportMetric(percentile(served, 50), "save-to-served-ms")
	b.ReportMetric(percentile(reloaded, 50), "save-to-reload-ms")
	b.ReportMetric(percentile(served, 90), "save-to-served-p90-ms")
	b.ReportMetric(percentile(reloaded, 90), "save-to-reload-p90-ms")
	b.ReportMetric(percentile(whole, 50), "save-to-site-ms")
	b.ReportMetric(float64(misses), "provisional-misses")
	if l := srv.stdout.lines(); len(l) > 2 && testing.Verbose() {
		b.Logf("rebuilds:\n%s", strings.Join(l[2:], "\n"))
	}
}

// siteAfter finds, in a rebuild line, when the whole new site was served.
var siteAfter = regexp.MustCompile(`(?:the site after|\(served after) (\d+) ms`)

// sighting is a page body seen at a time since the save.
type sighting struct {
	at   time.Duration
	body string
}

// pollServed GETs url until ctx ends and returns each body that contains
// want, when it was first seen, in order: the provisional page, if any,
// then the page of the full rebuild when it differs.
func pollServed(ctx context.Context, c *http.Client, url, want string, start time.Time) []sighting {
	var out []sighting
	for ctx.Err() == nil {
		if body, err := getBody(ctx, c, url); err == nil && strings.Contains(body, want) &&
			(len(out) == 0 || out[len(out)-1].body != body) {
			out = append(out, sighting{time.Since(start), body})
		}
		if len(out) == 0 {
			time.Sleep(time.Millisecond)
		} else {
			time.Sleep(5 * time.Millisecond) // only a correction is still to come
		}
	}
	return out
}

// getBody GETs url and returns the body of a 200 response.
func getBody(ctx context.Context, c *http.Client, url string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return string(body), err
}

// generationAttr finds the generation in a served page's script tag.
var generationAttr = regexp.MustCompile(`data-generation="(\d+)"`)

// generationOf returns the data-generation of a served page's script tag.
func generationOf(body string) string {
	m := generationAttr.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// generationIs is a JavaScript condition: the page in the tab is of
// generation gen.
func generationIs(gen string) string {
	return `(document.querySelector("script[data-generation]") || {getAttribute() { return "" }}).getAttribute("data-generation") === ` + jsString(gen)
}

// pollTab waits until the JavaScript condition js holds in the tab's page
// and returns the time since start, or -1 if ctx ends first. The in-page
// poll does not survive a reload, so it is started again in the new page.
func pollTab(ctx context.Context, tab context.Context, js string, start time.Time) time.Duration {
	for ctx.Err() == nil {
		pctx, cancel := context.WithTimeout(tab, 10*time.Second)
		ok, err := chromedp.Run(pctx, chromedp.Poll[bool](js,
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
