// Package watch watches a site's source tree for changes, for a
// watch/live-preview mode: the caller rebuilds the site on each [Batch] of
// changes a [Watcher] delivers.
//
// A Watcher uses the operating system's change notifications (inotify on
// Linux) on every included folder, and scans the tree periodically instead
// when notifications are unavailable, exhausted or asked not to be used.
// Editors' temporary and backup files (see [source.IgnoredName]) and
// permission-only changes are never reported; atomic saves (write a
// temporary file, rename it over the original) are reported as a change to
// the original.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"briefing/site/source"
)

const (
	defaultDebounce = 20 * time.Millisecond
	defaultMaxWait  = 250 * time.Millisecond
	// defaultPoll is the scan interval after falling back to polling.
	defaultPoll = time.Second
	// checkEvery is how many walked entries pass between cancellation checks.
	checkEvery = 256
)

// Options tunes a Watcher.
type Options struct {
	// Include reports whether a path under the root matters: rel is
	// slash-separated and relative to the root (never "" or "."), dir tells
	// whether it is a folder. Folders for which it returns false are not
	// watched or descended into; files for which it returns false are not
	// reported. nil means everything.
	Include func(rel string, dir bool) bool
	// Poll, when > 0, scans the tree every Poll instead of using inotify
	// (for file systems without change notification: container mounts, WSL,
	// network shares).
	Poll time.Duration
	// Debounce is how long the tree must stay quiet before a batch is
	// delivered (default 20ms). MaxWait caps how long a batch waits under a
	// continuous stream of events (default 250ms).
	Debounce, MaxWait time.Duration
	Log               *slog.Logger // warnings (e.g. falling back to polling); nil = silent
}

// Batch is a set of changes, delivered together.
type Batch struct {
	// Paths are the created, written, removed or renamed paths, relative to
	// the root, slash-separated, sorted, unique. Folders appear when they
	// are created, removed or renamed, along with the files inside them.
	Paths []string
}

// Watcher watches a folder tree. Create it with [New], then call
// [Watcher.Run] exactly once: Run releases the resources New acquired.
type Watcher struct {
	root    string // absolute, clean, symbolic links resolved
	prefix  string // root followed by exactly one separator
	include func(rel string, dir bool) bool
	log     *slog.Logger

	debounce, maxWait time.Duration
	interval          time.Duration // scan interval once polling
	hooks             hooks

	polling atomic.Bool
	started atomic.Bool

	// The fields below belong to New, then to the goroutine Run starts.

	fsw *fsnotify.Watcher // nil when polling
	// known holds every included file and folder under the root (not the
	// root itself). While notifications are used it only records which
	// paths are folders; while polling it is the last scan's snapshot.
	known   map[string]entry
	pending map[string]struct{} // paths of the batch being gathered
	active  bool                // something was noted since the last check
	scanErr string              // last polling error logged, to log each once
}

// entry is what a scan records about a path.
type entry struct {
	dir   bool
	typ   fs.FileMode // type bits only: permission changes are not changes
	size  int64
	mtime int64 // Unix nanoseconds
	ino   uint64
}

// hooks lets tests simulate failures.
type hooks struct {
	// add, when set, is consulted before each watch is added; an error it
	// returns is treated as the error of adding the watch.
	add func(path string) error
	// fallbackPoll, when > 0, replaces the scan interval used after falling
	// back to polling.
	fallbackPoll time.Duration
}

// New starts watching root (recursively, folders filtered by Include).
// If inotify is unavailable or runs out of watches (ENOSPC, EMFILE, ...),
// it falls back to polling every second (or opts.Poll) and logs a warning.
//
// Changes made after New returns are reported by [Watcher.Run], which must
// be called to release the watcher's resources.
func New(root string, opts Options) (*Watcher, error) {
	return newWatcher(root, opts, hooks{})
}

func newWatcher(root string, opts Options, h hooks) (*Watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return nil, fmt.Errorf("%s: %w", root, unwrapPath(err))
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, unwrapPath(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", root)
	}
	w := &Watcher{
		root:     abs,
		prefix:   abs,
		include:  opts.Include,
		log:      opts.Log,
		debounce: opts.Debounce,
		maxWait:  opts.MaxWait,
		interval: opts.Poll,
		hooks:    h,
		known:    map[string]entry{},
		pending:  map[string]struct{}{},
	}
	if !strings.HasSuffix(w.prefix, string(filepath.Separator)) {
		w.prefix += string(filepath.Separator)
	}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	if w.debounce <= 0 {
		w.debounce = defaultDebounce
	}
	if w.maxWait <= 0 {
		w.maxWait = defaultMaxWait
	}
	if w.maxWait < w.debounce {
		w.maxWait = w.debounce
	}
	ctx := context.Background()
	if opts.Poll <= 0 {
		err := w.startNotify(ctx)
		if err == nil {
			w.resetPending()
			return w, nil
		}
		if !fallbackWorthy(err) {
			w.closeNotify()
			return nil, err
		}
		w.fallback(err)
	}
	w.polling.Store(true)
	snap, err := w.scan(ctx)
	if err != nil {
		return nil, err
	}
	w.known = snap
	w.resetPending()
	return w, nil
}

