//go:build unix

package main

// Front-end quality of the default theme, measured on the site built from
// the repository's seeds with the tools a reviewer would use:
//
//   - TestAxe: axe-core (default rules: WCAG 2.x A and AA, best practices)
//     finds no violation on one page of every kind, in the light and the
//     dark colour scheme.
//   - TestHTMLValid: the Nu HTML checker (vnu.jar) finds no error in any
//     page of the site, the 404 page included.
//   - TestLighthouse: Lighthouse scores at least 0.95 in performance,
//     accessibility, best practices and SEO on the home page, an article, a
//     participant and a topic, measured as a phone and as a desktop.
//   - TestKeyboardFocus, TestPrintStyle, TestResponsiveLayout: what those
//     tools do not check: a skip link and visible focus with enough
//     contrast in both schemes, a clean print style, and no sideways
//     scrolling on a phone.
//
// The site is built with an absolute base URL and served by a plain file
// server of the test (not `briefing serve`, which injects a live-reload
// script), with 404.html for missing paths, as a static host does.
//
// The npm tools (axe-core, vnu-jar, lighthouse) are installed at test time
// with `npm ci` from testdata/quality/package.json and package-lock.json,
// into $BRIEFING_TOOLS_DIR, else <user cache dir>/briefing-test-tools, and
// reused while that folder's lock file is the same as ours (.ci/run installs
// them before the tests). Like the other browser tests, these skip when
// Chromium, Java, npm or the network is missing, unless
// BRIEFING_BROWSER_TESTS=require, which CI sets, makes them fail.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// lighthouseMin is the lowest Lighthouse score accepted in each category.
const lighthouseMin = 0.95

// lighthouseRuns is how often a page is measured at most. Lighthouse's
// performance score depends on how busy the machine is (CI has 2 cores and
// runs other tests beside this one), so a page is measured again while its
// performance is below lighthouseMin and the best performance score counts.
// The other categories do not depend on timing: they must pass on the first
// run.
const lighthouseRuns = 3

// lighthouseCategories are the categories measured, in report order;
// performance comes first.
var lighthouseCategories = []string{"performance", "accessibility", "best-practices", "seo"}

// requireTools reports whether a missing tool fails the tests instead of
// skipping them.
func requireTools() bool { return os.Getenv("BRIEFING_BROWSER_TESTS") == "require" }

// missingTool skips the test, or fails it under BRIEFING_BROWSER_TESTS=require.
func missingTool(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if requireTools() {
		t.Fatalf("%s, and BRIEFING_BROWSER_TESTS=require", msg)
	}
	t.Skipf("%s (set BRIEFING_BROWSER_TESTS=require to make this a failure)", msg)
}

// ---- The npm tools -------------------------------------------------------

var (
	toolsOnce sync.Once
	toolsDir  string
	toolsErr  error
)

// toolsManifest is the folder of package.json and package-lock.json.
var toolsManifest = filepath.Join("testdata", "quality")

// qualityTools returns the folder the npm tools are installed in,
// installing them first unless they are there already.
func qualityTools(t testing.TB) string {
	t.Helper()
	toolsOnce.Do(func() { toolsDir, toolsErr = installTools() })
	if toolsErr != nil {
		missingTool(t, "the npm tools are not available: %v", toolsErr)
	}
	return toolsDir
}

func installTools() (string, error) {
	dir := os.Getenv("BRIEFING_TOOLS_DIR")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(cache, "briefing-test-tools")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	lock, err := os.ReadFile(filepath.Join(toolsManifest, "package-lock.json"))
	if err != nil {
		return "", err
	}
	if toolsInstalled(dir, lock) {
		return dir, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", fmt.Errorf("no npm to install them with: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Mark the folder as not installed until npm ci has succeeded, so
	// that a broken install is never taken for a good one.
	os.Remove(filepath.Join(dir, "package-lock.json"))
	pkg, err := os.ReadFile(filepath.Join(toolsManifest, "package.json"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), pkg, 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "package-lock.json"), lock, 0o644); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	// --ignore-scripts: vnu-jar's install script would download a Java
	// runtime; the machine's java runs vnu.jar.
	cmd := exec.CommandContext(ctx, npm, "ci", "--prefix", dir, "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		os.Remove(filepath.Join(dir, "package-lock.json"))
		if len(out) > 2000 {
			out = append([]byte("..."), out[len(out)-2000:]...)
		}
		return "", fmt.Errorf("npm ci --prefix %s: %v\n%s", dir, err, out)
	}
	fmt.Fprintf(os.Stderr, "quality tests: installed the npm tools into %s in %.1fs\n", dir, time.Since(start).Seconds())
	if !toolsInstalled(dir, lock) {
		return "", fmt.Errorf("npm ci --prefix %s succeeded but the tools are not there", dir)
	}
	return dir, nil
}

