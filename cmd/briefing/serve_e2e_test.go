package main

// End-to-end tests of `briefing serve` and `briefing build --watch`: they
// build the real binary once, run it on a temporary site and drive it as a
// user would, with file edits, HTTP requests, signals and (for the live
// reload) a headless Chromium.
//
// The browser tests use Chromium ($BRIEFING_CHROMIUM, else
// /usr/bin/chromium or chromium, chromium-browser, google-chrome on $PATH).
// They skip when there is none, unless BRIEFING_BROWSER_TESTS=require,
// which CI sets, makes them fail instead.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"briefing/site/corpus"
	"briefing/site/slug"
)

// repoRoot is the repository root, seen from this package's folder (where
// go test runs the tests).
const repoRoot = "../.."

// Timeouts are generous: the tests must pass on a loaded 2-core machine.
const (
	startTimeout   = 60 * time.Second // until the first build is served
	rebuildTimeout = 15 * time.Second // until a change is built and shown
	quietPeriod    = 1500 * time.Millisecond
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// briefingBin builds the briefing binary once for all the tests of the
// package and returns its path.
func briefingBin(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "briefing-e2e-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "briefing")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// needBrowser returns the path of Chromium. Without one it skips the test,
// or fails it when BRIEFING_BROWSER_TESTS=require.
func needBrowser(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("BRIEFING_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("BRIEFING_BROWSER_TESTS") == "require" {
		t.Fatal("no Chromium found, and BRIEFING_BROWSER_TESTS=require")
	}
	t.Skip("no Chromium found (set BRIEFING_BROWSER_TESTS=require to make this a failure)")
	return ""
}

// newBrowser starts a headless Chromium and returns the context of its
// first tab. It is closed when the test ends.
func newBrowser(t testing.TB, execPath string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// chromedp logs protocol messages it cannot decode; they are not ours.
	quiet := func(string, ...any) {}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(quiet), chromedp.WithLogf(quiet))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first action starts the browser, which lives as long as that
	// action's context: it must not have a timeout of its own.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting Chromium: %v", err)
		}
	case <-time.After(startTimeout):
		t.Fatalf("Chromium did not start within %v", startTimeout)
	}
	return ctx
}

// newTab opens another tab in the browser of ctx.
func newTab(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tab
}

// navigate loads url in the tab and waits for it to load.
func navigate(t testing.TB, tab context.Context, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, rebuildTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
}

// evalBool evaluates a JavaScript expression once, giving up after a short
// while (e.g. while the page is navigating).
func evalBool(tab context.Context, expr string) (bool, error) {
	ctx, cancel := context.WithTimeout(tab, 3*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
}

// evalString is evalBool for a string expression.
func evalString(tab context.Context, expr string) (string, error) {
	ctx, cancel := context.WithTimeout(tab, 3*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[string](expr))
}

// waitJS polls expr in the tab until it is true, tolerating evaluation
// errors (the page may be reloading), and fails the test after timeout.
func waitJS(t testing.TB, tab context.Context, expr, what string) {
	t.Helper()
	var last error
	deadline := time.Now().Add(rebuildTimeout)
	for time.Now().Before(deadline) {
		ok, err := evalBool(tab, expr)
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	body, _ := evalString(tab, `document.title + "\n" + (document.body ? document.body.innerText.slice(0, 2000) : "")`)
	t.Fatalf("browser: %s: not true after %v (last error: %v); page shows:\n%s", what, rebuildTimeout, last, body)
}

// jsString returns s as a JavaScript string literal.
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// pageHas is a JavaScript expression: the page's text contains s.
func pageHas(s string) string {
	return `!!(document.body && document.body.innerText.includes(` + jsString(s) + `))`
}

const overlayJS = `document.getElementById("briefing-error-overlay")`

// output collects what a process writes, safe for concurrent use.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// lines returns the complete lines written so far.
func (o *output) lines() []string {
	s := o.String()
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return strings.Split(s[:i], "\n")
	}
	return nil
}

// proc is a briefing process started by a test.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr *output
	done           chan struct{} // closed when the process has exited
	err            error         // Wait's result, set before done is closed
}

