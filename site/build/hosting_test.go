//go:build unix

package build

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"briefing"
	"briefing/site/compress"
)

// The hosting test serves a built site with a real web server, Debian's
// nginx, configured as a static host would be (files, folders by their
// index.html, 404.html, precompressed variants), and fetches every file
// back. Without nginx (or its brotli_static module, for the brotli part)
// it is skipped, unless BRIEFING_HOSTING_TESTS=require (as in CI), when it
// fails instead.
const (
	nginxBin     = "/usr/sbin/nginx"
	nginxMime    = "/etc/nginx/mime.types"
	brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
)

// TestHosting builds the seeds with their precompressed variants and
// checks, through nginx with gzip_static, that every file is served whole
// with its content type, that a missing page gets 404.html with a 404, and
// that a client accepting gzip (and brotli, when nginx has the
// brotli_static module) gets the precompressed variant.
func TestHosting(t *testing.T) {
	require := os.Getenv("BRIEFING_HOSTING_TESTS") == "require"
	if _, err := os.Stat(nginxBin); err != nil {
		if require {
			t.Fatalf("BRIEFING_HOSTING_TESTS=require but nginx is missing: %v (apt-get install nginx)", err)
		}
		t.Skipf("no nginx (%v); set BRIEFING_HOSTING_TESTS=require to fail instead", err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Run(context.Background(), Options{Source: repoRoot, Destination: dest, Theme: briefing.Theme(), Compress: true}); err != nil {
		t.Fatal(err)
	}
	_, err := os.Stat(brotliModule)
	withBrotli := err == nil
	base := startNginx(t, dest, withBrotli)
	client := &http.Client{
		Transport: &http.Transport{DisableCompression: true}, // see the raw bodies
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Timeout: 10 * time.Second,
	}

	files := hostedFiles(t, dest)
	t.Run("files", func(t *testing.T) {
		for _, p := range files {
			want := hostedFile(t, dest, p)
			resp, body := hostingGet(t, client, base+hostedURL(p), "")
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: %s", hostedURL(p), resp.Status)
				continue
			}
			if ce := resp.Header.Get("Content-Encoding"); ce != "" {
				t.Errorf("%s: Content-Encoding %q to a client that accepts none", hostedURL(p), ce)
			}
			checkHostedType(t, p, resp.Header.Get("Content-Type"))
			if !bytes.Equal(body, want) {
				t.Errorf("%s: body differs from %s (%d bytes, want %d)", hostedURL(p), p, len(body), len(want))
			}
		}
	})

	t.Run("404", func(t *testing.T) {
		want := hostedFile(t, dest, "404.html")
		for _, u := range []string{"/no/such/page/", "/no-such-file.html", "/articles/no-such-article/"} {
			resp, body := hostingGet(t, client, base+u, "")
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %s, want 404", u, resp.Status)
			}
			checkHostedType(t, "404.html", resp.Header.Get("Content-Type"))
			if !bytes.Equal(body, want) {
				t.Errorf("%s: body is not 404.html:\n%.300s", u, body)
			}
		}
	})

	encodings := []struct {
		name, ext string
		decode    func([]byte) ([]byte, error)
	}{
		{"gzip", ".gz", hostingGunzip},
		{"br", ".br", func(b []byte) ([]byte, error) { return io.ReadAll(brotli.NewReader(bytes.NewReader(b))) }},
	}
	for _, enc := range encodings {
		t.Run("precompressed/"+enc.name, func(t *testing.T) {
			if enc.name == "br" && !withBrotli {
				if require {
					t.Fatalf("BRIEFING_HOSTING_TESTS=require but nginx has no brotli_static module (%s; apt-get install libnginx-mod-http-brotli-static)", brotliModule)
				}
				t.Skipf("no brotli_static module for nginx (%s; apt-get install libnginx-mod-http-brotli-static)", brotliModule)
			}
			n := 0
			for _, p := range files {
				variant, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p+enc.ext)))
				if errors.Is(err, fs.ErrNotExist) {
					continue
				} else if err != nil {
					t.Fatal(err)
				}
				n++
				resp, body := hostingGet(t, client, base+hostedURL(p), enc.name)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s with Accept-Encoding %s: %s", hostedURL(p), enc.name, resp.Status)
					continue
				}
				if ce := resp.Header.Get("Content-Encoding"); ce != enc.name {
					t.Errorf("%s with Accept-Encoding %s: Content-Encoding %q; is %s_static on?", hostedURL(p), enc.name, ce, enc.name)
					continue
				}
				checkHostedType(t, p, resp.Header.Get("Content-Type"))
				if !bytes.Equal(body, variant) {
					t.Errorf("%s: body is not %s%s", hostedURL(p), p, enc.ext)
				}
				plain, err := enc.decode(body)
				if err != nil {
					t.Errorf("%s: %s body: %v", hostedURL(p), enc.name, err)
				} else if !bytes.Equal(plain, hostedFile(t, dest, p)) {
					t.Errorf("%s: %s body decodes to something else than %s", hostedURL(p), enc.name, p)
				}
			}
			if _, err := os.Stat(filepath.Join(dest, "index.html"+enc.ext)); err != nil {
				t.Errorf("the home page has no %s variant: %v", enc.ext, err)
			}
			t.Logf("%d files served precompressed with %s", n, enc.name)
		})
	}
}