// toolsInstalled reports whether dir holds an install made from lock.
func toolsInstalled(dir string, lock []byte) bool {
	have, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil || !bytes.Equal(have, lock) {
		return false
	}
	// npm writes node_modules/.package-lock.json last.
	for _, f := range []string{".package-lock.json", axeScript, vnuJar, lighthouseCLI} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", f)); err != nil {
			return false
		}
	}
	return true
}

// The tools' files, under node_modules.
const (
	axeScript     = "axe-core/axe.min.js"
	vnuJar        = "vnu-jar/build/dist/vnu.jar"
	lighthouseCLI = "lighthouse/cli/index.js"
)

func toolPath(dir, f string) string { return filepath.Join(dir, "node_modules", filepath.FromSlash(f)) }

// needCommand returns the path of a command on $PATH, or skips (fails).
func needCommand(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missingTool(t, "no %s on $PATH", name)
	}
	return p
}

// ---- The site under test -------------------------------------------------

// qualityPage is a page of the built site.
type qualityPage struct {
	Name string // what it is: "home", "article", ...
	Path string // URL path, e.g. "/articles/x/"
	File string // the HTML file
}

// builtSite is the seeds' site, built and served on 127.0.0.1.
type builtSite struct {
	Dir  string // the built files
	Base string // http://127.0.0.1:PORT/
}

func (s *builtSite) url(p qualityPage) string { return strings.TrimSuffix(s.Base, "/") + p.Path }

// serveSeeds builds the seeds with the base URL of a file server it starts
// for the test. The port is taken first, so that the base URL, canonical
// links and sitemap name the address the pages are served from.
func serveSeeds(t testing.TB) *builtSite {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	dir := filepath.Join(t.TempDir(), "site")
	out, err := exec.Command(briefingBin(t), "build", "--quiet", "--source", repoRoot, "--destination", dir, "--base-url", base).CombinedOutput()
	if err != nil {
		ln.Close()
		t.Fatalf("briefing build: %v\n%s", err, out)
	}
	srv := &http.Server{Handler: staticHost(dir), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &builtSite{Dir: dir, Base: base}
}

// staticHost serves the folder as a static host does: index.html for a
// folder, and 404.html with status 404 for a path that has no file.
func staticHost(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		fi, err := os.Stat(name)
		if err == nil && fi.IsDir() {
			_, err = os.Stat(filepath.Join(name, "index.html"))
		}
		if err != nil {
			page, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(page)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// lighthousePages are the pages Lighthouse measures: the home page, the
// first article, and the participant and the topic with the largest page
// (the most of their templates shows).
func lighthousePages(t testing.TB, s *builtSite) []qualityPage {
	t.Helper()
	return []qualityPage{
		{Name: "home", Path: "/", File: filepath.Join(s.Dir, "index.html")},
		detailPage(t, s, "articles", "article", false),
		detailPage(t, s, "participants", "participant", true),
		detailPage(t, s, "topics", "topic", true),
	}
}

// kindPages is one page of every kind the site has: the home page, each
// section's list (articles/, participants/, ...) and its largest page, and
// the 404 page. Sections are found in the built files, so that a new one
// is checked too.
func kindPages(t testing.TB, s *builtSite) []qualityPage {
	t.Helper()
	pages := []qualityPage{{Name: "home", Path: "/", File: filepath.Join(s.Dir, "index.html")}}
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		list := filepath.Join(s.Dir, e.Name(), "index.html")
		if _, err := os.Stat(list); err == nil {
			pages = append(pages, qualityPage{Name: e.Name(), Path: "/" + e.Name() + "/", File: list})
		}
		if p, ok := largestPage(s, e.Name()); ok {
			pages = append(pages, p)
		}
	}
	return append(pages, qualityPage{Name: "404", Path: "/no-such-page/", File: filepath.Join(s.Dir, "404.html")})
}

// detailPage is the first (by URL) or the largest page under section/.
func detailPage(t testing.TB, s *builtSite, section, name string, largest bool) qualityPage {
	t.Helper()
	var p qualityPage
	var ok bool
	if largest {
		p, ok = largestPage(s, section)
	} else {
		ps := sectionPages(s, section)
		if len(ps) > 0 {
			p, ok = ps[0], true
		}
	}
	if !ok {
		t.Fatalf("the built site has no page under %s/", section)
	}
	p.Name = name
	return p
}

// sectionPages lists the pages section/NAME/index.html, sorted by URL.
func sectionPages(s *builtSite, section string) []qualityPage {
	matches, _ := filepath.Glob(filepath.Join(s.Dir, section, "*", "index.html"))
	sort.Strings(matches)
	var pages []qualityPage
	for _, m := range matches {
		pages = append(pages, qualityPage{
			Name: section + "/" + filepath.Base(filepath.Dir(m)),
			Path: "/" + section + "/" + filepath.Base(filepath.Dir(m)) + "/",
			File: m,
		})
	}
	return pages
}

func largestPage(s *builtSite, section string) (qualityPage, bool) {
	var best qualityPage
	var size int64 = -1
	for _, p := range sectionPages(s, section) {
		if fi, err := os.Stat(p.File); err == nil && fi.Size() > size {
			best, size = p, fi.Size()
		}
	}
	return best, size >= 0
}

// ---- Browser helpers -----------------------------------------------------

// setMedia emulates a media type ("print", or "" for the default) and a
// colour scheme ("light", "dark", or "" for no override) in the tab.
func setMedia(t testing.TB, tab context.Context, media, scheme string) {
	t.Helper()
	params := emulation.SetEmulatedMediaParams{Media: media}
	if scheme != "" {
		params.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	}
	err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, emulation.SetEmulatedMedia, params)
		return err
	}))
	if err != nil {
		t.Fatalf("emulating media %q, scheme %q: %v", media, scheme, err)
	}
	if scheme != "" {
		ok, err := evalBool(tab, `matchMedia("(prefers-color-scheme: `+scheme+`)").matches`)
		if err != nil || !ok {
			t.Fatalf("prefers-color-scheme: %s is not in effect (%v)", scheme, err)
		}
	}
}

