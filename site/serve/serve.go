// Package serve is the HTTP side of the live-preview server
// (`briefing serve`).
//
// A Server holds the latest successfully built version of the site in
// memory and serves it. Every HTML page it serves carries a small client
// script that listens on a Server-Sent Events stream: after each successful
// rebuild (Publish) every open page reloads, and while a rebuild is failing
// (Fail) every open page, and every page loaded in the meantime, shows an
// error overlay on top of the last good site.
package serve

import (
	_ "embed"
	"hash/maphash"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Site is one built version of the site: Lookup returns the bytes of the
// file at a slash-separated path relative to the site root ("index.html",
// "articles/x/index.html", "style.css").
//
// The returned bytes are never modified by the Server.
type Site interface {
	Lookup(path string) ([]byte, bool)
}

// Files is a Site held as a map from slash-separated paths relative to the
// site root to file contents.
type Files map[string][]byte

// Lookup returns the contents of the file at path.
func (f Files) Lookup(path string) ([]byte, bool) {
	b, ok := f[path]
	return b, ok
}

// Options configures a Server.
type Options struct {
	// BasePath is the URL path the site lives under: "/" or, e.g.,
	// "/briefing/". It should start and end with "/"; missing slashes are
	// added. Requests outside it get 404.
	BasePath string
	// Log receives debug records about publishes, failures, rejected
	// requests and event streams. Nil means silent.
	Log *slog.Logger
	// LoopbackOnly refuses, with 403, every request whose Host names
	// anything but this machine's loopback: localhost, a name under
	// .localhost, an address in 127.0.0.0/8, or ::1. A server that listens
	// on loopback only should set it: then a page of another site, whose
	// name its owner makes resolve to 127.0.0.1 (DNS rebinding), cannot
	// read the preview through the browser of the person writing it. A
	// request without a Host (HTTP/1.0) is not refused for that.
	LoopbackOnly bool
}

const (
	// internalDir is the folder, relative to the base path, that holds the
	// server's own endpoints. It is reserved: site files under it are not
	// reachable.
	internalDir = "__briefing/"
	eventsName  = internalDir + "events"
	clientName  = internalDir + "client.js"

	defaultPingEvery    = 15 * time.Second
	defaultWriteTimeout = 10 * time.Second
)

// clientScript is the script injected into every HTML page. Its
// "__BRIEFING_EVENTS_URL__" is replaced by the events URL as a JavaScript
// string literal.
//
//go:embed client.js
var clientScript string

// Server serves a site and tells browsers when it changes. It implements
// http.Handler. The zero value is not usable; create one with New.
// All methods are safe for concurrent use.
type Server struct {
	base      string // BasePath, normalised
	log       *slog.Logger
	loopback  bool          // LoopbackOnly
	clientJS  []byte        // client script with the events URL filled in
	done      chan struct{} // closed by Close
	pingEvery time.Duration // interval of keep-alive comments on event streams
	// writeTimeout bounds each write to an event stream, so a client that
	// stops reading cannot hold a handler (and its goroutine) forever.
	writeTimeout time.Duration

	seed        maphash.Seed // for the hashes in served
	mu          sync.Mutex
	site        Site   // nil until the first Publish
	gen         uint64 // incremented by every Publish that reloads pages
	errMsg      string // "" unless the last build failed
	failSeq     uint64 // incremented by every Fail
	closed      bool
	clients     map[*client]struct{}
	provisional bool              // site came from PublishProvisional
	served      map[string]uint64 // while provisional: files served, by path, with a hash of their bytes
}

// state is a snapshot of what a Server is serving.
type state struct {
	site        Site
	gen         uint64
	errMsg      string
	failSeq     uint64
	provisional bool
}

// New returns a Server that serves nothing but a "not built yet" page until
// the first Publish.
//
// Generation numbers start from a value derived from the current time, so
// that a page served by an earlier run of the server always sees a different
// generation after a restart and reloads itself.
func New(opts Options) *Server {
	base := normaliseBase(opts.BasePath)
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{
		base:         base,
		log:          log,
		loopback:     opts.LoopbackOnly,
		clientJS:     []byte(strings.Replace(clientScript, "__BRIEFING_EVENTS_URL__", jsString(base+eventsName), 1)),
		done:         make(chan struct{}),
		pingEvery:    defaultPingEvery,
		writeTimeout: defaultWriteTimeout,
		gen:          uint64(time.Now().UnixMilli()),
		seed:         maphash.MakeSeed(),
		clients:      make(map[*client]struct{}),
	}
}

// normaliseBase makes p start and end with "/".
func normaliseBase(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// Publish makes site the one served, clears any error, and tells every
// open page to reload. After PublishProvisional, pages reload only if a
// file served from the provisional site differs in site. Publish never
// blocks on slow clients.
func (s *Server) Publish(site Site) {
	s.mu.Lock()
	if s.provisional && s.errMsg == "" {
		served, gen := s.served, s.gen
		s.site, s.provisional, s.served = site, false, nil
		s.mu.Unlock()
		differ := ""
		for path, sum := range served {
			if !s.sameFile(site, path, sum) {
				differ = path
				break
			}
		}
		if differ == "" {
			s.log.Debug("serve: provisional site confirmed", "generation", gen, "files", len(served))
			return
		}
		s.log.Debug("serve: provisional site corrected", "generation", gen, "file", differ)
		s.reloadIfStill(gen)
		return
	}
	gen, n := s.publishLocked(site, false)
	s.mu.Unlock()
	s.log.Debug("serve: site published", "generation", gen, "clients", n)
}

// PublishProvisional is Publish for a site that a full rebuild will soon
// replace: one that answers for the pages an edit changed before the rest
// of the site is built again. Every open page reloads. The Server notes
// the files it serves from it; the Publish of the full site that follows
// reloads the pages again only when one of those files differs there, so
// a provisional page that turns out right costs no second reload.
func (s *Server) PublishProvisional(site Site) {
	s.mu.Lock()
	gen, n := s.publishLocked(site, true)
	s.mu.Unlock()
	s.log.Debug("serve: provisional site published", "generation", gen, "clients", n)
}

// publishLocked serves site, clears any error and tells every open page
// to reload; a provisional site starts noting the files it serves. It
// returns the new generation and the number of open pages.
func (s *Server) publishLocked(site Site, provisional bool) (gen uint64, clients int) {
	s.site = site
	s.gen++
	s.errMsg = ""
	s.provisional, s.served = provisional, nil
	if provisional {
		s.served = map[string]uint64{}
	}
	s.notifyLocked()
	return s.gen, len(s.clients)
}

// noteServed records that the file at path, b, was served from the site of
// st. A file served from a provisional site that has since been replaced
// without a reload is checked against the site that replaced it.
func (s *Server) noteServed(st state, path string, b []byte) {
	if !st.provisional {
		return
	}
	sum := maphash.Bytes(s.seed, b)
	s.mu.Lock()
	if s.gen != st.gen {
		s.mu.Unlock() // pages have reloaded since
		return
	}
	if s.provisional {
		s.served[path] = sum
		s.mu.Unlock()
		return
	}
	site := s.site
	s.mu.Unlock()
	if !s.sameFile(site, path, sum) {
		s.reloadIfStill(st.gen)
	}
}

// sameFile reports whether site has a file at path whose hash is sum.
func (s *Server) sameFile(site Site, path string, sum uint64) bool {
	b, ok := site.Lookup(path)
	return ok && maphash.Bytes(s.seed, b) == sum
}

// reloadIfStill tells every open page to reload, unless they have since
// generation gen.
func (s *Server) reloadIfStill(gen uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen == gen {
		s.gen++
		s.notifyLocked()
	}
}

// Fail keeps serving the last good site and shows msg (plain text, may be
// several lines like "seeds/a.txt:3: bad date") in an overlay on every open
// page and on pages loaded until the next Publish. An empty msg is replaced
// by "build failed". It never blocks on slow clients.
func (s *Server) Fail(msg string) {
	if strings.TrimSpace(msg) == "" {
		msg = "build failed"
	}
	s.mu.Lock()
	s.errMsg = msg
	s.failSeq++
	n := len(s.clients)
	s.notifyLocked()
	s.mu.Unlock()
	s.log.Debug("serve: build failure shown", "clients", n)
}

// Close ends every open event stream (so http.Server.Shutdown can finish
// promptly) and refuses new ones with 503. Files are still served. Close may
// be called more than once.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// snapshot returns the current state.
func (s *Server) snapshot() state {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stateLocked()
}

func (s *Server) stateLocked() state {
	return state{site: s.site, gen: s.gen, errMsg: s.errMsg, failSeq: s.failSeq, provisional: s.provisional}
}

// ServeHTTP serves files of the current site, the reload stream and the
// client script.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.loopback && r.Host != "" && !loopbackHost(r.Host) {
		s.log.Debug("serve: request refused", "reason", "host is not loopback", "host", r.Host, "uri", r.RequestURI)
		plain(w, r, http.StatusForbidden, "403 forbidden: this preview answers only to localhost and loopback addresses, not to "+strconv.Quote(r.Host))
		return
	}
	if why := hostile(r); why != "" {
		s.log.Debug("serve: request refused", "reason", why, "uri", r.RequestURI, "path", r.URL.Path)
		plain(w, r, http.StatusBadRequest, "400 bad request: "+why)
		return
	}
	// Nothing here takes a request body. One on a GET or HEAD has no
	// meaning and, sent with both Content-Length and Transfer-Encoding,
	// is the shape of request smuggling: it is refused, and so is every
	// other method, and the connection is closed after the answer, so
	// that no byte of the body is read as a request of its own.
	if r.ContentLength != 0 || len(r.TransferEncoding) > 0 {
		w.Header().Set("Connection", "close")
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			s.log.Debug("serve: request refused", "reason", "request body", "uri", r.RequestURI)
			plain(w, r, http.StatusBadRequest, "400 bad request: a "+r.Method+" request has no body")
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		plain(w, r, http.StatusMethodNotAllowed, "405 method not allowed")
		return
	}

	p := r.URL.Path
	if !strings.HasPrefix(p, s.base) {
		if p+"/" == s.base {
			s.redirect(w, r, s.base)
			return
		}
		s.notFound(w, r, s.snapshot())
		return
	}
	rel := p[len(s.base):]

	switch {
	case rel == eventsName:
		s.serveEvents(w, r)
		return
	case rel == clientName:
		s.serveBytes(w, r, http.StatusOK, "text/javascript; charset=utf-8", s.clientJS)
		return
	case strings.HasPrefix(rel, internalDir):
		plain(w, r, http.StatusNotFound, "404 page not found")
		return
	}

	st := s.snapshot()
	if st.site == nil {
		s.serveHTML(w, r, http.StatusServiceUnavailable, []byte(notBuiltPage), st.gen)
		return
	}
	key := rel
	if key == "" || strings.HasSuffix(key, "/") {
		key += "index.html"
	}
	if b, ok := st.site.Lookup(key); ok {
		s.serveFile(w, r, http.StatusOK, key, b, st.gen)
		s.noteServed(st, key, b)
		return
	}
	if rel != "" && !strings.HasSuffix(rel, "/") {
		if _, ok := st.site.Lookup(rel + "/index.html"); ok {
			s.redirect(w, r, r.URL.EscapedPath()+"/")
			return
		}
	}
	s.notFound(w, r, st)
}

