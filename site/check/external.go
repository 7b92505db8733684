package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// userAgent names the checker to the servers it asks.
const userAgent = "briefing-check/1 (link checker)"

// checkExternal requests each outbound link once, up to opts.Concurrency at
// a time, and reports every page that has a link that fails. external maps
// each URL to the pages that link to it. Once ctx is done, the links not yet
// checked are left out.
func checkExternal(ctx context.Context, external map[string][]string, opts Options) []Finding {
	client := opts.Client
	if client == nil {
		client = &http.Client{}
	}
	timeout := cmp.Or(opts.Timeout, DefaultTimeout)
	workers := max(1, cmp.Or(opts.Concurrency, DefaultConcurrency))

	urls := slices.Sorted(func(yield func(string) bool) {
		for u := range external {
			if !yield(u) {
				return
			}
		}
	})
	failed := make([]string, len(urls)) // by URL: why it failed, "" when it did not
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(urls)) {
		wg.Go(func() {
			for i := range jobs {
				failed[i] = probe(ctx, client, urls[i], timeout)
			}
		})
	}
feed:
	for i := range urls {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()

	var out []Finding
	for i, u := range urls {
		if failed[i] == "" {
			continue
		}
		for _, p := range external[u] {
			out = append(out, Finding{Path: p, Message: fmt.Sprintf("broken external link %s (%s)", u, failed[i])})
		}
	}
	return out
}

// probe requests u with HEAD, and with GET when the server does not allow
// HEAD, following redirects. It returns why the link is broken (the status,
// or the error), or "" when it works or ctx is done.
func probe(ctx context.Context, client *http.Client, u string, timeout time.Duration) string {
	status, err := request(ctx, client, http.MethodHead, u, timeout)
	if err == nil && (status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented) {
		status, err = request(ctx, client, http.MethodGet, u, timeout)
	}
	switch {
	case ctx.Err() != nil:
		return "" // not checked rather than broken
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		return fmt.Sprintf("no answer in %s", timeout)
	case err != nil:
		return unwrapURLError(err).Error()
	case status >= 400:
		return fmt.Sprintf("%d %s", status, http.StatusText(status))
	}
	return ""
}

// request sends one request and returns the final status, after redirects.
func request(ctx context.Context, client *http.Client, method, u string, timeout time.Duration) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	// Read a little of the body so that the connection may be reused.
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	resp.Body.Close()
	return resp.StatusCode, nil
}