// evalJSON evaluates a JavaScript expression (which may return a promise)
// and decodes its value into v.
func evalJSON(tab context.Context, timeout time.Duration, expr string, v any) error {
	ctx, cancel := context.WithTimeout(tab, timeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// loadPage navigates to url and waits until the page has loaded.
func loadPage(t testing.TB, tab context.Context, url string) {
	t.Helper()
	navigate(t, tab, url)
	waitJS(t, tab, `document.readyState === "complete"`, "page loaded: "+url)
}

// colourJS defines helpers shared by the checks that measure colours: the
// WCAG contrast ratio of two CSS colours, and the background an element is
// seen on (the first opaque background of it or its ancestors).
const colourJS = `
const rgba = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0,0,0,0];
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const ratio = (a, b) => { const x = lum(rgba(a)), y = lum(rgba(b)); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
const bgOf = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor; if (rgba(c)[3] >= 1) return c; }
  return "rgb(255, 255, 255)"; };
`

// ---- axe-core ------------------------------------------------------------

// axeViolation is the part of an axe-core result a failure shows.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// runAxe injects axe-core into the page and runs it with its default rules
// (WCAG 2.x A and AA, and best practices). It returns the violations and
// the number of checks axe could not decide ("incomplete").
func runAxe(t testing.TB, tab context.Context, axeSource string) ([]axeViolation, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	var res struct {
		Violations []axeViolation `json:"violations"`
		Incomplete int            `json:"incomplete"`
	}
	err := evalJSON(tab, 60*time.Second, `axe.run(document).then(r => ({
		violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))})),
		incomplete: r.incomplete.length}))`, &res)
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return res.Violations, res.Incomplete
}

func TestAxe(t *testing.T) {
	chromium := needBrowser(t)
	tools := qualityTools(t)
	axeSource, err := os.ReadFile(toolPath(tools, axeScript))
	if err != nil {
		t.Fatal(err)
	}
	site := serveSeeds(t)
	pages := kindPages(t, site)
	tab := newTab(t, newBrowser(t, chromium))
	chromedp.Do(tab, chromedp.EmulateViewport(1280, 900))

	backgrounds := map[string]string{}
	for _, scheme := range []string{"light", "dark"} {
		setMedia(t, tab, "", scheme)
		for _, p := range pages {
			loadPage(t, tab, site.url(p))
			if p.Name == "home" {
				bg, _ := evalString(tab, `getComputedStyle(document.body).backgroundColor`)
				backgrounds[scheme] = bg
			}
			violations, incomplete := runAxe(t, tab, string(axeSource))
			t.Logf("%s, %s scheme: %d violations, %d checks axe could not decide", p.Path, scheme, len(violations), incomplete)
			for _, v := range violations {
				var b strings.Builder
				fmt.Fprintf(&b, "%s (%s scheme): axe %s [%s]: %s", p.Path, scheme, v.ID, v.Impact, v.Help)
				for _, n := range v.Nodes {
					fmt.Fprintf(&b, "\n\t%v", n.Target)
					if n.Summary != "" {
						fmt.Fprintf(&b, ": %s", strings.ReplaceAll(n.Summary, "\n", " "))
					}
				}
				t.Error(b.String())
			}
		}
	}
	// Both schemes were really tested: the page looks different in each.
	if backgrounds["light"] == backgrounds["dark"] {
		t.Errorf("the page background is %s in both colour schemes", backgrounds["light"])
	}
}

// ---- The Nu HTML checker -------------------------------------------------

func TestHTMLValid(t *testing.T) {
	java := needCommand(t, "java")
	tools := qualityTools(t)
	site := serveSeeds(t)
	var files []string
	err := filepath.WalkDir(site.Dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The pages Lighthouse measures and the 404 page must be among them.
	for _, p := range append(lighthousePages(t, site), qualityPage{File: filepath.Join(site.Dir, "404.html")}) {
		if _, err := os.Stat(p.File); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"-jar", toolPath(tools, vnuJar), "--errors-only", "--format", "json", "--stdout"}, files...)
	cmd := exec.CommandContext(ctx, java, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			SubType  string `json:"subType"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("vnu.jar: %v (run: %v)\n%s\n%s", err, runErr, out, stderr.Bytes())
	}
	errs := 0
	for _, m := range report.Messages {
		if m.Type != "error" && m.Type != "non-document-error" && m.SubType != "fatal" {
			continue
		}
		errs++
		file := strings.TrimPrefix(m.URL, "file:")
		if rel, err := filepath.Rel(site.Dir, file); err == nil {
			file = rel
		}
		t.Errorf("%s:%d: %s (%s)", file, m.LastLine, m.Message, strings.TrimSpace(m.Extract))
	}
	if errs == 0 && runErr != nil {
		t.Errorf("vnu.jar failed without reporting an error: %v\n%s", runErr, stderr.Bytes())
	}
	t.Logf("vnu.jar checked %d pages: %d errors", len(files), errs)
}

// ---- Lighthouse ----------------------------------------------------------

// lighthouseReport is the part of Lighthouse's JSON report the test reads.
type lighthouseReport struct {
	RuntimeError *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"runtimeError"`
	Categories map[string]struct {
		Score     *float64 `json:"score"`
		AuditRefs []struct {
			ID     string  `json:"id"`
			Weight float64 `json:"weight"`
		} `json:"auditRefs"`
	} `json:"categories"`
	Audits map[string]struct {
		Title        string   `json:"title"`
		Score        *float64 `json:"score"`
		Mode         string   `json:"scoreDisplayMode"`
		DisplayValue string   `json:"displayValue"`
	} `json:"audits"`
}

// score is a category's score, -1 when Lighthouse gave none.
func (r *lighthouseReport) score(cat string) float64 {
	if c, ok := r.Categories[cat]; ok && c.Score != nil {
		return *c.Score
	}
	return -1
}

// failedAudits describes the audits that cost the category points.
func (r *lighthouseReport) failedAudits(cat string) []string {
	var out []string
	for _, ref := range r.Categories[cat].AuditRefs {
		a, ok := r.Audits[ref.ID]
		if !ok || a.Score == nil || *a.Score >= 1 || ref.Weight == 0 {
			continue
		}
		s := fmt.Sprintf("%s (%s, score %.2f, weight %g)", a.Title, ref.ID, *a.Score, ref.Weight)
		if a.DisplayValue != "" {
			s += ": " + a.DisplayValue
		}
		out = append(out, s)
	}
	return out
}

// runLighthouse measures url once in the headless Chromium of the machine,
// as a phone ("mobile": Lighthouse's default, with its simulated slow
// network and CPU) or a desktop ("desktop": its desktop preset).
func runLighthouse(t testing.TB, tools, chromium, url, formFactor, outFile string) (*lighthouseReport, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := []string{toolPath(tools, lighthouseCLI), url,
		"--output=json", "--output-path=" + outFile, "--quiet",
		"--only-categories=" + strings.Join(lighthouseCategories, ","),
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run",
	}
	if formFactor == "desktop" {
		args = append(args, "--preset=desktop")
	}
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chromium)
	// Lighthouse starts Chromium as its child: on a time-out, end the
	// whole process group this test started, not only node.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("lighthouse %s: %v\n%s", url, err, out)
	}
	b, err := os.ReadFile(outFile)
	if err != nil {
		return nil, err
	}
	var r lighthouseReport
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("lighthouse report %s: %v", outFile, err)
	}
	if r.RuntimeError != nil && r.RuntimeError.Code != "" && r.RuntimeError.Code != "NO_ERROR" {
		return nil, fmt.Errorf("lighthouse %s: %s: %s", url, r.RuntimeError.Code, r.RuntimeError.Message)
	}
	return &r, nil
}

