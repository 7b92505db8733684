package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"briefing"
	"briefing/site/build"
	"briefing/site/config"
	"briefing/site/serve"
	"briefing/site/watch"
)

const serveUsage = `Usage: briefing serve [flags]

Builds the site in memory and serves it over HTTP for preview, then watches
the content folder, templates/, static/ and briefing.toml and rebuilds on
every change: only the articles that changed are read again, and every
open browser tab reloads by itself after a successful rebuild. A failed
rebuild keeps serving the last good site, prints path:line: message, and
shows the same message over every open page until it is fixed. Nothing is
written to disk. Stop it with Ctrl+C.

Flags:
`

const serveExamples = `
Examples:
  briefing serve
  briefing serve --port 8080 --source ~/desk
  briefing serve --poll 1s          # on a container mount or WSL, where file events do not arrive
`

// watchFlags are what serve and build --watch take: the site, and how to
// watch it.
type watchFlags struct {
	opts    build.Options
	poll    time.Duration
	verbose bool
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("serve", serveUsage, serveExamples, stderr)
	var w watchFlags
	siteFlags(fl, &w.opts)
	fl.BoolVar(&w.opts.Minify, "minify", false, "minify HTML, CSS, JS, JSON and XML, as build --minify does")
	fl.DurationVar(&w.poll, "poll", 0, "look for changes every `interval` (e.g. 1s) instead of relying on file system events")
	port := fl.Int("port", 1313, "TCP `port` to listen on (0 picks a free one)")
	bind := fl.String("bind", "127.0.0.1", "`address` to listen on; anything but loopback exposes the preview to the network")
	fl.BoolVar(&w.verbose, "verbose", false, "log each rebuild's stages and every skipped file")
	if code, done := parseOnlyFlags(fl, args, stdout, stderr); done {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "briefing serve: --port %d is not a TCP port\n", *port)
		return 2
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(stderr, "briefing serve:", err)
		return 1
	}
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.IsLoopback() {
		fmt.Fprintf(stderr, "warning: serving on %s, which other machines can reach; use --bind 127.0.0.1 to keep the preview private\n", addr)
	}
	basePath, err := previewBase(w.opts.Source, w.opts.BaseURL)
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "briefing serve:", err)
		return 1
	}
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	siteURL := "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + basePath
	w.opts.BaseURL = siteURL

	log := newLogger(stderr, w.verbose)
	srv := serve.New(serve.Options{BasePath: basePath, Log: log, LoopbackOnly: addr.IP.IsLoopback()})
	hs := &http.Server{
		Handler: srv,
		// A client gets 10 s to send a request's headers, and a kept-alive
		// connection is closed after a minute without one, so idle or
		// stalled connections do not pile up. There is no ReadTimeout or
		// WriteTimeout: they would cut the event streams, which are long
		// requests by design and bound each of their writes themselves.
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       time.Minute,
		// A browser's request, cookies and all, fits in a few KiB; 64 KiB
		// leaves room for the cookies other local servers set on
		// localhost, and refuses larger ones with 431 instead of reading
		// net/http's default of 1 MiB.
		MaxHeaderBytes: 64 << 10,
		// OPTIONS * goes to the handler, which allows only GET and HEAD,
		// rather than getting net/http's empty 200.
		DisableGeneralOptionsHandler: true,
		ErrorLog:                     slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	w.opts.Theme = briefing.Theme()
	b := build.NewBuilder(w.opts)
	var finishing context.CancelFunc = func() {}
	finished := make(chan struct{})
	close(finished)
	rebuild := func(changed []string) {
		// A rebuild still rendering in the background is stopped: the new
		// one supersedes it.
		finishing()
		<-finished
		start := time.Now()
		// The page of an article whose edit changed only its text is
		// served at once, from the last index; the new index follows.
		var early time.Duration
		if p, ok := b.Provisional(ctx, changed); ok {
			srv.PublishProvisional(p)
			early = time.Since(start)
		}
		l, err := b.Prepare(ctx, changed)
		if err != nil {
			reportFailure(stderr, srv, err)
			return
		}
		srv.Publish(l)
		ready := time.Since(start)
		fctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		finishing, finished = cancel, done
		go func() {
			defer close(done)
			r, err := b.Finish(fctx, l)
			switch {
			case errors.Is(err, context.Canceled):
				fmt.Fprintf(stdout, "%s %s read, served after %d ms; superseded by a newer change\n",
					changedWhat(changed), plural(l.Reread(), "article"), ready.Milliseconds())
			case err != nil:
				reportFailure(stderr, srv, err)
			default:
				fmt.Fprintln(stdout, rebuildLine(changed, r, early, ready))
			}
		}()
	}
	fmt.Fprintf(stdout, "serving %s at %s (Ctrl+C to stop)\n", w.opts.Source, siteURL)
	watching := make(chan error, 1)
	go func() { watching <- watchSite(ctx, w, log, rebuild) }()
	select {
	case err = <-watching:
	case <-ctx.Done():
		// A rebuild in progress is dropped: nothing of it is on disk.
	}
	srv.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	if err != nil {
		fmt.Fprintln(stderr, "briefing serve:", err)
		return 1
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "briefing serve:", err)
		return 1
	}
	return 0
}

