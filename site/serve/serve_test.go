package serve

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	indexHTML   = "<!DOCTYPE html>\n<html><head><title>Home</title></head><body><h1>Home</h1></body></html>\n"
	articleHTML = "<!DOCTYPE html>\n<html><head><title>X</title></head><BODY><p>Article x</p></BODY></html>\n"
	notFoundPg  = "<!DOCTYPE html>\n<html><body><h1>Lost</h1><p>site 404 page</p></body></html>\n"
	noBodyHTML  = "<p>fragment without a body end tag</p>"
	styleCSS    = "body { color: red; } /* </body> */\n"
	dataJSON    = `{"html":"</body>","n":1}`
	secret      = "TOPSECRET"
	passwd      = "root:x:0:0"
)

// testSite returns a site with one file per interesting case. It holds
// "secret" and "etc/passwd" so that a handler that merely cleaned hostile
// paths (instead of refusing them) would leak their contents.
func testSite() Files {
	return Files{
		"index.html":            []byte(indexHTML),
		"articles/x/index.html": []byte(articleHTML),
		"404.html":              []byte(notFoundPg),
		"fragment.html":         []byte(noBodyHTML),
		"style.css":             []byte(styleCSS),
		"data/a.json":           []byte(dataJSON),
		"secret":                []byte(secret),
		"etc/passwd":            []byte(passwd),
	}
}

func newTestServer(t *testing.T, base string) (*Server, *httptest.Server) {
	t.Helper()
	s := New(Options{BasePath: base})
	s.Publish(testSite())
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return s, ts
}

// do runs one request through the handler without a network.
func do(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestContentTypes(t *testing.T) {
	want := map[string]string{
		".html":        "text/html; charset=utf-8",
		".css":         "text/css; charset=utf-8",
		".js":          "text/javascript; charset=utf-8",
		".json":        "application/json",
		".xml":         "application/xml",
		".rss":         "application/rss+xml",
		".atom":        "application/atom+xml",
		".svg":         "image/svg+xml",
		".png":         "image/png",
		".jpg":         "image/jpeg",
		".jpeg":        "image/jpeg",
		".JPG":         "image/jpeg",
		".gif":         "image/gif",
		".webp":        "image/webp",
		".avif":        "image/avif",
		".ico":         "image/x-icon",
		".txt":         "text/plain; charset=utf-8",
		".woff":        "font/woff",
		".woff2":       "font/woff2",
		".webmanifest": "application/manifest+json",
		".map":         "application/json",
		".pdf":         "application/pdf",
	}
	site := Files{
		"LICENSE": []byte("Plain text licence.\n"),
		"blob":    {0x00, 0x01, 0x02, 0xff},
	}
	for ext := range want {
		site["f"+ext] = []byte("content")
	}
	s := New(Options{BasePath: "/"})
	s.Publish(site)
	check := func(name, wantType string) {
		t.Helper()
		rec := do(s, "GET", "/"+name)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", name, rec.Code)
		}
		if got := rec.Header().Get("Content-Type"); got != wantType {
			t.Errorf("%s: Content-Type %q, want %q", name, got, wantType)
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q", name, got)
		}
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", name, got)
		}
	}
	for ext, typ := range want {
		check("f"+ext, typ)
	}
	check("LICENSE", "text/plain; charset=utf-8")
	check("blob", "application/octet-stream")
}

func TestIndexAndFolders(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.Publish(testSite())
	for target, want := range map[string]string{
		"/":                      "<h1>Home</h1>",
		"/?x=1":                  "<h1>Home</h1>",
		"/index.html":            "<h1>Home</h1>",
		"/articles/x/":           "Article x",
		"/articles/x/index.html": "Article x",
	} {
		rec := do(s, "GET", target)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s: %d %q, want 200 with %q", target, rec.Code, rec.Body.String(), want)
		}
	}
}