// TestLighthouse measures the home page, an article, a participant and a
// topic as a phone and as a desktop: every category must score at least
// lighthouseMin.
//
// The pages are served over plain HTTP: Lighthouse counts 127.0.0.1 as a
// secure origin (is-on-https passes, as it would for an HTTPS host), so no
// audit is left out.
func TestLighthouse(t *testing.T) {
	chromium := needBrowser(t)
	needCommand(t, "node")
	tools := qualityTools(t)
	site := serveSeeds(t)
	outDir := t.TempDir()
	for _, p := range lighthousePages(t, site) {
		for _, formFactor := range []string{"mobile", "desktop"} {
			measureLighthouse(t, tools, chromium, site.url(p), fmt.Sprintf("%s (%s, %s)", p.Name, p.Path, formFactor), formFactor,
				filepath.Join(outDir, p.Name+"-"+formFactor))
		}
	}
}

// measureLighthouse runs Lighthouse on url up to lighthouseRuns times (see
// there) and checks the scores.
func measureLighthouse(t *testing.T, tools, chromium, url, what, formFactor, outPrefix string) {
	t.Helper()
	var first, bestPerf *lighthouseReport
	var perfRuns []string
	for run := 1; run <= lighthouseRuns; run++ {
		start := time.Now()
		r, err := runLighthouse(t, tools, chromium, url, formFactor, fmt.Sprintf("%s-%d.json", outPrefix, run))
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
		}
		if bestPerf == nil || r.score("performance") > bestPerf.score("performance") {
			bestPerf = r
		}
		perfRuns = append(perfRuns, fmt.Sprintf("%.2f", r.score("performance")))
		t.Logf("%s run %d in %.0fs: %s", what, run, time.Since(start).Seconds(), scoreLine(r))
		if r.score("performance") >= lighthouseMin || first.failsBesidesPerformance() {
			break
		}
		if d, ok := t.Deadline(); ok && time.Until(d) < 5*time.Minute {
			t.Logf("%s: not measured again: the test's time is nearly up", what)
			break
		}
	}
	t.Logf("%s: performance %.2f (best of %s), accessibility %.2f, best-practices %.2f, seo %.2f",
		what, bestPerf.score("performance"), strings.Join(perfRuns, ", "),
		first.score("accessibility"), first.score("best-practices"), first.score("seo"))
	for _, c := range lighthouseCategories {
		// Performance is the best of the runs; the other categories
		// are those of the first run.
		r := first
		if c == "performance" {
			r = bestPerf
		}
		s := r.score(c)
		switch {
		case s < lighthouseMin:
			t.Errorf("%s: Lighthouse %s score %.2f < %.2f; audits that cost points:\n\t%s",
				what, c, s, lighthouseMin, strings.Join(r.failedAudits(c), "\n\t"))
		case s < 1:
			t.Logf("%s: %s %.2f; audits that cost points:\n\t%s", what, c, s, strings.Join(r.failedAudits(c), "\n\t"))
		}
	}
}