// runWatch is build --watch: build, then rebuild the destination on every
// change until interrupted.
func runWatch(ctx context.Context, w watchFlags, stdout, stderr io.Writer, quiet bool) int {
	dest := w.opts.Destination
	if dest == "" {
		dest = filepath.Join(w.opts.Source, "public")
	}
	w.opts.Theme = briefing.Theme()
	b := build.NewBuilder(w.opts)
	rebuild := func(changed []string) {
		r, err := b.Build(ctx, changed)
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				fmt.Fprintln(stderr, err)
				fmt.Fprintln(stderr, "build failed; the previous site was left as it was")
			}
			return
		}
		if err := b.Write(ctx, dest, r); err != nil {
			fmt.Fprintln(stderr, err)
			return
		}
		if !quiet {
			fmt.Fprintln(stdout, rebuildLine(changed, r, 0, 0))
		}
	}
	if !quiet {
		fmt.Fprintf(stdout, "watching %s, building into %s (Ctrl+C to stop)\n", w.opts.Source, dest)
	}
	if err := watchSite(ctx, w, newLogger(stderr, w.verbose), rebuild); err != nil {
		fmt.Fprintln(stderr, "briefing build:", err)
		return 1
	}
	return 0
}

// watchSite builds the site, then calls rebuild with each batch of
// changed paths until ctx is done. It watches the content folder,
// templates/, static/ and the configuration file, from before the first
// build so that no change is missed, and starts again (with a full check)
// when the configuration moves the content folder.
func watchSite(ctx context.Context, w watchFlags, log *slog.Logger, rebuild func([]string)) error {
	for ctx.Err() == nil {
		contentDir := contentFolder(w.opts)
		wctx, cancel := context.WithCancel(ctx)
		watcher, err := watch.New(w.opts.Source, watch.Options{Include: watched(contentDir), Poll: w.poll, Log: log})
		if err != nil {
			cancel()
			return err
		}
		rebuild(nil) // the first build, or a full check after a restart
		err = watcher.Run(wctx, func(batch watch.Batch) {
			rebuild(batch.Paths)
			if contentFolder(w.opts) != contentDir {
				cancel() // watch the new content folder
			}
		})
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// contentFolder is the content folder the flags and configuration name.
func contentFolder(opts build.Options) string {
	if opts.ContentDir != "" {
		return path.Clean(filepath.ToSlash(opts.ContentDir))
	}
	cfg, err := config.Load(opts.Source)
	if err != nil {
		return config.Default().ContentDir
	}
	return path.Clean(filepath.ToSlash(cfg.ContentDir))
}

// watched returns the watch filter for a site root: the configuration
// file, and everything under the content folder, templates/ and static/.
func watched(contentDir string) func(rel string, dir bool) bool {
	roots := []string{contentDir, "templates", "static"}
	return func(rel string, dir bool) bool {
		if rel == config.FileName {
			return true
		}
		for _, r := range roots {
			if rel == r || strings.HasPrefix(rel, r+"/") || dir && strings.HasPrefix(r, rel+"/") {
				return true
			}
		}
		return false
	}
}

// previewBase is the URL path the preview serves the site under: the path
// of --base-url or of the configuration's base_url.
func previewBase(source, baseURL string) (string, error) {
	if baseURL == "" {
		cfg, err := config.Load(source)
		if err != nil {
			return "", err
		}
		baseURL = cfg.BaseURL
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return "", fmt.Errorf("base URL %q: %w", baseURL, err)
	}
	p := "/" + strings.Trim(u.Path, "/") + "/"
	if p == "//" {
		p = "/"
	}
	return p, nil
}

// reportFailure prints a failed rebuild and shows it over the open pages.
func reportFailure(stderr io.Writer, srv *serve.Server, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	fmt.Fprintln(stderr, err)
	fmt.Fprintln(stderr, "rebuild failed; still serving the last good site")
	srv.Fail(err.Error())
}

// rebuildLine is the line printed after a rebuild: what changed, how many
// pages were rendered and files changed, and how long it took (and how
// soon the new site was served, when that is earlier).
func rebuildLine(changed []string, r *build.Rebuild, early, ready time.Duration) string {
	line := fmt.Sprintf("%s %s read, %s rendered, %s changed, %d removed in %d ms",
		changedWhat(changed), plural(r.Reread, "article"), plural(r.Rendered, "page"), plural(len(r.Changed), "file"),
		len(r.Removed), r.Elapsed.Milliseconds())
	switch {
	case early > 0:
		line += fmt.Sprintf(" (its page served after %d ms, the site after %d ms)", early.Milliseconds(), ready.Milliseconds())
	case ready > 0:
		line += fmt.Sprintf(" (served after %d ms)", ready.Milliseconds())
	}
	return line
}

// changedWhat starts a rebuild line: "built" for a full check, else the
// paths that changed.
func changedWhat(changed []string) string {
	if changed == nil {
		return "built"
	}
	return "changed " + summarize(changed) + ":"
}

// summarize names up to three paths and counts the rest.
func summarize(paths []string) string {
	if len(paths) <= 3 {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:3], ", "), len(paths)-3)
}

func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