// TestHostingVariants checks what --compress adds to a build, without a
// web server: the site of a plain build, plus exactly the variants of its
// compressible files, the same bytes from one build to the next.
func TestHostingVariants(t *testing.T) {
	plainDest, _ := buildSeeds(t, "")
	plain := tree(t, plainDest)
	var sites []map[string][]byte
	for range 2 {
		dest := filepath.Join(t.TempDir(), "public")
		sum, err := Run(context.Background(), Options{Source: repoRoot, Destination: dest, Theme: briefing.Theme(), Compress: true})
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(sum.Stages, func(s Stage) bool { return s.Name == "compress" }); i < 0 {
			t.Errorf("no compress stage in %v", sum.Stages)
		}
		sites = append(sites, tree(t, dest))
	}
	want := maps.Clone(plain)
	for p, data := range plain {
		files, err := compress.Variants(p, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			want[f.Path] = f.Data
		}
	}
	if len(want) < len(plain)+20 {
		t.Fatalf("only %d variants for %d files", len(want)-len(plain), len(plain))
	}
	for i, got := range sites {
		for p, data := range want {
			if g, ok := got[p]; !ok {
				t.Errorf("build %d: %s is missing", i+1, p)
			} else if !bytes.Equal(g, data) {
				t.Errorf("build %d: %s differs from a plain build and Variants", i+1, p)
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				t.Errorf("build %d: unexpected file %s", i+1, p)
			}
		}
	}
}

// hostedFiles lists the files of the site at dest, slash-separated, leaving
// out the precompressed variants.
func hostedFiles(t *testing.T, dest string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dest, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if ext := path.Ext(rel); ext == ".gz" || ext == ".br" || strings.HasPrefix(path.Base(rel), ".") {
			return nil
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("only %d files in %s", len(files), dest)
	}
	return files
}

// hostedURL is the URL path a file of the site is linked at: a folder's
// index.html by the folder, with a trailing slash.
func hostedURL(p string) string {
	u := "/" + p
	if path.Base(p) == "index.html" {
		u = strings.TrimSuffix(u, "index.html")
	}
	return (&url.URL{Path: u}).EscapedPath()
}