// failsBesidesPerformance reports whether a category other than
// performance is below lighthouseMin, which measuring again cannot change.
func (r *lighthouseReport) failsBesidesPerformance() bool {
	for _, c := range lighthouseCategories[1:] {
		if r.score(c) < lighthouseMin {
			return true
		}
	}
	return false
}

func scoreLine(r *lighthouseReport) string {
	var parts []string
	for _, c := range lighthouseCategories {
		parts = append(parts, fmt.Sprintf("%s %.2f", c, r.score(c)))
	}
	return strings.Join(parts, ", ")
}

// ---- Keyboard, print and layout -------------------------------------------

// focusState describes the focused element as the keyboard user sees it.
type focusState struct {
	Desc         string  `json:"desc"`
	Visible      bool    `json:"visible"` // on screen, with a size
	Outline      string  `json:"outline"`
	Width        float64 `json:"width"`
	Contrast     float64 `json:"contrast"` // of the outline against the background around it
	FocusVisible bool    `json:"focusVisible"`
}

const focusJS = `(() => {` + colourJS + `
  const el = document.activeElement;
  if (!el || el === document.body) return {desc: "body"};
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const desc = el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") +
    " " + JSON.stringify((el.textContent || "").trim().slice(0, 40));
  return {
    desc,
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    outline: cs.outlineStyle,
    width: parseFloat(cs.outlineWidth) || 0,
    contrast: ratio(cs.outlineColor, bgOf(el.parentElement)),
    focusVisible: el.matches(":focus-visible"),
  };
})()`