// startBriefing runs the binary with args. When the test ends the process
// is interrupted, and killed if it has not exited within 10s.
func startBriefing(t testing.TB, args ...string) *proc {
	t.Helper()
	p := &proc{stdout: &output{}, stderr: &output{}, done: make(chan struct{})}
	p.cmd = exec.Command(briefingBin(t), args...)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	p.cmd.WaitDelay = 5 * time.Second
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop interrupts the process, then kills it after a timeout. Only the
// process this test started is signalled.
func (p *proc) stop(t testing.TB) {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Errorf("briefing %s did not stop within 10s of SIGINT; killing it", strings.Join(p.cmd.Args[1:], " "))
		p.cmd.Process.Kill()
		<-p.done
	}
}

// exited reports whether the process has exited.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitOutput waits until the process's stdout has at least n lines and
// returns them. It fails the test on timeout or if the process exits.
func (p *proc) waitLines(t testing.TB, n int, timeout time.Duration) []string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if l := p.stdout.lines(); len(l) >= n {
			return l
		}
		if p.exited() {
			t.Fatalf("briefing exited (%v) before printing %d lines\nstdout:\n%s\nstderr:\n%s", p.err, n, p.stdout, p.stderr)
		}
		if time.Now().After(deadline) {
			t.Fatalf("briefing printed fewer than %d lines within %v\nstdout:\n%s\nstderr:\n%s", n, timeout, p.stdout, p.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitStderr waits until stderr contains s.
func (p *proc) waitStderr(t testing.TB, s string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(p.stderr.String(), s) {
		if time.Now().After(deadline) || p.exited() {
			t.Fatalf("stderr does not show %q within %v:\n%s", s, timeout, p.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var servingLine = regexp.MustCompile(`^serving (.+) at (http://127\.0\.0\.1:\d+/) \(Ctrl\+C to stop\)$`)

// startServe runs `briefing serve --port 0 --source dir` and waits until it
// has served its first build. It returns the process and the site's URL.
func startServe(t testing.TB, dir string, extra ...string) (*proc, string) {
	t.Helper()
	p := startBriefing(t, append([]string{"serve", "--port", "0", "--source", dir}, extra...)...)
	lines := p.waitLines(t, 1, startTimeout)
	m := servingLine.FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("first line of briefing serve: %q, want %q", lines[0], "serving DIR at http://127.0.0.1:PORT/ (Ctrl+C to stop)")
	}
	url := m[2]
	lines = p.waitLines(t, 2, startTimeout)
	if !strings.HasPrefix(lines[1], "built ") {
		t.Fatalf("second line of briefing serve: %q, want the first build", lines[1])
	}
	waitHTTP(t, url, http.StatusOK, "")
	return p, url
}

// get fetches url and returns the status and body.
func get(url string) (int, []byte, http.Header, error) {
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header, err
}

// waitHTTP polls url until it answers status with a body containing want.
func waitHTTP(t testing.TB, url string, status int, want string) []byte {
	t.Helper()
	deadline := time.Now().Add(rebuildTimeout)
	var (
		code int
		body []byte
		err  error
	)
	for time.Now().Before(deadline) {
		code, body, _, err = get(url)
		if err == nil && code == status && bytes.Contains(body, []byte(want)) {
			return body
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("GET %s: want %d with %q; last: %d, %v, %.300q", url, status, want, code, err, body)
	return nil
}

// readToState reads an event stream up to the "event: state" line that
// the preview server sends first.
func readToState(t testing.TB, r *bufio.Reader) {
	t.Helper()
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the event stream: %v", err)
		}
		if strings.HasPrefix(l, "event: state") {
			return
		}
	}
}

// copyDir copies the regular files of the tree src into dst.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// appendParagraph adds a paragraph to an article, writing the whole file
// like an editor does.
func appendParagraph(t testing.TB, file, text string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b = append(bytes.TrimRight(b, "\n"), "\n\n"+text+"\n"...)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// marker returns a sentence no article contains. It is lower case so that
// the extractor finds no names in it.
func marker(what string) string {
	return fmt.Sprintf("the %s marker zq%d closes this paragraph.", what, time.Now().UnixNano())
}

// articleURL is the URL of the article seeds/<id>.txt.
func articleURL(site, id string) string {
	return site + "articles/" + slug.Make(id) + "/"
}

var titleRE = regexp.MustCompile(`(?s)<title>(.*?)</title>`)

// htmlTitle returns the text of a page's <title>, as the browser shows it
// (entities are not expected in it).
func htmlTitle(t testing.TB, page []byte) string {
	t.Helper()
	m := titleRE.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no <title> in %.300q", page)
	}
	return strings.TrimSpace(string(m[1]))
}

func TestServeLiveReload(t *testing.T) {
	chromium := needBrowser(t)
	root := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "seeds"), filepath.Join(root, "seeds"))
	// The article without a sidecar: its file name alone makes its URL.
	const id = "003_44029c513d44232c"
	article := filepath.Join(root, "seeds", id+".txt")

	srv, site := startServe(t, root)
	url := articleURL(site, id)
	waitHTTP(t, url, http.StatusOK, "")
	code, page404, _, err := get(site + "no-such-page/")
	if err != nil || code != http.StatusNotFound {
		t.Fatalf("GET /no-such-page/: %d, %v", code, err)
	}
	notFoundTitle := htmlTitle(t, page404)
	rebuilds := len(srv.stdout.lines()) // the serving line and the first build

	// expectRebuild waits for the rebuild line of a change to path and
	// returns it.
	expectRebuild := func(path string) string {
		t.Helper()
		rebuilds++
		l := srv.waitLines(t, rebuilds, rebuildTimeout)[rebuilds-1]
		if !strings.HasPrefix(l, "changed ") || !strings.Contains(l, path) {
			t.Errorf("rebuild line %q does not name %s", l, path)
		}
		return l
	}

	tab := newBrowser(t, chromium)
	navigate(t, tab, url)
	waitJS(t, tab, `!!document.querySelector("script[src$='/__briefing/client.js']")`, "the live reload script is injected")

	// 1. An edit reloads the open page, which shows the new sentence.
	sentence := marker("reload")
	if _, err := evalBool(tab, `(window.__marker = 1) === 1`); err != nil {
		t.Fatal(err)
	}
	appendParagraph(t, article, "A closing remark: "+sentence)
	waitJS(t, tab, pageHas(sentence), "the edited article shows the new sentence")
	waitJS(t, tab, `window.__marker === undefined`, "the page was reloaded")
	expectRebuild("seeds/" + id + ".txt")

	// 2. A broken template: the open page keeps the last good content and
	// shows the error in an overlay, without reloading.
	theme, err := os.ReadFile(filepath.Join(repoRoot, "templates", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	const badLine = 3
	lines := strings.SplitAfter(string(theme), "\n")
	broken := strings.Join(lines[:badLine-1], "") + "{{if}}\n" + strings.Join(lines[badLine-1:], "")
	if _, err := evalBool(tab, `(window.__marker = 3) === 3`); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	expectRebuild("templates") // an empty templates/ overrides nothing
	// Every successful rebuild reloads the open pages, this one too: wait
	// for that reload before marking the page again.
	waitJS(t, tab, `window.__marker === undefined`, "the page was reloaded after the rebuild for templates/")
	if _, err := evalBool(tab, `(window.__marker = 2) === 2`); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "templates", "article.html"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	wantLoc := fmt.Sprintf("templates/article.html:%d:", badLine)
	srv.waitStderr(t, "article.html:3", rebuildTimeout)
	waitJS(t, tab, `!!`+overlayJS, "the error overlay appears")
	overlay, err := evalString(tab, overlayJS+`.innerText`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(overlay, wantLoc) {
		t.Errorf("overlay text %q does not contain %q", overlay, wantLoc)
	}
	if !strings.Contains(srv.stderr.String(), wantLoc) {
		t.Errorf("stderr does not show %q:\n%s", wantLoc, srv.stderr)
	}
	if role, _ := evalString(tab, overlayJS+`.getAttribute("role")`); role != "alert" {
		t.Errorf("overlay role = %q, want alert", role)
	}
	if ok, err := evalBool(tab, `window.__marker === 2 && `+pageHas(sentence)); err != nil || !ok {
		t.Errorf("the open page was reloaded or lost its content when the build failed (%v)", err)
	}
	if code, body, _, err := get(url); err != nil || code != http.StatusOK || !bytes.Contains(body, []byte(sentence)) {
		t.Errorf("while broken, GET %s: %d, %v; want the last good page", url, code, err)
	}

	// A page loaded while the build is broken shows the overlay too.
	other := newTab(t, tab)
	navigate(t, other, site)
	waitJS(t, other, `!!`+overlayJS+` && `+overlayJS+`.innerText.includes("article.html:3")`, "the overlay appears on a page loaded while broken")

	// 3. Removing the broken template: the overlays go and the pages reload.
	if _, err := evalBool(other, `(window.__marker = 3) === 3`); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "templates", "article.html")); err != nil {
		t.Fatal(err)
	}
	expectRebuild("templates/article.html")
	for _, tb := range []context.Context{tab, other} {
		waitJS(t, tb, `window.__marker === undefined`, "the page reloaded after the fix")
		waitJS(t, tb, `document.readyState === "complete" && !`+overlayJS, "the overlay is gone after the fix")
	}
	waitJS(t, tab, pageHas(sentence), "the article still shows the new sentence")

	// 4. Deleting the article: its URL answers 404, and the open page
	// reloads into the site's 404 page.
	if err := os.Remove(article); err != nil {
		t.Fatal(err)
	}
	expectRebuild("seeds/" + id + ".txt")
	waitHTTP(t, url, http.StatusNotFound, "")
	waitJS(t, tab, `document.title === `+jsString(notFoundTitle), "the deleted article's open page shows the 404 page")
	navigate(t, other, url)
	if title, err := evalString(other, `document.title`); err != nil || title != notFoundTitle {
		t.Errorf("deleted article in the browser: title %q (%v), want %q", title, err, notFoundTitle)
	}

	// One rebuild line per change, and only the failure on stderr.
	time.Sleep(quietPeriod)
	if got := srv.stdout.lines(); len(got) != rebuilds {
		t.Errorf("stdout has %d lines, want %d (one per change):\n%s", len(got), rebuilds, strings.Join(got, "\n"))
	}
	if n := strings.Count(srv.stderr.String(), "article.html:3"); n != 1 {
		t.Errorf("stderr shows the failure %d times, want once:\n%s", n, srv.stderr)
	}
}

// TestServeRenderError: a template that parses but fails when executed
// must not replace the last good site either.
func TestServeRenderError(t *testing.T) {
	root := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "seeds"), filepath.Join(root, "seeds"))
	const id = "003_44029c513d44232c"
	srv, site := startServe(t, root)
	url := articleURL(site, id)
	good := waitHTTP(t, url, http.StatusOK, "")

	theme, err := os.ReadFile(filepath.Join(repoRoot, "templates", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	// Line 5 is inside {{define "main"}}{{with .Article}}: the field does
	// not exist on an article, which only shows when a page is rendered.
	lines := strings.SplitAfter(string(theme), "\n")
	broken := strings.Join(lines[:4], "") + "{{.NoSuchField}}\n" + strings.Join(lines[4:], "")
	if err := os.MkdirAll(filepath.Join(root, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "templates", "article.html"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.waitStderr(t, "NoSuchField", rebuildTimeout)
	if !strings.Contains(srv.stderr.String(), "templates/article.html:5:") {
		t.Errorf("stderr does not name templates/article.html:5:\n%s", srv.stderr)
	}
	code, body, _, err := get(url)
	if err != nil || code != http.StatusOK {
		t.Fatalf("after a failed rebuild, GET %s: %d, %v; want the last good page", url, code, err)
	}
	if got, want := scriptTagRE.ReplaceAll(body, nil), scriptTagRE.ReplaceAll(good, nil); !bytes.Equal(got, want) {
		t.Errorf("after a failed rebuild, GET %s is not the last good page", url)
	}
}

func TestServeSignals(t *testing.T) {
	root := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "seeds"), filepath.Join(root, "seeds"))
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			srv, site := startServe(t, root)

			// A browser-less event stream client, reading.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, site+"__briefing/events", nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
				t.Fatalf("events Content-Type %q", ct)
			}
			r := bufio.NewReader(resp.Body)
			readToState(t, r)
			streamEnded := make(chan error, 1)
			go func() {
				_, err := io.Copy(io.Discard, r)
				streamEnded <- err
			}()

			start := time.Now()
			if err := srv.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-srv.done:
			case <-time.After(5 * time.Second):
				t.Fatalf("briefing serve still running 5s after %v with an event stream open", sig)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("briefing serve took %v to exit after %v, want at most 1s", d, sig)
			}
			if srv.err != nil {
				t.Errorf("briefing serve exit after %v: %v, want status 0\nstderr:\n%s", sig, srv.err, srv.stderr)
			}
			select {
			case <-streamEnded:
			case <-time.After(5 * time.Second):
				t.Error("the event stream was not closed by the server's exit")
			}
		})
	}
}