// redirect sends a 301 to the root-relative path loc, keeping the query.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, loc string) {
	// Never emit a scheme-relative URL ("//host/..."), which would send the
	// browser to another host.
	loc = "/" + strings.TrimLeft(loc, "/")
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	plain(w, r, http.StatusMovedPermanently, "301 moved permanently: "+loc)
}

// notFound serves the site's 404.html with status 404, or a plain message
// if the site has none.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st state) {
	if st.site != nil {
		if b, ok := st.site.Lookup("404.html"); ok {
			s.serveFile(w, r, http.StatusNotFound, "404.html", b, st.gen)
			s.noteServed(st, "404.html", b)
			return
		}
	}
	plain(w, r, http.StatusNotFound, "404 page not found")
}

// serveFile serves the site file at name with the given status, injecting
// the client script if it is HTML.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, status int, name string, b []byte, gen uint64) {
	ctype := contentType(name, b)
	if isHTML(ctype) {
		b = injectScript(b, s.scriptTag(gen))
	}
	s.serveBytes(w, r, status, ctype, b)
}

// serveHTML serves an HTML page of the server's own with the client script
// injected.
func (s *Server) serveHTML(w http.ResponseWriter, r *http.Request, status int, b []byte, gen uint64) {
	s.serveBytes(w, r, status, "text/html; charset=utf-8", injectScript(b, s.scriptTag(gen)))
}