// TestKeyboardFocus tabs through the start of pages in both schemes: the
// first stop is a visible skip link that moves focus to the main content,
// and every stop shows a focus outline at least 2px wide with a contrast of
// 3:1 or more against the background around it (WCAG 2.2 1.4.11, 2.4.7).
func TestKeyboardFocus(t *testing.T) {
	chromium := needBrowser(t)
	site := serveSeeds(t)
	tab := newTab(t, newBrowser(t, chromium))
	chromedp.Do(tab, chromedp.EmulateViewport(1280, 900))
	pages := lighthousePages(t, site)
	const stops = 25
	for _, scheme := range []string{"light", "dark"} {
		setMedia(t, tab, "", scheme)
		for _, p := range pages {
			loadPage(t, tab, site.url(p))
			minContrast, tabbed := math.Inf(1), 0
			for i := 0; i < stops; i++ {
				if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab)); err != nil {
					t.Fatal(err)
				}
				// The browser scrolls the focused element into view,
				// smoothly where the reader allows motion: wait for it.
				var f focusState
				for wait := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
					if err := evalJSON(tab, 5*time.Second, focusJS, &f); err != nil {
						t.Fatal(err)
					}
					if f.Visible || time.Now().After(wait) {
						break
					}
				}
				where := fmt.Sprintf("%s (%s scheme), tab stop %d, %s", p.Path, scheme, i+1, f.Desc)
				if f.Desc == "body" {
					break
				}
				if i == 0 && !strings.HasPrefix(f.Desc, "a.skip-link") {
					t.Errorf("%s: the first tab stop is not the skip link", where)
				}
				if !f.Visible {
					t.Errorf("%s: the focused element is not on screen", where)
				}
				if !f.FocusVisible || f.Outline == "none" || f.Width < 2 {
					t.Errorf("%s: no visible focus outline (:focus-visible %v, outline %s %gpx)", where, f.FocusVisible, f.Outline, f.Width)
				} else if f.Contrast < 3 {
					t.Errorf("%s: focus outline contrast %.2f:1 < 3:1", where, f.Contrast)
				}
				minContrast, tabbed = math.Min(minContrast, f.Contrast), tabbed+1
			}
			t.Logf("%s (%s scheme): %d tab stops, lowest focus outline contrast %.2f:1", p.Path, scheme, tabbed, minContrast)
			// The skip link moves focus to the main content.
			loadPage(t, tab, site.url(p))
			if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			waitJS(t, tab, `document.activeElement && document.activeElement.id === "main"`, p.Path+": the skip link focuses <main>")
		}
	}
}