// rawGet sends a request line exactly as given, and returns the response.
func rawGet(t *testing.T, addr, target string) (*http.Response, []byte) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

var scriptTagRE = regexp.MustCompile(`<script src="/__briefing/client\.js" data-generation="\d+" defer></script>`)

func TestServeRefusesTraversal(t *testing.T) {
	root := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "seeds"), filepath.Join(root, "seeds"))
	_, site := startServe(t, root)
	addr := strings.TrimSuffix(strings.TrimPrefix(site, "http://"), "/")

	for _, target := range []string{"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/articles/../../etc/passwd", "/%2E%2E/etc/passwd"} {
		resp, body := rawGet(t, addr, target)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %s, want 400", target, resp.Status)
		}
		if bytes.Contains(body, []byte("root:")) {
			t.Errorf("GET %s leaks /etc/passwd", target)
		}
	}

	// The stylesheet, under the fingerprinted name the home page links.
	_, home := rawGet(t, addr, "/")
	m := regexp.MustCompile(`<link rel="stylesheet" href="(/style\.[0-9a-f]+\.css)"`).FindSubmatch(home)
	if m == nil {
		t.Fatalf("the home page links no fingerprinted style.css:\n%s", home)
	}
	resp, _ := rawGet(t, addr, string(m[1]))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("GET %s: %s, Content-Type %q, want 200 text/css; charset=utf-8", m[1], resp.Status, resp.Header.Get("Content-Type"))
	}

	// The 404 page is the site's own, as built for the same URL, with the
	// live reload script added.
	fresh := filepath.Join(t.TempDir(), "public")
	if out, err := exec.Command(briefingBin(t), "build", "--quiet", "--source", root, "--destination", fresh, "--base-url", site).CombinedOutput(); err != nil {
		t.Fatalf("briefing build: %v\n%s", err, out)
	}
	want, err := os.ReadFile(filepath.Join(fresh, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	resp, body := rawGet(t, addr, "/nope/")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nope/: %s, want 404", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET /nope/: Content-Type %q", ct)
	}
	if len(scriptTagRE.FindAll(body, -1)) != 1 {
		t.Errorf("GET /nope/: the live reload script is not injected once:\n%s", body)
	}
	if got := scriptTagRE.ReplaceAll(body, nil); !bytes.Equal(got, want) {
		t.Errorf("GET /nope/ is not the site's 404 page:\n got %.400q\nwant %.400q", got, want)
	}
}