// startNotify creates the inotify instance and watches the tree.
func (w *Watcher) startNotify(ctx context.Context) error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("%s: change notifications unavailable: %w", w.root, err)
	}
	w.fsw = fsw
	return w.addTree(ctx, "")
}

// fallbackWorthy reports whether err means change notifications cannot be
// used (as opposed to the tree itself being unreadable).
func fallbackWorthy(err error) bool {
	return exhausted(err) || errors.Is(err, errors.ErrUnsupported) ||
		errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.ENOTSUP)
}

// exhausted reports whether err says the system ran out of watches, file
// descriptors or memory for them.
func exhausted(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) ||
		errors.Is(err, syscall.ENFILE) || errors.Is(err, syscall.ENOMEM)
}

// fallback gives up change notifications: it logs why, releases the inotify
// instance and marks the watcher as polling. The caller rescans.
func (w *Watcher) fallback(reason error) {
	if w.interval <= 0 {
		w.interval = defaultPoll
		if w.hooks.fallbackPoll > 0 {
			w.interval = w.hooks.fallbackPoll
		}
	}
	w.log.Warn("watch: cannot use change notifications; polling instead",
		"root", w.root, "interval", w.interval, "err", reason)
	w.closeNotify()
	w.polling.Store(true)
}

// closeNotify releases the inotify instance, if any.
func (w *Watcher) closeNotify() {
	if w.fsw == nil {
		return
	}
	if err := w.fsw.Close(); err != nil {
		w.log.Warn("watch: closing change notifications", "root", w.root, "err", err)
	}
	w.fsw = nil
}

// Polling reports whether the watcher scans instead of using notifications.
func (w *Watcher) Polling() bool { return w.polling.Load() }