func TestNotFound(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.Publish(testSite())
	for _, target := range []string{"/nope", "/articles/y/", "/articles/", "/__briefing/other", "/%252e%252e/secret"} {
		rec := do(s, "GET", target)
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, rec.Code)
		}
		if target == "/__briefing/other" {
			continue
		}
		body := rec.Body.String()
		if !strings.Contains(body, "site 404 page") || !strings.Contains(body, "__briefing/client.js") {
			t.Errorf("GET %s: body %q, want the site's 404 page with the script", target, body)
		}
	}

	site := testSite()
	delete(site, "404.html")
	s.Publish(site)
	rec := do(s, "GET", "/nope")
	if rec.Code != http.StatusNotFound || rec.Body.String() != "404 page not found\n" {
		t.Errorf("without 404.html: %d %q", rec.Code, rec.Body.String())
	}
}

func TestRedirectWithoutSlash(t *testing.T) {
	for _, tc := range []struct{ base, target, loc string }{
		{"/", "/articles/x", "/articles/x/"},
		{"/", "/articles/x?a=1&b=2", "/articles/x/?a=1&b=2"},
		{"/briefing/", "/briefing/articles/x", "/briefing/articles/x/"},
		{"/briefing/", "/briefing", "/briefing/"},
		{"/briefing/", "/briefing?q=1", "/briefing/?q=1"},
	} {
		s := New(Options{BasePath: tc.base})
		s.Publish(testSite())
		rec := do(s, "GET", tc.target)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != tc.loc {
			t.Errorf("base %s GET %s: %d Location %q, want 301 %q", tc.base, tc.target, rec.Code, rec.Header().Get("Location"), tc.loc)
		}
	}
}