// serveBytes writes b as the whole response body (none for HEAD).
func (s *Server) serveBytes(w http.ResponseWriter, r *http.Request, status int, ctype string, b []byte) {
	h := w.Header()
	setCommonHeaders(h)
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		if _, err := w.Write(b); err != nil {
			s.log.Debug("serve: write failed", "path", r.URL.Path, "err", err)
		}
	}
}

// setCommonHeaders sets the headers every response carries: a preview must
// never be served stale, and must never be sniffed into another type.
func setCommonHeaders(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// plain writes a short plain-text response.
func plain(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h := w.Header()
	setCommonHeaders(h)
	h.Set("Content-Type", "text/plain; charset=utf-8")
	body := msg + "\n"
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		io.WriteString(w, body)
	}
}

// hostile reports why a request tries to leave the site, or "" if it does
// not. It looks at the decoded path, the escaped path and the request line
// as received, so that no decoding step can smuggle in a ".." segment, a
// backslash or a NUL byte. Percent-escapes are decoded once only: "%252e"
// stays "%2e", which is an ordinary (missing) file name.
func hostile(r *http.Request) string {
	if why := badDecoded(r.URL.Path); why != "" {
		return why
	}
	if r.URL.RawPath != "" {
		if why := badEscaped(r.URL.RawPath); why != "" {
			return why
		}
	}
	if why := badEscaped(r.URL.EscapedPath()); why != "" {
		return why
	}
	if r.RequestURI != "" {
		if why := badEscaped(requestPath(r.RequestURI)); why != "" {
			return why
		}
	}
	return ""
}