// hostedFile returns the file p of the site at dest.
func hostedFile(t *testing.T, dest, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// hostingGet gets url, asking for the content encoding accept if not empty,
// and returns the response and its raw body.
func hostingGet(t *testing.T, client *http.Client, u, accept string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept-Encoding", accept)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return resp, body
}

// hostedTypes are the media types a file may be served with, by
// extension; other extensions are not checked.
var hostedTypes = map[string][]string{
	".html": {"text/html"},
	".css":  {"text/css"},
	".js":   {"application/javascript", "text/javascript"},
	".json": {"application/json"},
	".xml":  {"application/xml", "text/xml"},
	".txt":  {"text/plain"},
	".svg":  {"image/svg+xml"},
}

// checkHostedType checks that the Content-Type header the file p was
// served with is one of hostedTypes.
func checkHostedType(t *testing.T, p, header string) {
	t.Helper()
	want, ok := hostedTypes[path.Ext(p)]
	if !ok {
		return
	}
	mt, _, err := mime.ParseMediaType(header)
	if err != nil {
		t.Errorf("%s: Content-Type %q: %v", p, header, err)
		return
	}
	for _, w := range want {
		if mt == w {
			return
		}
	}
	t.Errorf("%s: Content-Type %q, want %s", p, header, strings.Join(want, " or "))
}

// hostingGunzip decompresses a gzip file.
func hostingGunzip(data []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// startNginx serves root with nginx on a free port of 127.0.0.1 until the
// test ends, and returns its base URL. Everything nginx writes (pid file,
// logs, temporary folders) stays in a folder of the test's.
func startNginx(t *testing.T, root string, withBrotli bool) string {
	t.Helper()
	if _, err := os.Stat(nginxMime); err != nil {
		t.Fatalf("nginx without its mime.types: %v", err)
	}
	var lastErr error
	for range 5 {
		port, err := nginxFreePort()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		conf := nginxConf(t, dir, root, port, withBrotli)
		n, err := launchNginx(t, dir, conf)
		if err == nil {
			return fmt.Sprintf("http://127.0.0.1:%d", port)
		}
		if !strings.Contains(n.logs(), "Address already in use") {
			t.Fatalf("nginx: %v\n%s", err, n.logs())
		}
		lastErr = err // another process took the port first: try another
	}
	t.Fatalf("nginx could not bind a port: %v", lastErr)
	return ""
}

// nginxFreePort returns a TCP port of 127.0.0.1 that nothing listened on a
// moment ago.
func nginxFreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// nginxConf writes the configuration for serving root on port into dir
// and returns its path. The server block is what a site's host would
// write: files, folders by their index.html, 404.html for what is
// missing, the .gz (and .br) variants for clients that accept them.
func nginxConf(t *testing.T, dir, root string, port int, withBrotli bool) string {
	t.Helper()
	// nginx started as root switches its workers to "nobody", which may
	// not read the test's folders: keep them as the user that started it.
	userLine := ""
	if os.Geteuid() == 0 {
		u, err := user.Current()
		if err != nil {
			t.Fatal(err)
		}
		g, err := user.LookupGroupId(u.Gid)
		if err != nil {
			t.Fatal(err)
		}
		userLine = fmt.Sprintf("user %s %s;", u.Username, g.Name)
	}
	loadBrotli, brotliStatic := "", ""
	if withBrotli {
		loadBrotli = fmt.Sprintf("load_module %q;", brotliModule)
		brotliStatic = "brotli_static on;"
	}
	q := func(p string) string { return fmt.Sprintf("%q", p) }
	conf := fmt.Sprintf(`# Written by TestHosting.
%s
%s
worker_processes 1;
pid %s;
error_log %s warn;
events { worker_connections 64; }
http {
	include %s;
	default_type application/octet-stream;
	access_log %s;
	client_body_temp_path %s;
	proxy_temp_path %s;
	fastcgi_temp_path %s;
	uwsgi_temp_path %s;
	scgi_temp_path %s;
	sendfile on;
	server {
		listen 127.0.0.1:%d;
		server_name localhost;
		root %s;
		index index.html;
		location / {
			try_files $uri $uri/ =404;
		}
		error_page 404 /404.html;
		gzip_static on;
		%s
	}
}
`, userLine, loadBrotli, q(filepath.Join(dir, "nginx.pid")), q(filepath.Join(dir, "error.log")),
		q(nginxMime), q(filepath.Join(dir, "access.log")),
		q(filepath.Join(dir, "client_body")), q(filepath.Join(dir, "proxy")), q(filepath.Join(dir, "fastcgi")),
		q(filepath.Join(dir, "uwsgi")), q(filepath.Join(dir, "scgi")),
		port, q(root), brotliStatic)
	p := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(p, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// nginxProcess is an nginx master process started by the test.
type nginxProcess struct {
	dir  string
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
}

// logs returns what nginx wrote to its stderr and error log.
func (n *nginxProcess) logs() string {
	var b strings.Builder
	for _, name := range []string{"stderr", "error.log"} {
		data, _ := os.ReadFile(filepath.Join(n.dir, name))
		if len(data) > 0 {
			fmt.Fprintf(&b, "--- %s\n%s", name, data)
		}
	}
	return b.String()
}

// launchNginx starts nginx in the foreground with the configuration conf
// and waits until it listens: it writes its pid file only once its
// sockets are bound. On success the test's cleanup stops it.
func launchNginx(t *testing.T, dir, conf string) (*nginxProcess, error) {
	t.Helper()
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd := exec.Command(nginxBin, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", conf, "-g", "daemon off;")
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := &nginxProcess{dir: dir, cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(n.done)
	}()
	pidFile := filepath.Join(dir, "nginx.pid")
	want := fmt.Sprint(cmd.Process.Pid)
	deadline := time.After(20 * time.Second)
	for {
		select {
		case <-n.done:
			return n, fmt.Errorf("exited early: %v", cmd.ProcessState)
		case <-deadline:
			n.stop(t)
			t.Fatalf("nginx did not start within 20s\n%s", n.logs())
		case <-time.After(20 * time.Millisecond):
		}
		if data, err := os.ReadFile(pidFile); err == nil && strings.TrimSpace(string(data)) == want {
			break
		}
	}
	t.Cleanup(func() {
		n.stop(t)
		if t.Failed() {
			t.Logf("nginx logs:\n%s", n.logs())
		}
	})
	return n, nil
}

// stop asks nginx to finish gracefully (SIGQUIT), then quickly (SIGTERM),
// and kills it if it still runs; only this process is signalled, and it
// stops its own workers.
func (n *nginxProcess) stop(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGQUIT, syscall.SIGTERM} {
		if err := n.cmd.Process.Signal(sig); err != nil {
			break // already gone
		}
		select {
		case <-n.done:
			return
		case <-time.After(5 * time.Second):
			t.Logf("nginx still runs 5s after %v", sig)
		}
	}
	n.cmd.Process.Kill()
	<-n.done
}