// TestPrintStyle checks the print style of the pages Lighthouse measures,
// whatever the screen's colour scheme: black on white, no navigation, skip
// link or footer, the page's address at the top, the address of external
// links and the path of links to articles printed after them, and list
// items and figures kept whole on a page. The seeds link to no other site,
// so the test adds an external link to each page before it looks.
func TestPrintStyle(t *testing.T) {
	chromium := needBrowser(t)
	site := serveSeeds(t)
	tab := newTab(t, newBrowser(t, chromium))
	for _, scheme := range []string{"light", "dark"} {
		setMedia(t, tab, "print", scheme)
		for _, p := range lighthousePages(t, site) {
			loadPage(t, tab, site.url(p))
			var r struct {
				Shown      []string `json:"shown"`
				Address    string   `json:"address"`
				Colour     string   `json:"colour"`
				Background string   `json:"background"`
				Missing    []string `json:"missing"`
				Breaks     []string `json:"breaks"`
				Links      int      `json:"links"`
			}
			err := evalJSON(tab, 5*time.Second, `(() => {`+colourJS+`
				const main = document.querySelector("main");
				const body = main.querySelector(".article-body, .primary, .page-header") || main;
				body.insertAdjacentHTML("beforeend", '<p>See <a href="https://example.org/report">the report</a>.</p>');
				const shown = [...document.querySelectorAll(".site-nav, .skip-link, .site-footer")]
					.filter(e => getComputedStyle(e).display !== "none").map(e => e.className);
				const address = [...main.querySelectorAll(".page-address")]
					.filter(e => getComputedStyle(e).display !== "none").map(e => e.textContent.trim()).join(" ");
				const missing = [];
				let links = 0;
				for (const a of main.querySelectorAll("a[href^='http'], a[href^='/'][href*='/articles/']")) {
					if (!a.getClientRects().length) continue;
					links++;
					if (!getComputedStyle(a, "::after").content.includes(a.getAttribute("href"))) missing.push(a.getAttribute("href"));
				}
				const breaks = [...main.querySelectorAll("li, figure")]
					.filter(e => !["avoid", "avoid-page"].includes(getComputedStyle(e).breakInside))
					.map(e => e.tagName).slice(0, 3);
				return {shown, address, colour: getComputedStyle(document.body).color,
					background: bgOf(document.body), missing, breaks, links};
			})()`, &r)
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s (print, %s scheme)", p.Path, scheme)
			if len(r.Shown) > 0 {
				t.Errorf("%s: printed but should not be: %v", where, r.Shown)
			}
			if want := site.url(p); r.Address != want {
				t.Errorf("%s: the page's address printed at the top is %q, want %q", where, r.Address, want)
			}
			if r.Colour != "rgb(0, 0, 0)" || r.Background != "rgb(255, 255, 255)" {
				t.Errorf("%s: text %s on %s, want black on white", where, r.Colour, r.Background)
			}
			if len(r.Missing) > 0 {
				t.Errorf("%s: links printed without their address: %v", where, r.Missing)
			}
			if r.Links < 2 {
				t.Errorf("%s: only %d links to check, want the added external link and at least one article", where, r.Links)
			}
			if len(r.Breaks) > 0 {
				t.Errorf("%s: list items or figures may be split across pages: %v", where, r.Breaks)
			}
		}
	}
}

// TestResponsiveLayout loads one page of every kind at a phone's width and
// at a desktop's: nothing may make the page scroll sideways.
func TestResponsiveLayout(t *testing.T) {
	chromium := needBrowser(t)
	site := serveSeeds(t)
	tab := newTab(t, newBrowser(t, chromium))
	for _, width := range []int64{320, 768, 1280} {
		if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 800)); err != nil {
			t.Fatal(err)
		}
		for _, p := range kindPages(t, site) {
			loadPage(t, tab, site.url(p))
			var r struct {
				Scroll int      `json:"scroll"`
				Client int      `json:"client"`
				Wide   []string `json:"wide"`
			}
			err := evalJSON(tab, 5*time.Second, `(() => {
				const w = document.documentElement.clientWidth;
				const wide = [...document.body.querySelectorAll("*")]
					.filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest(".visually-hidden, pre, table"))
					.map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")).slice(0, 5);
				return {scroll: document.documentElement.scrollWidth, client: w, wide};
			})()`, &r)
			if err != nil {
				t.Fatal(err)
			}
			if r.Scroll > r.Client || len(r.Wide) > 0 {
				t.Errorf("%s at %dpx: the page is %dpx wide in a %dpx viewport; too wide: %v", p.Path, width, r.Scroll, r.Client, r.Wide)
			}
		}
	}
}
