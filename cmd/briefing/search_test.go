package main

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSearchPage builds the seeds with an article whose headline is an
// HTML payload, serves the output as plain static files, and searches in
// Chromium: results come from the static index, show as text, and nothing
// from an article runs.
func TestSearchPage(t *testing.T) {
	chromium := needBrowser(t)
	site := t.TempDir()
	copyDir(t, "../../seeds", filepath.Join(site, "seeds"))
	payload := `Envoys meet <img src=x onerror="window.__pwned=1"> in Vienna`
	if err := os.WriteFile(filepath.Join(site, "seeds", "payload.txt"), []byte(payload+"\n\nForeign Minister Anna Berg met Paul Roche in Vienna on Monday for talks on the ceasefire.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if out, err := exec.Command(briefingBin(t), "build", "--quiet", "--source", site, "--destination", dest).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dest))}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()

	tab := newBrowser(t, chromium)
	navigate(t, tab, base+"/search/?q=kerry")
	waitJS(t, tab, `document.querySelectorAll("#search-results li").length > 0`, "results for kerry")
	waitJS(t, tab, `document.querySelector("#search-results li a").textContent.includes("Kerry") && document.querySelector("#search-results li a").getAttribute("href").startsWith("/articles/")`, "the first result is a Kerry article")
	waitJS(t, tab, `/article(s)? match/.test(document.getElementById("search-status").textContent)`, "the status line counts the results")

	// Typing searches as you type; a word nothing has gives no result.
	navigate(t, tab, base+"/search/")
	waitJS(t, tab, `(function(){var i=document.getElementById("search-query"); i.value="zzqxv"; i.dispatchEvent(new Event("input")); return document.querySelectorAll("#search-results li").length === 0 && document.getElementById("search-status").textContent.startsWith("No article")})()`, "no result for a word no article has")

	// The payload is found and shown as text; its handler never runs.
	navigate(t, tab, base+"/search/?q=onerror")
	waitJS(t, tab, `document.querySelectorAll("#search-results li").length === 1`, "the payload article found")
	waitJS(t, tab, `document.querySelector("#search-results li a").textContent === `+jsString(payload), "the payload headline shown as text")
	waitJS(t, tab, `document.querySelector("#search-results img") === null && window.__pwned === undefined`, "no element or script from the payload")
}
