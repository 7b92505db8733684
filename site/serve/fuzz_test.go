package serve

import (
	"bufio"
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// recordingSite is a Site that remembers every path it was asked for.
type recordingSite struct {
	files Files
	mu    sync.Mutex
	asked []string
}

func (r *recordingSite) Lookup(path string) ([]byte, bool) {
	r.mu.Lock()
	r.asked = append(r.asked, path)
	r.mu.Unlock()
	return r.files.Lookup(path)
}

func (r *recordingSite) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	a := r.asked
	r.asked = nil
	return a
}

// fuzzSite is testSite with names that a careless decoder would confuse:
// a space, non-ASCII letters, a literal "%2e%2e" and a folder of its own.
func fuzzSite() Files {
	site := testSite()
	site["a b/index.html"] = []byte("<p>space</p>")
	site["ünï/x.txt"] = []byte("unicode")
	site["%2e%2e/x"] = []byte("literal percent")
	site["dir/index.html"] = []byte("<html><body>dir</body></html>")
	return site
}

// FuzzServeHTTP sends arbitrary request targets (as a request line read by
// net/http, or as a URL built in-process) to a server of a small site. It
// checks that a 200 comes only for a path that names a file of the site,
// or the client script, and carries that file (HTML with the script
// injected); that a file of the site is found; that no path with a ".."
// segment, decoded once or not at all, gets anything but 400; that a
// redirect stays on this server, inside the site, towards a folder that
// exists; that the site is never asked for a path with a ".." segment, a
// backslash or a NUL; and that the status is always one of a few.
func FuzzServeHTTP(f *testing.F) {
	for _, s := range []string{
		"/briefing/", "/briefing", "/briefing/articles/x", "/briefing/articles/x/", "/briefing/style.css?v=1",
		"/briefing/../secret", "/briefing/%2e%2e/secret", "/briefing/articles/..%2f..%2fsecret", "/briefing/%252e%252e/x",
		"/briefing/%2e%2e%5csecret", "/briefing/a%20b", "/briefing/%C3%BCn%C3%AF/x.txt", "/briefing/__briefing/client.js",
		"/briefing/__briefing/events", "/briefing/__briefing/../secret", "http://127.0.0.1/briefing/dir", "//evil.example/briefing/dir",
		"/briefing//dir", "/briefing/dir?x=%0d%0aSet-Cookie:x", "*", "/briefing/secret%00", "/briefing/a\\..\\secret", "/",
	} {
		f.Add(s, "", uint8(0))
		f.Add(s, "", uint8(1))
	}
	f.Add("/briefing/dir", "Content-Length: 3\r\n\r\nabc", uint8(0))
	f.Add("/briefing/dir", "Transfer-Encoding: chunked\r\nContent-Length: 3", uint8(4))
	f.Add("/briefing/a/../secret", "/briefing/a/%2e%2e/secret", uint8(8))
	f.Add("/briefing/a/x/secret", "/briefing/a/%2e%2e/secret", uint8(9))

	site := &recordingSite{files: fuzzSite()}
	servers := map[string]*Server{}
	for _, base := range []string{"/briefing/", "/"} {
		s := New(Options{BasePath: base})
		s.Publish(site)
		s.Close() // event streams get 503 at once instead of running on
		servers[base] = s
	}
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions}

	// op: bit 0 picks the base path, bits 1-2 the method, bit 3 an
	// in-process request (target as the decoded path, extra as RawPath)
	// instead of a request line (extra as header lines).
	f.Fuzz(func(t *testing.T, target, extra string, op uint8) {
		base := "/briefing/"
		if op&1 != 0 {
			base = "/"
		}
		s := servers[base]
		method := methods[op>>1&3]

		var req *http.Request
		if op&8 != 0 {
			p, q, _ := strings.Cut(target, "?")
			req = &http.Request{Method: method, URL: &url.URL{Path: p, RawPath: extra, RawQuery: q},
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, Host: "localhost"}
		} else {
			head := method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
			if extra != "" {
				head += extra + "\r\n"
			}
			var err error
			req, err = http.ReadRequest(bufio.NewReader(strings.NewReader(head + "\r\n")))
			if err != nil {
				return // net/http answers 400 before any handler runs
			}
			if req.RequestURI == "*" && req.Method == http.MethodOptions {
				return // answered by net/http itself
			}
		}
		site.take()
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		code, body, h := rec.Code, rec.Body.Bytes(), rec.Result().Header

		for _, k := range site.take() {
			if strings.ContainsAny(k, "\\\x00") || slices.Contains(strings.Split(k, "/"), "..") {
				t.Fatalf("%s %q: the site was asked for %q", method, target, k)
			}
		}
		switch code {
		case http.StatusOK, http.StatusMovedPermanently, http.StatusBadRequest, http.StatusNotFound,
			http.StatusMethodNotAllowed, http.StatusServiceUnavailable:
		default:
			t.Fatalf("%s %q: status %d", method, target, code)
		}
		if h.Get("Cache-Control") != "no-store" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("%s %q: %d without the common headers: %v", method, target, code, h)
		}
		if method == http.MethodHead && len(body) > 0 {
			t.Fatalf("HEAD %q: %d with a body", target, code)
		}
		if n := h.Get("Content-Length"); method == http.MethodGet && n != "" && n != strconv.Itoa(len(body)) {
			t.Fatalf("GET %q: Content-Length %s, body of %d bytes", target, n, len(body))
		}
		if views := pathViews(req); hasDotDot(views) && code != http.StatusBadRequest {
			t.Fatalf("%s %q (paths %q): %d, want 400 for a \"..\" segment", method, target, views, code)
		}
		p := req.URL.Path
		rel, inBase := strings.CutPrefix(p, base)
		key := rel
		if key == "" || strings.HasSuffix(key, "/") {
			key += "index.html"
		}
		file, exists := site.files[key]
		get := method == http.MethodGet || method == http.MethodHead
		clean := hostile(req) == "" && req.ContentLength == 0 && len(req.TransferEncoding) == 0

		switch code {
		case http.StatusOK:
			if !get || !inBase || !clean {
				t.Fatalf("%s %q: 200 for %q outside the site, or hostile", method, target, p)
			}
			want := file
			switch {
			case rel == clientName:
				want = s.clientJS
			case strings.HasPrefix(rel, internalDir) || !exists:
				t.Fatalf("%s %q: 200 for %q, no file of the site", method, target, p)
			case isHTML(h.Get("Content-Type")):
				want = injectScript(file, s.scriptTag(s.snapshot().gen))
			}
			if h.Get("Content-Length") != strconv.Itoa(len(want)) || method == http.MethodGet && !bytes.Equal(body, want) {
				t.Fatalf("%s %q: body %q (length %s), want %q", method, target, body, h.Get("Content-Length"), want)
			}
		case http.StatusMovedPermanently:
			loc := h.Get("Location")
			lp, _, _ := strings.Cut(loc, "?")
			dec, err := url.PathUnescape(lp)
			if !get || !clean || err != nil || !strings.HasPrefix(lp, "/") || strings.HasPrefix(lp, "//") ||
				strings.ContainsAny(lp, "\\\x00\r\n") || slices.Contains(strings.Split(dec, "/"), "..") {
				t.Fatalf("%s %q: redirect to %q", method, target, loc)
			}
			_, folder := site.files[rel+"/index.html"]
			if !(p+"/" == base && lp == base) && !(inBase && folder && dec == p+"/") {
				t.Fatalf("%s %q: redirect to %q, not to the site or one of its folders", method, target, loc)
			}
		case http.StatusNotFound:
			if get && clean && inBase && exists && !strings.HasPrefix(rel, internalDir) {
				t.Fatalf("%s %q: 404 for the file %q", method, target, key)
			}
		case http.StatusMethodNotAllowed:
			if get || h.Get("Allow") != "GET, HEAD" {
				t.Fatalf("%s %q: 405 (Allow %q)", method, target, h.Get("Allow"))
			}
		case http.StatusServiceUnavailable:
			if rel != eventsName || !inBase {
				t.Fatalf("%s %q: 503 for %q", method, target, p)
			}
		}
		if code != http.StatusOK && code != http.StatusMovedPermanently && (bytes.Contains(body, []byte(secret)) || bytes.Contains(body, []byte(passwd))) {
			t.Fatalf("%s %q: %d leaks a file: %q", method, target, code, body)
		}
	})
}

// pathViews returns the forms of the request's path a file server could
// act on: decoded, as received (without query, and without the authority
// of an absolute URL), and the received forms decoded once.
func pathViews(r *http.Request) []string {
	raw := []string{r.URL.RawPath, r.URL.EscapedPath()}
	if uri := r.RequestURI; uri != "" {
		uri, _, _ = strings.Cut(uri, "?")
		if _, rest, ok := strings.Cut(uri, "://"); ok && !strings.HasPrefix(uri, "/") {
			// An absolute URL: its path starts after the authority.
			_, after, slash := strings.Cut(rest, "/")
			uri = ""
			if slash {
				uri = "/" + after
			}
		}
		raw = append(raw, uri)
	}
	views := append([]string{r.URL.Path}, raw...)
	for _, v := range raw {
		if dec, err := url.PathUnescape(v); err == nil {
			views = append(views, dec)
		}
	}
	return views
}

// hasDotDot reports whether any of paths has a ".." segment, taking a
// backslash as a separator too.
func hasDotDot(paths []string) bool {
	for _, p := range paths {
		for _, seg := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' }) {
			if seg == ".." {
				return true
			}
		}
	}
	return false
}