// loopbackHost reports whether host, a Host header with or without a port,
// names this machine's loopback interface.
func loopbackHost(host string) bool {
	h := host
	if name, _, err := net.SplitHostPort(host); err == nil {
		h = name
	}
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"))
	return err == nil && ip.Unmap().IsLoopback()
}

// badDecoded checks a decoded path.
func badDecoded(p string) string {
	switch {
	case strings.ContainsRune(p, 0):
		return "NUL byte in path"
	case strings.ContainsRune(p, '\\'):
		return "backslash in path"
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return "\"..\" segment in path"
		}
	}
	return ""
}

// badEscaped checks a path as sent on the wire, before and after decoding
// it once.
func badEscaped(p string) string {
	if why := badDecoded(p); why != "" {
		return why
	}
	lower := strings.ToLower(p)
	switch {
	case strings.Contains(lower, "%5c"):
		return "encoded backslash in path"
	case strings.Contains(lower, "%00"):
		return "encoded NUL byte in path"
	}
	dec, err := url.PathUnescape(p)
	if err != nil {
		return "malformed escape in path"
	}
	return badDecoded(dec)
}

// requestPath returns the path part of a request target as received: the
// query is dropped, and so are the scheme and authority of an absolute-form
// target ("http://host/p").
func requestPath(uri string) string {
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	if strings.HasPrefix(uri, "/") {
		return uri
	}
	if i := strings.Index(uri, "://"); i >= 0 {
		rest := uri[i+len("://"):]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			return rest[j:]
		}
		return ""
	}
	return uri
}

// notBuiltPage is served, with status 503, until the first Publish. The
// injected client script reloads it as soon as there is a site, and shows
// the overlay if the first build fails.
const notBuiltPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Building…</title>
</head>
<body>
<p>The site has not been built yet. This page reloads by itself when it is ready.</p>
</body>
</html>
`