// Run delivers batches to handle until ctx is done, then releases
// everything (inotify fd, goroutines) and returns nil (or an error if
// watching failed irrecoverably). handle is called from one goroutine,
// never concurrently; events that arrive while it runs are gathered into the
// next batch. Run may be called only once.
func (w *Watcher) Run(ctx context.Context, handle func(Batch)) error {
	if !w.started.CompareAndSwap(false, true) {
		return fmt.Errorf("%s: watcher already run", w.root)
	}
	if handle == nil {
		handle = func(Batch) {}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make(chan Batch)
	var err error
	go func() {
		defer close(out)
		err = w.collect(ctx, out)
	}()
	for b := range out {
		if ctx.Err() == nil {
			handle(b)
		}
	}
	return err
}

// collect gathers changes and sends debounced batches on out until ctx is
// done. It owns the watcher's state and releases it on return.
func (w *Watcher) collect(ctx context.Context, out chan<- Batch) error {
	defer w.closeNotify()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var ticker *time.Ticker
	defer func() {
		if ticker != nil {
			ticker.Stop()
		}
	}()
	var (
		first time.Time // when the batch being gathered started
		ready bool      // the batch waited long enough and can go
		batch []string  // sorted pending paths, once ready
	)
	for {
		if ticker == nil && w.polling.Load() {
			ticker = time.NewTicker(w.interval)
		}
		var (
			events <-chan fsnotify.Event
			errs   <-chan error
			tick   <-chan time.Time
			send   chan<- Batch
		)
		if w.fsw != nil {
			events, errs = w.fsw.Events, w.fsw.Errors
		}
		if ticker != nil {
			tick = ticker.C
		}
		if ready && len(w.pending) > 0 {
			send = out
			if batch == nil {
				batch = slices.Sorted(maps.Keys(w.pending))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				return fmt.Errorf("%s: change notifications stopped", w.root)
			}
			if err := w.event(ctx, ev); err != nil {
				w.degrade(ctx, err)
			}
		case err, ok := <-errs:
			if !ok {
				return fmt.Errorf("%s: change notifications stopped", w.root)
			}
			w.notifyError(ctx, err)
		case <-tick:
			w.pollOnce(ctx)
		case <-timer.C:
			ready = true
		case send <- Batch{Paths: batch}:
			w.resetPending()
			first, ready, batch = time.Time{}, false, nil
			timer.Stop()
		}
		if w.active {
			w.active = false
			batch = nil
			if !ready {
				now := time.Now()
				if first.IsZero() {
					first = now
				}
				timer.Reset(min(w.quiet(), first.Add(w.maxWait).Sub(now)))
			}
		}
	}
}

// quiet returns how long the tree must stay quiet before a batch goes.
// A scan only sees changes every interval, so while polling quiet means
// that the next scan found nothing new, unless waiting for it would exceed
// MaxWait anyway.
func (w *Watcher) quiet() time.Duration {
	if w.polling.Load() && w.interval+w.debounce <= w.maxWait {
		return w.interval + w.debounce
	}
	return w.debounce
}

// note adds rel to the batch being gathered.
func (w *Watcher) note(rel string) {
	w.pending[rel] = struct{}{}
	w.active = true
}

// resetPending starts a new, empty batch.
func (w *Watcher) resetPending() {
	w.pending = map[string]struct{}{}
	w.active = false
}

// abs turns a path relative to the root into a file path.
func (w *Watcher) abs(rel string) string {
	if rel == "" {
		return w.root
	}
	return filepath.Join(w.root, filepath.FromSlash(rel))
}

// rel turns a file path under the root into a slash-separated relative
// path: "." for the root itself, ok false for paths outside it.
func (w *Watcher) rel(name string) (rel string, ok bool) {
	if name == w.root {
		return ".", true
	}
	rest, ok := strings.CutPrefix(name, w.prefix)
	if !ok || rest == "" {
		return "", false
	}
	return filepath.ToSlash(rest), true
}

// included reports whether rel, relative to the root, is to be watched
// (folders) or reported (files).
func (w *Watcher) included(rel string, dir bool) bool {
	if source.IgnoredName(path.Base(rel)) {
		return false
	}
	return w.include == nil || w.include(rel, dir)
}

// walk calls visit for start (relative to the root, "" for the root) and
// then for every included file and folder below it, each folder before its
// contents. visit may return [filepath.SkipDir] for a folder. Entries that
// vanish or cannot be read during the walk are skipped; an error about start
// itself is returned.
func (w *Watcher) walk(ctx context.Context, start string, visit func(rel string, d fs.DirEntry) error) error {
	startPath := w.abs(start)
	n := 0
	return filepath.WalkDir(startPath, func(p string, d fs.DirEntry, err error) error {
		if n++; n%checkEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if p == startPath {
				return fmt.Errorf("%s: %w", p, unwrapPath(err))
			}
			return nil
		}
		rel := start
		if p != startPath {
			r, ok := w.rel(p)
			if !ok {
				return nil
			}
			rel = r
			if !w.included(rel, d.IsDir()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		if rel == "" && !d.IsDir() {
			return fmt.Errorf("%s: not a folder", p)
		}
		return visit(rel, d)
	})
}

// watchDir adds a watch on the folder rel.
func (w *Watcher) watchDir(rel string) error {
	p := w.abs(rel)
	if w.hooks.add != nil {
		if err := w.hooks.add(p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	if err := w.fsw.Add(p); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

// addTree watches the folder start (relative to the root, "" for the root)
// and every included folder below it, and notes every included path below
// it and start itself. It returns an error if the system runs out of watches
// or, for the root, if the root cannot be watched; other folders that cannot
// be watched are skipped with a warning.
func (w *Watcher) addTree(ctx context.Context, start string) error {
	err := w.walk(ctx, start, func(rel string, d fs.DirEntry) error {
		if !d.IsDir() {
			w.known[rel] = entry{}
			w.note(rel)
			return nil
		}
		if err := w.watchDir(rel); err != nil {
			if rel == "" || exhausted(err) {
				return err
			}
			if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				w.log.Warn("watch: cannot watch folder; skipping it", "path", rel, "err", err)
			}
			return filepath.SkipDir
		}
		if rel != "" {
			w.known[rel] = entry{dir: true}
			w.note(rel)
		}
		return nil
	})
	if err != nil && start != "" && !exhausted(err) && ctx.Err() == nil {
		// The new folder vanished or is unreadable: its removal, if any,
		// is reported by its own event.
		return nil
	}
	return err
}

// forget drops rel and, if it is a folder, everything known below it,
// noting each path and removing the folders' watches.
func (w *Watcher) forget(rel string) {
	e, ok := w.known[rel]
	if !ok {
		if w.included(rel, false) {
			w.note(rel)
		}
		return
	}
	w.drop(rel, e)
	if !e.dir {
		return
	}
	below := rel + "/"
	for k, e := range w.known {
		if strings.HasPrefix(k, below) {
			w.drop(k, e)
		}
	}
}

// drop forgets one known path, noting it.
func (w *Watcher) drop(rel string, e entry) {
	delete(w.known, rel)
	w.note(rel)
	if e.dir && w.fsw != nil {
		// The kernel usually dropped the watch already; errors only say so.
		_ = w.fsw.Remove(w.abs(rel))
	}
}

// event handles one change notification. An error means notifications can
// no longer be trusted and the watcher must poll.
func (w *Watcher) event(ctx context.Context, ev fsnotify.Event) error {
	if ev.Op&^fsnotify.Chmod == 0 {
		return nil
	}
	rel, ok := w.rel(ev.Name)
	if !ok {
		return nil
	}
	if rel == "." {
		if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
			return fmt.Errorf("%s: watched folder removed or renamed", w.root)
		}
		return nil
	}
	if source.IgnoredName(path.Base(rel)) {
		return nil
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(rel)
	}
	if ev.Has(fsnotify.Create) {
		return w.created(ctx, rel)
	}
	if ev.Has(fsnotify.Write) {
		if e, ok := w.known[rel]; ok && e.dir {
			return nil
		}
		if w.included(rel, false) {
			w.known[rel] = entry{}
			w.note(rel)
		}
	}
	return nil
}

// created handles a path created or moved in: folders are watched with
// everything below them, files noted.
func (w *Watcher) created(ctx context.Context, rel string) error {
	fi, err := os.Lstat(w.abs(rel))
	if err != nil {
		// Gone already; a removal event follows if it matters.
		return nil
	}
	if fi.IsDir() {
		if !w.included(rel, true) {
			return nil
		}
		return w.addTree(ctx, rel)
	}
	if w.included(rel, false) {
		w.known[rel] = entry{}
		w.note(rel)
	}
	return nil
}

// notifyError handles an error from the notification channel: an overflow
// means events were lost, so the whole tree is reported again.
func (w *Watcher) notifyError(ctx context.Context, err error) {
	if err == nil {
		return
	}
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		w.log.Warn("watch: change notification error", "root", w.root, "err", err)
		return
	}
	w.log.Warn("watch: change notifications overflowed; rescanning", "root", w.root)
	if err := w.rescan(ctx); err != nil {
		w.degrade(ctx, err)
	}
}

// rescan walks the whole tree again, watching what is not watched yet and
// noting every path known before or found now.
func (w *Watcher) rescan(ctx context.Context) error {
	old := w.known
	w.known = map[string]entry{}
	for k := range old {
		w.note(k)
	}
	err := w.addTree(ctx, "")
	for k, e := range old {
		if _, ok := w.known[k]; !ok && e.dir && w.fsw != nil {
			_ = w.fsw.Remove(w.abs(k))
		}
	}
	return err
}

// degrade switches from notifications to polling after a failure, noting
// everything known before and found now, since events may have been lost.
func (w *Watcher) degrade(ctx context.Context, reason error) {
	if ctx.Err() != nil {
		return
	}
	w.fallback(reason)
	for k := range w.known {
		w.note(k)
	}
	snap, err := w.scan(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		w.scanFailed(err)
		snap = map[string]entry{}
	}
	for k := range snap {
		w.note(k)
	}
	w.known = snap
}

// pollOnce scans the tree and notes what changed since the last scan.
func (w *Watcher) pollOnce(ctx context.Context) {
	snap, err := w.scan(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		w.scanFailed(err)
		if !errors.Is(err, fs.ErrNotExist) {
			return // keep the last snapshot until the tree is readable
		}
		snap = map[string]entry{} // the root is gone: everything was removed
	} else if w.scanErr != "" {
		w.log.Info("watch: folder readable again", "root", w.root)
		w.scanErr = ""
	}
	for k, e := range snap {
		old, ok := w.known[k]
		if !ok || old.dir != e.dir || (!e.dir && old != e) {
			w.note(k)
		}
	}
	for k := range w.known {
		if _, ok := snap[k]; !ok {
			w.note(k)
		}
	}
	w.known = snap
}

// scanFailed logs a scan error, once until it changes.
func (w *Watcher) scanFailed(err error) {
	if msg := err.Error(); msg != w.scanErr {
		w.scanErr = msg
		w.log.Warn("watch: cannot scan folder", "root", w.root, "err", err)
	}
}

// scan records every included file and folder under the root.
func (w *Watcher) scan(ctx context.Context) (map[string]entry, error) {
	snap := make(map[string]entry, len(w.known))
	err := w.walk(ctx, "", func(rel string, d fs.DirEntry) error {
		switch {
		case rel == "":
		case d.IsDir():
			snap[rel] = entry{dir: true}
		default:
			fi, err := d.Info()
			if err != nil {
				return nil // vanished since listed
			}
			snap[rel] = entry{
				typ:   fi.Mode().Type(),
				size:  fi.Size(),
				mtime: fi.ModTime().UnixNano(),
				ino:   inode(fi),
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return snap, nil
}

// unwrapPath strips the path an [fs.PathError] adds, for errors that are
// wrapped with the path again.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