func TestBasePath(t *testing.T) {
	s := New(Options{BasePath: "/briefing/"})
	s.Publish(testSite())
	rec := do(s, "GET", "/briefing/articles/x/")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Article x") {
		t.Errorf("/briefing/articles/x/: %d %q", rec.Code, rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), `<script src="/briefing/__briefing/client.js"`) {
		t.Errorf("script tag does not use the base path: %q", rec.Body.String())
	}
	for _, target := range []string{"/articles/x/", "/", "/index.html", "/briefingx/", "/__briefing/events"} {
		if rec := do(s, "GET", target); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, rec.Code)
		}
	}
	if rec := do(s, "GET", "/briefing/"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<h1>Home</h1>") {
		t.Errorf("/briefing/: %d %q", rec.Code, rec.Body.String())
	}
	rec = do(s, "GET", "/briefing/__briefing/client.js")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"/briefing/__briefing/events"`) {
		t.Errorf("client.js under base: %d", rec.Code)
	}
}

// rawResult is what came back for a request sent over a raw connection.
type rawResult struct {
	status int
	body   string
}

// rawRequest sends requestLine (e.g. "GET /x HTTP/1.1") exactly as given,
// so no client library gets a chance to normalise the path.
func rawRequest(t *testing.T, addr, requestLine string) rawResult {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, requestLine+"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%q: %v", requestLine, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return rawResult{resp.StatusCode, string(body)}
}

func TestTraversalRefused(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.Publish(testSite())
	var seen sync.Map // request URIs that reached the handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.RequestURI, r.URL.Path)
		s.ServeHTTP(w, r)
	}))
	defer ts.Close()
	addr := ts.Listener.Addr().String()

	for _, tc := range []struct {
		target string
		status int
	}{
		{"/../etc/passwd", 400},
		{"/a/../../etc/passwd", 400},
		{"/..", 400},
		{"/%2e%2e/%2e%2e/etc/passwd", 400},
		{"/%2E%2E%2Fsecret", 400},
		{"/%2e%2e%2fsecret", 400},
		{"/%2E%2E/secret", 400},
		{"/a/..%2f..%2fsecret", 400},
		{"/..%5c..%5csecret", 400},
		{"/..%5C..%5Csecret", 400},
		{`/a\..\b`, 400},
		{`/a\b`, 400},
		{"/%00", 400},
		{"/index.html%00.txt", 400},
		{"http://127.0.0.1/../x", 400},
		{"http://127.0.0.1/%2e%2e/secret", 400},
		{"/%252e%252e/secret", 404},
		{"/%252e%252e%252fsecret", 404},
	} {
		res := rawRequest(t, addr, "GET "+tc.target+" HTTP/1.1")
		if res.status != tc.status {
			t.Errorf("GET %s: status %d, want %d (body %q)", tc.target, res.status, tc.status, res.body)
		}
		if _, ok := seen.Load(tc.target); !ok {
			t.Errorf("GET %s never reached the handler", tc.target)
		}
		if strings.Contains(res.body, secret) || strings.Contains(res.body, passwd) {
			t.Errorf("GET %s leaked a file: %q", tc.target, res.body)
		}
		if tc.status == 400 && !strings.HasPrefix(res.body, "400 bad request: ") {
			t.Errorf("GET %s: 400 did not come from the handler: %q", tc.target, res.body)
		}
	}

	// A handler used without a server (no RequestURI) still checks the
	// decoded path.
	req := httptest.NewRequest("GET", "/", nil)
	req.RequestURI = ""
	req.URL.Path = "/a/../secret"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("decoded-only traversal: status %d", rec.Code)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.Publish(testSite())
	for _, target := range []string{"/", "/style.css", "/__briefing/events", "/nope"} {
		for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS"} {
			rec := do(s, m, target)
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d Allow %q", m, target, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
}

func TestScriptInjection(t *testing.T) {
	s, ts := newTestServer(t, "/")
	tag := fmt.Sprintf(`<script src="/__briefing/client.js" data-generation="%d" defer></script>`, s.snapshot().gen)

	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.ContentLength != int64(len(body)) {
			t.Errorf("%s: Content-Length %d, body %d bytes", path, resp.ContentLength, len(body))
		}
		return resp, body
	}

	// Non-HTML files are served byte for byte, even when they mention </body>.
	for path, want := range map[string]string{"/style.css": styleCSS, "/data/a.json": dataJSON, "/secret": secret} {
		if _, body := get(path); string(body) != want {
			t.Errorf("%s modified: %q, want %q", path, body, want)
		}
	}

	for path, page := range map[string]string{"/": indexHTML, "/articles/x/": articleHTML} {
		_, body := get(path)
		if n := strings.Count(string(body), "__briefing/client.js"); n != 1 {
			t.Errorf("%s: script tag appears %d times", path, n)
		}
		i := strings.LastIndex(strings.ToLower(page), "</body>")
		want := page[:i] + tag + page[i:]
		if string(body) != want {
			t.Errorf("%s:\n got %q\nwant %q", path, body, want)
		}
	}

	if _, body := get("/fragment.html"); string(body) != noBodyHTML+tag {
		t.Errorf("fragment: got %q, want the tag appended", body)
	}

	// 404 page is HTML too.
	resp, body := get("/missing")
	if resp.StatusCode != 404 || !strings.Contains(string(body), tag+"</body>") {
		t.Errorf("404: %d %q", resp.StatusCode, body)
	}

	// The site's bytes are untouched.
	if b, _ := testSite().Lookup("index.html"); string(b) != indexHTML {
		t.Error("site bytes modified")
	}

	// HEAD: same headers, no body.
	for _, path := range []string{"/", "/style.css", "/__briefing/client.js"} {
		getResp, getBody := get(path)
		req, _ := http.NewRequest("HEAD", ts.URL+path, nil)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(body) != 0 {
			t.Errorf("HEAD %s: %d, %d body bytes", path, resp.StatusCode, len(body))
		}
		if resp.ContentLength != int64(len(getBody)) || resp.Header.Get("Content-Type") != getResp.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: Content-Length %d Content-Type %q, GET gave %d %q", path,
				resp.ContentLength, resp.Header.Get("Content-Type"), len(getBody), getResp.Header.Get("Content-Type"))
		}
	}
}

func TestInjectScriptEdgeCases(t *testing.T) {
	const tag = "<T>"
	for in, want := range map[string]string{
		"":                                    "<T>",
		"<body></body>":                       "<body><T></body>",
		"<body></BoDy >":                      "<body><T></BoDy >",
		"<body></bodyx>":                      "<body></bodyx><T>",
		"<pre>&lt;/body></pre></body></html>": "<pre>&lt;/body></pre><T></body></html>",
		"<script>'</body>'</script>\n</body>": "<script>'</body>'</script>\n<T></body>",
		"İ</body>":                            "İ<T></body>",
		"</body":                              "<T></body",
	} {
		if got := string(injectScript([]byte(in), tag)); got != want {
			t.Errorf("injectScript(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClientScript(t *testing.T) {
	s := New(Options{BasePath: "/"})
	rec := do(s, "GET", "/__briefing/client.js")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("client.js: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	js := rec.Body.String()
	for _, want := range []string{
		`new EventSource(`,
		`var EVENTS_URL = "/__briefing/events";`,
		`"briefing-error-overlay"`,
		`setAttribute("role", "alert")`,
		`.textContent = message`,
		`Build failed \u2014 showing the last good site`,
		`createElement("button")`,
		`aria-label`,
		`addEventListener("state"`,
		`addEventListener("reload"`,
		`addEventListener("error"`,
		`location.reload()`,
		`data-generation`,
		`pre-wrap`,
		`monospace`,
		`z-index`,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("client.js lacks %q", want)
		}
	}
	// The overlay's styles are set property by property, never as a style
	// attribute or cssText, which the pages' Content-Security-Policy may block.
	for _, bad := range []string{".innerHTML", "http://", "https://", "__BRIEFING_EVENTS_URL__", ".cssText", `setAttribute("style"`} {
		if strings.Contains(js, bad) {
			t.Errorf("client.js contains %q", bad)
		}
	}
}

func TestNotBuiltYet(t *testing.T) {
	s := New(Options{BasePath: "/"})
	rec := do(s, "GET", "/articles/x/")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "data-generation=") {
		t.Errorf("before first Publish: %d %q", rec.Code, rec.Body.String())
	}
	s.Publish(testSite())
	if rec := do(s, "GET", "/articles/x/"); rec.Code != 200 {
		t.Errorf("after Publish: %d", rec.Code)
	}
}

// sseEvent is one event, or comment, read from an event stream.
type sseEvent struct {
	name    string
	data    string
	comment string
}

func (e sseEvent) state(t *testing.T) eventData {
	t.Helper()
	var d eventData
	if err := json.Unmarshal([]byte(e.data), &d); err != nil {
		t.Fatalf("event %q: bad data %q: %v", e.name, e.data, err)
	}
	return d
}

// stream is an event stream read over a raw connection.
type stream struct {
	conn net.Conn
	resp *http.Response
	br   *bufio.Reader
}

func openStream(t *testing.T, addr, path string) *stream {
	t.Helper()
	s, err := dialStream(addr, path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dialStream opens an event stream; unlike openStream it may be used from
// any goroutine.
func dialStream(addr, path string) (*stream, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"); err != nil {
		conn.Close()
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" ||
		resp.Header.Get("Cache-Control") != "no-store" {
		conn.Close()
		return nil, fmt.Errorf("event stream: %d %v", resp.StatusCode, resp.Header)
	}
	return &stream{conn: conn, resp: resp, br: bufio.NewReader(resp.Body)}, nil
}

func (s *stream) Close() { s.conn.Close() }

// read returns the next event or comment.
func (s *stream) read(timeout time.Duration) (sseEvent, error) {
	s.conn.SetDeadline(time.Now().Add(timeout))
	var ev sseEvent
	var lines int
	for {
		line, err := s.br.ReadString('\n')
		if err != nil {
			return ev, err
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if ev.name != "" || ev.data != "" || ev.comment != "" {
				return ev, nil
			}
			if lines == 0 {
				return ev, errors.New("empty event")
			}
			lines = 0 // e.g. a lone "retry:" field
			continue
		case strings.HasPrefix(line, ":"):
			ev.comment = strings.TrimSpace(line[1:])
		case strings.HasPrefix(line, "event: "):
			ev.name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			ev.data = line[len("data: "):]
		case strings.HasPrefix(line, "retry: "):
		default:
			return ev, fmt.Errorf("unexpected line %q", line)
		}
		lines++
	}
}

// next returns the next event, skipping comments.
func (s *stream) next(t *testing.T) sseEvent {
	t.Helper()
	for {
		ev, err := s.read(5 * time.Second)
		if err != nil {
			t.Fatalf("reading event: %v", err)
		}
		if ev.name != "" {
			return ev
		}
	}
}

func TestEventStream(t *testing.T) {
	s, ts := newTestServer(t, "/briefing/")
	addr := ts.Listener.Addr().String()
	const path = "/briefing/__briefing/events"

	a := openStream(t, addr, path)
	defer a.Close()
	ev := a.next(t)
	if ev.name != "state" {
		t.Fatalf("first event %q, want state", ev.name)
	}
	st := ev.state(t)
	gen := st.Generation
	if st.Error != "" || gen != s.snapshot().gen {
		t.Fatalf("state %+v, server generation %d", st, s.snapshot().gen)
	}

	// The page's script tag carries the same generation.
	rec := do(s, "GET", "/briefing/")
	if !strings.Contains(rec.Body.String(), fmt.Sprintf(`data-generation="%d"`, gen)) {
		t.Errorf("page generation does not match state %d: %q", gen, rec.Body.String())
	}

	s.Publish(testSite())
	if ev := a.next(t); ev.name != "reload" || ev.state(t).Generation != gen+1 {
		t.Fatalf("after Publish: %q %q, want reload with generation %d", ev.name, ev.data, gen+1)
	}

	const msg = "seeds/a.txt:3: bad"
	s.Fail(msg)
	if ev := a.next(t); ev.name != "error" || ev.state(t).Error != msg {
		t.Fatalf("after Fail: %q %q", ev.name, ev.data)
	}

	// A page loaded while broken learns about the error on connect.
	b := openStream(t, addr, path)
	defer b.Close()
	if ev := b.next(t); ev.name != "state" || ev.state(t).Error != msg || ev.state(t).Generation != gen+1 {
		t.Fatalf("new stream while failing: %q %q", ev.name, ev.data)
	}

	// Multi-line messages survive as one data line.
	multi := "seeds/a.txt:3: bad date\nseeds/b.txt:1: <script>alert(1)</script>"
	s.Fail(multi)
	for _, c := range []*stream{a, b} {
		if ev := c.next(t); ev.name != "error" || ev.state(t).Error != multi {
			t.Fatalf("multi-line Fail: %q %q", ev.name, ev.data)
		}
	}

	s.Publish(testSite())
	for _, c := range []*stream{a, b} {
		if ev := c.next(t); ev.name != "reload" || ev.state(t).Generation != gen+2 {
			t.Fatalf("Publish after Fail: %q %q", ev.name, ev.data)
		}
	}
	c := openStream(t, addr, path)
	defer c.Close()
	if ev := c.next(t); ev.name != "state" || ev.state(t) != (eventData{Generation: gen + 2}) {
		t.Fatalf("new stream after fix: %q %q", ev.name, ev.data)
	}

	// HEAD on the stream just answers with headers.
	req, _ := http.NewRequest("HEAD", ts.URL+path, nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Errorf("HEAD events: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestEventStreamPing(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.pingEvery = 20 * time.Millisecond
	s.Publish(testSite())
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()

	c := openStream(t, ts.Listener.Addr().String(), "/__briefing/events")
	defer c.Close()
	if ev := c.next(t); ev.name != "state" {
		t.Fatalf("first event %q", ev.name)
	}
	ev, err := c.read(2 * time.Second)
	if err != nil || ev.comment != "ping" || ev.name != "" {
		t.Fatalf("want a ping comment, got %+v, %v", ev, err)
	}
}

func TestPublishDoesNotBlockOnStalledClient(t *testing.T) {
	s, ts := newTestServer(t, "/")
	addr := ts.Listener.Addr().String()

	// A client that sends its request and then never reads.
	stalled, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	if tcp, ok := stalled.(*net.TCPConn); ok {
		tcp.SetReadBuffer(4096)
	}
	io.WriteString(stalled, "GET /__briefing/events HTTP/1.1\r\nHost: x\r\n\r\n")
	waitFor(t, "the stalled client to register", func() bool { return clientCount(s) == 1 })

	// A healthy client alongside it.
	good := openStream(t, addr, "/__briefing/events")
	defer good.Close()
	gen := good.next(t).state(t).Generation

	big := strings.Repeat("seeds/a.txt:1: very long error message\n", 2000) // ~80 KB per event
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 1000 {
			s.Fail(big + strconv.Itoa(i))
			s.Publish(testSite())
		}
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Publish/Fail blocked on a client that does not read")
	}

	// The healthy client still hears about the latest state.
	want := gen + 1000
	for {
		ev := good.next(t)
		if ev.name == "reload" && ev.state(t).Generation == want {
			break
		}
	}
}

func TestStalledClientIsDropped(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.writeTimeout = 200 * time.Millisecond
	s.Publish(testSite())
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()

	stalled, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	if tcp, ok := stalled.(*net.TCPConn); ok {
		tcp.SetReadBuffer(4096)
	}
	io.WriteString(stalled, "GET /__briefing/events HTTP/1.1\r\nHost: x\r\n\r\n")
	waitFor(t, "the stalled client to register", func() bool { return clientCount(s) == 1 })

	big := strings.Repeat("x", 1<<20)
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; clientCount(s) != 0; i++ {
		if time.Now().After(deadline) {
			t.Fatal("a client that never reads was not dropped")
		}
		s.Fail(big + strconv.Itoa(i))
		time.Sleep(20 * time.Millisecond)
	}
}

func TestCloseEndsStreams(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.Publish(testSite())
	ts := httptest.NewServer(s)
	addr := ts.Listener.Addr().String()

	streams := make([]*stream, 3)
	for i := range streams {
		streams[i] = openStream(t, addr, "/__briefing/events")
		defer streams[i].Close()
		if ev := streams[i].next(t); ev.name != "state" {
			t.Fatalf("first event %q", ev.name)
		}
	}

	start := time.Now()
	s.Close()
	for _, c := range streams {
		if ev, err := c.read(time.Second); err != io.EOF {
			t.Fatalf("after Close: %+v, %v; want EOF", ev, err)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("streams took %v to end", d)
	}

	// New streams are refused; files are still served.
	if res := rawRequest(t, addr, "GET /__briefing/events HTTP/1.1"); res.status != http.StatusServiceUnavailable {
		t.Errorf("stream after Close: %d", res.status)
	}
	if res := rawRequest(t, addr, "GET / HTTP/1.1"); res.status != 200 {
		t.Errorf("page after Close: %d", res.status)
	}
	s.Close() // idempotent

	closed := make(chan struct{})
	go func() { ts.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("httptest server did not shut down after Close")
	}
}

func TestNoLeakAfterManyStreams(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.Publish(testSite())
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	addr := ts.Listener.Addr().String()

	// Warm up once so lazily started runtime goroutines are in the baseline.
	c := openStream(t, addr, "/__briefing/events")
	c.next(t)
	c.Close()
	waitFor(t, "warm-up stream to end", func() bool { return clientCount(s) == 0 })

	baseG := runtime.NumGoroutine()
	baseFD := openFDs()

	const total, batch = 1000, 50
	for done := 0; done < total; done += batch {
		var wg sync.WaitGroup
		var (
			mu     sync.Mutex
			errs   []error
			failed = func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }
		)
		for range batch {
			wg.Go(func() {
				c, err := dialStream(addr, "/__briefing/events")
				if err != nil {
					failed(err)
					return
				}
				defer c.Close()
				ev, err := c.read(5 * time.Second)
				if err == nil && ev.name != "state" {
					err = fmt.Errorf("first event %q", ev.name)
				}
				if err != nil {
					failed(err)
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
	}

	const margin = 5
	deadline := time.Now().Add(5 * time.Second)
	for {
		g, fd := runtime.NumGoroutine(), openFDs()
		if g <= baseG+margin && fd <= baseFD+margin && clientCount(s) == 0 {
			break
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("after %d streams: %d goroutines (baseline %d), %d fds (baseline %d), %d clients\n%s",
				total, g, baseG, fd, baseFD, clientCount(s), buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// openFDs counts this process's open file descriptors, or returns 0 where
// /proc/self/fd does not exist.
func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(entries)
}

func clientCount(s *Server) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestFilesLookup(t *testing.T) {
	f := Files{"a": []byte("x")}
	if b, ok := f.Lookup("a"); !ok || !bytes.Equal(b, []byte("x")) {
		t.Error("Lookup(a)")
	}
	if _, ok := f.Lookup("b"); ok {
		t.Error("Lookup(b)")
	}
}

// withFile is site with the file at path set to data.
func withFile(site Files, path, data string) Files {
	out := maps.Clone(site)
	out[path] = []byte(data)
	return out
}

func TestPublishProvisional(t *testing.T) {
	s, ts := newTestServer(t, "/")
	a := openStream(t, ts.Listener.Addr().String(), "/__briefing/events")
	defer a.Close()
	gen := a.next(t).state(t).Generation
	const page = "articles/x/index.html"
	edited := strings.Replace(articleHTML, "<p>Article x</p>", "<p>Article x</p><p>new text</p>", 1)

	// The provisional site reloads every page, and serves the new page.
	s.PublishProvisional(withFile(testSite(), page, edited))
	if ev := a.next(t); ev.name != "reload" || ev.state(t).Generation != gen+1 {
		t.Fatalf("after PublishProvisional: %q %q, want reload with generation %d", ev.name, ev.data, gen+1)
	}
	if rec := do(s, "GET", "/articles/x/"); !strings.Contains(rec.Body.String(), "new text") {
		t.Fatalf("provisional page not served: %q", rec.Body.String())
	}
	do(s, "GET", "/style.css")

	// The full site agrees on every file served: no second reload, and
	// pages keep the generation they were served with.
	s.Publish(withFile(withFile(testSite(), page, edited), "index.html", "<p>changed, but not served</p>"))
	if st := s.snapshot(); st.gen != gen+1 || st.provisional {
		t.Fatalf("after a confirming Publish: generation %d (want %d), provisional %v", st.gen, gen+1, st.provisional)
	}
	if ev, err := a.read(100 * time.Millisecond); err == nil && ev.name != "" {
		t.Fatalf("a confirming Publish sent %q %q", ev.name, ev.data)
	}
	a.Close()

	// A full site that differs in a file served reloads the pages.
	b := openStream(t, ts.Listener.Addr().String(), "/__briefing/events")
	defer b.Close()
	b.next(t)
	s.PublishProvisional(withFile(testSite(), page, edited))
	if ev := b.next(t); ev.name != "reload" || ev.state(t).Generation != gen+2 {
		t.Fatalf("second PublishProvisional: %q %q", ev.name, ev.data)
	}
	do(s, "GET", "/articles/x/")
	s.Publish(withFile(testSite(), page, strings.Replace(edited, "new text", "newer text", 1)))
	if ev := b.next(t); ev.name != "reload" || ev.state(t).Generation != gen+3 {
		t.Fatalf("a correcting Publish: %q %q, want reload with generation %d", ev.name, ev.data, gen+3)
	}

	// A failed rebuild after a provisional site: the next Publish reloads.
	s.PublishProvisional(withFile(testSite(), page, edited))
	b.next(t)
	s.Fail("seeds/x.txt:1: bad")
	b.next(t)
	s.Publish(withFile(testSite(), page, edited))
	if ev := b.next(t); ev.name != "reload" || ev.state(t).Generation != gen+5 {
		t.Fatalf("Publish after a failure: %q %q", ev.name, ev.data)
	}
}

// A file served from the provisional site after the full site replaced it
// (the request began before) is still checked against the full site.
func TestProvisionalLateRequest(t *testing.T) {
	s := New(Options{BasePath: "/"})
	s.Publish(testSite())
	const page = "articles/x/index.html"
	prov := withFile(testSite(), page, "<p>provisional</p>")
	s.PublishProvisional(prov)
	st := s.snapshot() // the late request's view
	s.Publish(withFile(testSite(), page, "<p>provisional</p>"))
	s.noteServed(st, page, prov[page])
	if got := s.snapshot().gen; got != st.gen {
		t.Fatalf("a late request served the same bytes, yet generation %d -> %d", st.gen, got)
	}

	s.PublishProvisional(prov)
	st = s.snapshot()
	s.Publish(withFile(testSite(), page, "<p>full</p>"))
	if got := s.snapshot().gen; got != st.gen {
		t.Fatalf("nothing was served yet, yet generation %d -> %d", st.gen, got)
	}
	s.noteServed(st, page, prov[page])
	if got := s.snapshot().gen; got != st.gen+1 {
		t.Fatalf("a late request served stale bytes: generation %d, want %d", got, st.gen+1)
	}
}