// snapshot reads every file under dir, by slash-separated relative path.
func snapshot(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// diffTrees describes how two snapshots differ, or returns "".
func diffTrees(got, want map[string][]byte) string {
	var d []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			d = append(d, "missing "+p)
		case !bytes.Equal(g, w):
			d = append(d, "differs "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			d = append(d, "extra "+p)
		}
	}
	if len(d) > 10 {
		d = append(d[:10], fmt.Sprintf("and %d more", len(d)-10))
	}
	return strings.Join(d, "; ")
}

func TestBuildWatch(t *testing.T) {
	t.Run("events", func(t *testing.T) { testBuildWatch(t) })
	t.Run("poll", func(t *testing.T) { testBuildWatch(t, "--poll", "100ms") })
}

// TestWatchChangeDuringFirstBuild: a file saved while the first build is
// still running must not be lost, by build --watch or by serve.
func TestWatchChangeDuringFirstBuild(t *testing.T) {
	// Enough articles that the first build takes a while; the edited
	// article is the first one read.
	files := corpus.Generate(corpus.Options{Seed: 1, Articles: 2000})
	first := strings.TrimSuffix(files[0].Name, ".txt")
	setup := func(t *testing.T) (src, file string) {
		src = t.TempDir()
		if err := corpus.WriteDir(filepath.Join(src, "seeds"), files); err != nil {
			t.Fatal(err)
		}
		return src, filepath.Join(src, "seeds", files[0].Name)
	}
	// editSoon edits the file once the process has printed its first line
	// and has had time to read the first articles, while it is still
	// building.
	editSoon := func(t *testing.T, p *proc, file, sentence string) {
		p.waitLines(t, 1, startTimeout)
		time.Sleep(200 * time.Millisecond)
		if len(p.stdout.lines()) > 1 {
			t.Skip("the first build ended before the edit; this machine is too fast for this test")
		}
		appendParagraph(t, file, sentence)
	}

	t.Run("build", func(t *testing.T) {
		src, file := setup(t)
		dest := filepath.Join(t.TempDir(), "public")
		w := startBriefing(t, "build", "--watch", "--source", src, "--destination", dest)
		sentence := marker("early")
		editSoon(t, w, file, sentence)
		w.waitLines(t, 2, startTimeout)
		page := filepath.Join(dest, "articles", slug.Make(first), "index.html")
		deadline := time.Now().Add(rebuildTimeout)
		for {
			b, _ := os.ReadFile(page)
			if bytes.Contains(b, []byte(sentence)) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("an edit saved during the first build never reached %s\nstdout:\n%s", page, w.stdout)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	t.Run("serve", func(t *testing.T) {
		src, file := setup(t)
		p := startBriefing(t, "serve", "--port", "0", "--source", src)
		sentence := marker("early")
		editSoon(t, p, file, sentence)
		m := servingLine.FindStringSubmatch(p.waitLines(t, 1, startTimeout)[0])
		if m == nil {
			t.Fatalf("first line: %q", p.stdout.lines()[0])
		}
		p.waitLines(t, 2, startTimeout)
		url := articleURL(m[2], first)
		deadline := time.Now().Add(rebuildTimeout)
		for {
			_, b, _, _ := get(url)
			if bytes.Contains(b, []byte(sentence)) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("an edit saved during the first build is never served at %s\nstdout:\n%s", url, p.stdout)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

func testBuildWatch(t *testing.T, extra ...string) {
	tmp := t.TempDir()
	src, dest := filepath.Join(tmp, "site"), filepath.Join(tmp, "public")
	seeds := filepath.Join(src, "seeds")
	copyDir(t, filepath.Join(repoRoot, "seeds"), seeds)

	w := startBriefing(t, append([]string{"build", "--watch", "--source", src, "--destination", dest}, extra...)...)
	lines := w.waitLines(t, 2, startTimeout)
	if !strings.HasPrefix(lines[0], "watching ") || !strings.HasPrefix(lines[1], "built ") {
		t.Fatalf("briefing build --watch printed:\n%s", strings.Join(lines, "\n"))
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Fatal(err)
	}
	seen := 2

	// fresh builds the source as it is now into a new folder.
	fresh := func() map[string][]byte {
		t.Helper()
		out := filepath.Join(t.TempDir(), "public")
		if b, err := exec.Command(briefingBin(t), "build", "--quiet", "--source", src, "--destination", out).CombinedOutput(); err != nil {
			t.Fatalf("briefing build: %v\n%s", err, b)
		}
		return snapshot(t, out)
	}
	// same waits until the destination equals a fresh build; a change may
	// arrive in more than one batch, so it may take another rebuild.
	same := func(step string) map[string][]byte {
		t.Helper()
		want := fresh()
		deadline := time.Now().Add(rebuildTimeout)
		for {
			d := diffTrees(snapshot(t, dest), want)
			if d == "" {
				return want
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the destination is not what a fresh build makes: %s\nstdout:\n%s\nstderr:\n%s", step, d, w.stdout, w.stderr)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// changed waits for a new rebuild line naming path, then compares.
	changed := func(step, path string) map[string][]byte {
		t.Helper()
		l := w.waitLines(t, seen+1, rebuildTimeout)
		seen = len(l)
		if last := l[len(l)-1]; !strings.HasPrefix(last, "changed ") || !strings.Contains(last, path) {
			t.Errorf("%s: rebuild line %q does not name %s", step, last, path)
		}
		got := same(step)
		seen = len(w.stdout.lines())
		return got
	}
	page := func(id string) string { return "articles/" + slug.Make(id) + "/index.html" }
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Create an article.
	write(filepath.Join(seeds, "added_story.txt"), "Envoys meet again in Oslo\n\nthe talks resumed on tuesday, "+marker("added")+"\n")
	if site := changed("create", "seeds/added_story.txt"); site[page("added_story")] == nil {
		t.Errorf("create: no page %s", page("added_story"))
	}

	// Edit one.
	edit := marker("edit")
	appendParagraph(t, filepath.Join(seeds, "000_f2abb09f69393f1b.txt"), edit)
	if site := changed("edit", "seeds/000_f2abb09f69393f1b.txt"); !bytes.Contains(site[page("000_f2abb09f69393f1b")], []byte(edit)) {
		t.Errorf("edit: the page does not show the new sentence")
	}

	// Rename one (the one without a sidecar).
	if err := os.Rename(filepath.Join(seeds, "003_44029c513d44232c.txt"), filepath.Join(seeds, "renamed_story.txt")); err != nil {
		t.Fatal(err)
	}
	site := changed("rename", "seeds/")
	if site[page("renamed_story")] == nil || site[page("003_44029c513d44232c")] != nil {
		t.Errorf("rename: want %s and not %s", page("renamed_story"), page("003_44029c513d44232c"))
	}

	// Delete one.
	if err := os.Remove(filepath.Join(seeds, "added_story.txt")); err != nil {
		t.Fatal(err)
	}
	changed("delete", "seeds/added_story.txt")
	if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(page("added_story")))); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("delete: %s is still in the destination (%v)", page("added_story"), err)
	}

	// Editor temporary files change nothing and print nothing.
	write(filepath.Join(seeds, ".x.txt.swp"), "swap file\n")
	write(filepath.Join(seeds, "4913"), "")
	time.Sleep(quietPeriod)
	if l := w.stdout.lines(); len(l) != seen {
		t.Errorf("editor temporary files caused a rebuild: %q", l[seen:])
		seen = len(l)
	}
	same("editor files")

	// A new folder with an article.
	write(filepath.Join(seeds, "desk", "local_story.txt"), "Desk notes from Oslo\n\nthe desk filed this note on wednesday, "+marker("desk")+"\n")
	site = changed("folder", "seeds/desk")
	found := false
	for p, b := range site {
		if strings.HasPrefix(p, "articles/") && bytes.Contains(b, []byte("desk filed this note")) {
			found = true
		}
	}
	if !found {
		t.Error("folder: no article page shows the article in seeds/desk/")
	}

	time.Sleep(quietPeriod)
	if l := w.stdout.lines(); len(l) != seen {
		t.Errorf("unexpected rebuilds: %q", l[seen:])
	}
	if s := w.stderr.String(); s != "" {
		t.Errorf("stderr:\n%s", s)
	}
	t.Logf("stdout:\n%s", w.stdout)
}
