package serve

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestLoopbackOnly(t *testing.T) {
	s := New(Options{LoopbackOnly: true})
	defer s.Close()
	s.Publish(Files{"index.html": []byte("<!doctype html><title>home</title><body>home</body>")})
	for host, want := range map[string]int{
		"127.0.0.1:1313":         http.StatusOK,
		"127.0.0.2":              http.StatusOK,
		"localhost:1313":         http.StatusOK,
		"LOCALHOST.":             http.StatusOK,
		"preview.localhost:80":   http.StatusOK,
		"[::1]:1313":             http.StatusOK,
		"[::ffff:127.0.0.1]:80":  http.StatusOK,
		"evil.example":           http.StatusForbidden,
		"evil.example:1313":      http.StatusForbidden,
		"localhost.evil.example": http.StatusForbidden,
		"10.0.0.1:1313":          http.StatusForbidden,
		"[::2]:1313":             http.StatusForbidden,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %q: status %d, want %d", host, w.Code, want)
		}
	}

	// Without the option, any Host is served.
	open := New(Options{})
	defer open.Close()
	open.Publish(Files{"index.html": []byte("home")})
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Host = "evil.example"
	w := httptest.NewRecorder()
	open.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Errorf("without LoopbackOnly, Host evil.example: status %d, want 200", w.Code)
	}
}
