package watch

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// waitTimeout bounds every wait for a condition; tests never rely on timing
// otherwise.
const waitTimeout = 10 * time.Second

// forModes runs f once with change notifications and once polling.
func forModes(t *testing.T, f func(t *testing.T, opts Options)) {
	t.Helper()
	for _, m := range []struct {
		name string
		poll time.Duration
	}{{"inotify", 0}, {"poll", 50 * time.Millisecond}} {
		t.Run(m.name, func(t *testing.T) { f(t, Options{Poll: m.poll}) })
	}
}

// recorder collects the batches a running Watcher delivers.
type recorder struct {
	t       *testing.T
	root    string
	w       *Watcher
	mu      sync.Mutex
	batches [][]string
	seen    map[string]int // path → index of the first batch reporting it

	slow    func(call int) // called at the start of each handle call
	calls   atomic.Int32
	running atomic.Int32
	overlap atomic.Bool
	markers int
}

func (r *recorder) handle(b Batch) {
	if r.running.Add(1) > 1 {
		r.overlap.Store(true)
	}
	defer r.running.Add(-1)
	n := int(r.calls.Add(1))
	if !slices.IsSorted(b.Paths) || len(slices.Compact(slices.Clone(b.Paths))) != len(b.Paths) {
		r.t.Errorf("batch paths not sorted and unique: %q", b.Paths)
	}
	for _, p := range b.Paths {
		if p == "" || p == "." || strings.Contains(p, `\`) || filepath.IsAbs(p) {
			r.t.Errorf("bad path %q in batch", p)
		}
	}
	r.mu.Lock()
	r.batches = append(r.batches, b.Paths)
	for _, p := range b.Paths {
		if _, ok := r.seen[p]; !ok {
			r.seen[p] = len(r.batches) - 1
		}
	}
	r.mu.Unlock()
	if r.slow != nil {
		r.slow(n)
	}
}

// reset forgets everything recorded so far.
func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batches = nil
	r.seen = map[string]int{}
}

// paths returns the recorded paths, sorted, without markers.
func (r *recorder) paths() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for p := range r.seen {
		if !strings.HasPrefix(p, "zz-marker-") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func (r *recorder) numBatches() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.batches)
}

// waitFor waits until every one of want has been reported.
func (r *recorder) waitFor(want ...string) {
	r.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		r.mu.Lock()
		var missing []string
		for _, p := range want {
			if _, ok := r.seen[p]; !ok {
				missing = append(missing, p)
			}
		}
		r.mu.Unlock()
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("not reported after %v: %q (reported: %q)", waitTimeout, missing, r.paths())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sync writes a new marker file and waits for it: every change made before
// has been seen by then (events are handled in order; a scan that sees the
// marker sees everything before it).
func (r *recorder) sync() {
	r.t.Helper()
	r.markers++
	name := fmt.Sprintf("zz-marker-%d.txt", r.markers)
	write(r.t, r.root, name, "marker")
	r.waitFor(name)
}

// only syncs, then checks that exactly want (besides markers) was reported.
func (r *recorder) only(want ...string) {
	r.t.Helper()
	r.sync()
	slices.Sort(want)
	if got := r.paths(); !slices.Equal(got, want) {
		r.t.Errorf("reported %q, want %q", got, want)
	}
}

// start creates a Watcher on root and runs it until the test ends.
func start(t *testing.T, root string, opts Options) *recorder {
	t.Helper()
	return startWith(t, root, opts, hooks{})
}

func startWith(t *testing.T, root string, opts Options, h hooks) *recorder {
	t.Helper()
	w, err := newWatcher(root, opts, h)
	if err != nil {
		t.Fatal(err)
	}
	return run(t, root, w, nil)
}

// run runs w until the test ends; slow, if set, is called in each handle.
func run(t *testing.T, root string, w *Watcher, slow func(int)) *recorder {
	t.Helper()
	r := &recorder{t: t, root: root, w: w, seen: map[string]int{}, slow: slow}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, r.handle) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(waitTimeout):
			t.Errorf("Run did not return after cancel")
		}
		if r.overlap.Load() {
			t.Errorf("handle called concurrently")
		}
	})
	return r
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, root, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(root, from), filepath.Join(root, to)); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, root, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func TestWrite(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		write(t, root, "briefing.toml", "title = 'x'\n")
		write(t, root, "content/a.txt", "one")
		r := start(t, root, opts)
		write(t, root, "content/a.txt", "one two")
		write(t, root, "briefing.toml", "title = 'changed'\n")
		r.waitFor("content/a.txt", "briefing.toml")
		r.only("content/a.txt", "briefing.toml")
	})
}

func TestChmodIgnored(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		write(t, root, "a.txt", "one")
		r := start(t, root, opts)
		if err := os.Chmod(filepath.Join(root, "a.txt"), 0o600); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		if got := r.paths(); len(got) != 0 {
			t.Errorf("chmod reported %q", got)
		}
		r.only()
	})
}

func TestEditorSaves(t *testing.T) {
	saves := []struct {
		name string
		save func(t *testing.T, root string)
	}{
		{"vim", func(t *testing.T, root string) {
			write(t, root, "4913", "")
			remove(t, root, "4913")
			write(t, root, ".a.txt.swp", "swap")
			write(t, root, ".a.txt.swx", "swap")
			rename(t, root, "a.txt", "a.txt~")
			write(t, root, "a.txt", "new contents")
			write(t, root, ".a.txt.swp", "swap 2")
			remove(t, root, "a.txt~")
			remove(t, root, ".a.txt.swp")
			remove(t, root, ".a.txt.swx")
		}},
		{"emacs", func(t *testing.T, root string) {
			if err := os.Symlink("user@host.1234:1", filepath.Join(root, ".#a.txt")); err != nil {
				t.Fatal(err)
			}
			write(t, root, "#a.txt#", "autosave")
			write(t, root, "a.txt~", "backup")
			write(t, root, "a.txt", "new contents")
			remove(t, root, "#a.txt#")
			remove(t, root, ".#a.txt")
			write(t, root, ".#b.txt", "lock as a file")
		}},
		{"jetbrains", func(t *testing.T, root string) {
			write(t, root, "a.txt___jb_tmp___", "new contents")
			rename(t, root, "a.txt", "a.txt___jb_old___")
			rename(t, root, "a.txt___jb_tmp___", "a.txt")
			remove(t, root, "a.txt___jb_old___")
		}},
		{"gedit", func(t *testing.T, root string) {
			write(t, root, ".goutputstream-X1Y2Z3", "new contents")
			rename(t, root, ".goutputstream-X1Y2Z3", "a.txt")
		}},
		{"bck", func(t *testing.T, root string) {
			write(t, root, "a.txt.bck", "old")
			write(t, root, "a.txt", "new contents")
		}},
		{"tmp-rename", func(t *testing.T, root string) {
			write(t, root, "a.txt.tmp", "new contents")
			rename(t, root, "a.txt.tmp", "a.txt")
		}},
	}
	forModes(t, func(t *testing.T, opts Options) {
		for _, s := range saves {
			t.Run(s.name, func(t *testing.T) {
				root := t.TempDir()
				write(t, root, "a.txt", "old")
				r := start(t, root, opts)
				s.save(t, root)
				r.waitFor("a.txt")
				r.only("a.txt")
			})
		}
	})
}

func TestNewFolder(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		r := start(t, root, opts)
		write(t, root, "new/inner/a.txt", "a")
		write(t, root, "new/b.txt", "b")
		r.waitFor("new", "new/inner", "new/inner/a.txt", "new/b.txt")
		r.reset()
		write(t, root, "new/inner/c.txt", "c")
		r.waitFor("new/inner/c.txt")
		r.only("new/inner/c.txt")
	})
}

func TestDeleteAndRename(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		write(t, root, "a.txt", "a")
		write(t, root, "gone.txt", "gone")
		r := start(t, root, opts)
		remove(t, root, "gone.txt")
		r.waitFor("gone.txt")
		r.only("gone.txt")
		r.reset()
		rename(t, root, "a.txt", "b.txt")
		r.waitFor("a.txt", "b.txt")
		r.only("a.txt", "b.txt")
	})
}

func TestRemoveFolder(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		write(t, root, "sub/x.txt", "x")
		write(t, root, "sub/deep/y.txt", "y")
		write(t, root, "keep.txt", "keep")
		r := start(t, root, opts)
		remove(t, root, "sub")
		r.waitFor("sub", "sub/x.txt", "sub/deep", "sub/deep/y.txt")
		r.only("sub", "sub/x.txt", "sub/deep", "sub/deep/y.txt")
	})
}

func TestRenameFolder(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		write(t, root, "sub/x.txt", "x")
		write(t, root, "sub/deep/y.txt", "y")
		r := start(t, root, opts)
		rename(t, root, "sub", "moved")
		want := []string{
			"sub", "sub/x.txt", "sub/deep", "sub/deep/y.txt",
			"moved", "moved/x.txt", "moved/deep", "moved/deep/y.txt",
		}
		r.waitFor(want...)
		r.only(want...)
		// The moved folders are watched under their new names.
		r.reset()
		write(t, root, "moved/deep/y.txt", "changed")
		write(t, root, "moved/deep/z.txt", "new")
		r.waitFor("moved/deep/y.txt", "moved/deep/z.txt")
		r.only("moved/deep/y.txt", "moved/deep/z.txt")
	})
}

func TestInclude(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		write(t, root, "public/index.html", "old")
		write(t, root, "content/a.txt", "a")
		write(t, root, ".git/HEAD", "ref")
		opts.Include = func(rel string, dir bool) bool {
			if rel == "" || rel == "." || strings.HasPrefix(rel, "/") {
				t.Errorf("Include called with %q", rel)
			}
			return rel != "public" && !strings.HasPrefix(rel, "public/")
		}
		r := start(t, root, opts)
		write(t, root, "public/index.html", "new contents")
		write(t, root, "public/new/page.html", "page")
		write(t, root, ".git/HEAD", "other ref")
		write(t, root, ".git/objects/x", "object")
		write(t, root, "content/a.txt", "changed")
		r.waitFor("content/a.txt")
		r.only("content/a.txt")
	})
}

func TestBurst(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		var want []string
		for i := range 100 {
			name := fmt.Sprintf("content/f%03d.txt", i)
			write(t, root, name, "old")
			want = append(want, name)
		}
		r := start(t, root, opts)
		for _, name := range want {
			write(t, root, name, "new contents")
			time.Sleep(time.Millisecond)
		}
		r.waitFor(want...)
		n := r.numBatches()
		t.Logf("100 saves delivered in %d batches", n)
		if n > 10 {
			t.Errorf("100 saves delivered in %d batches, want at most 10", n)
		}
		r.only(want...)
	})
}

func TestSlowHandler(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		write(t, root, "a.txt", "a")
		w, err := New(root, opts)
		if err != nil {
			t.Fatal(err)
		}
		entered := make(chan struct{})
		r := run(t, root, w, func(call int) {
			if call == 1 {
				close(entered)
				time.Sleep(200 * time.Millisecond)
			}
		})
		write(t, root, "a.txt", "first")
		select {
		case <-entered:
		case <-time.After(waitTimeout):
			t.Fatal("no batch delivered")
		}
		write(t, root, "b.txt", "b")
		write(t, root, "c.txt", "c")
		r.waitFor("a.txt", "b.txt", "c.txt")
		r.mu.Lock()
		first := r.batches[0]
		idx := r.seen["b.txt"]
		r.mu.Unlock()
		if !slices.Equal(first, []string{"a.txt"}) {
			t.Errorf("first batch = %q, want [a.txt]", first)
		}
		if idx == 0 {
			t.Errorf("b.txt, written during the first handle call, reported in the first batch")
		}
		r.only("a.txt", "b.txt", "c.txt")
	})
}

// inotifyFDs counts this process's open inotify instances.
func inotifyFDs(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	n := 0
	for _, e := range entries {
		if l, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil && strings.Contains(l, "inotify") {
			n++
		}
	}
	return n
}

func TestCancelReleases(t *testing.T) {
	forModes(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		write(t, root, "sub/a.txt", "a")
		goroutines := runtime.NumGoroutine()
		fds := 0
		if runtime.GOOS == "linux" {
			fds = inotifyFDs(t)
		}
		w, err := New(root, opts)
		if err != nil {
			t.Fatal(err)
		}
		if w.Polling() != (opts.Poll > 0) {
			t.Errorf("Polling() = %v with Poll %v", w.Polling(), opts.Poll)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		got := make(chan string, 100)
		done := make(chan error, 1)
		go func() {
			done <- w.Run(ctx, func(b Batch) {
				for _, p := range b.Paths {
					got <- p
				}
			})
		}()
		write(t, root, "sub/a.txt", "changed")
		select {
		case p := <-got:
			if p != "sub/a.txt" {
				t.Errorf("reported %q", p)
			}
		case <-time.After(waitTimeout):
			t.Fatal("change not reported")
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(waitTimeout):
			t.Fatal("Run did not return after cancel")
		}
		deadline := time.Now().Add(waitTimeout)
		for runtime.NumGoroutine() > goroutines {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				t.Fatalf("%d goroutines after Run, %d before:\n%s",
					runtime.NumGoroutine(), goroutines, buf[:runtime.Stack(buf, true)])
			}
			time.Sleep(10 * time.Millisecond)
		}
		if runtime.GOOS == "linux" {
			if n := inotifyFDs(t); n != fds {
				t.Errorf("%d inotify descriptors open after Run, %d before", n, fds)
			}
		}
		if err := w.Run(context.Background(), nil); err == nil {
			t.Errorf("second Run succeeded")
		}
	})
}

func TestNewErrors(t *testing.T) {
	root := t.TempDir()
	write(t, root, "file.txt", "x")
	for _, p := range []string{filepath.Join(root, "missing"), filepath.Join(root, "file.txt")} {
		if _, err := New(p, Options{}); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("New(%q) error = %v, want one naming the path", p, err)
		}
	}
}

// syncBuffer is a log destination safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestFallbackAtStart(t *testing.T) {
	root := t.TempDir()
	write(t, root, "sub/a.txt", "a")
	var log syncBuffer
	opts := Options{Log: slog.New(slog.NewTextHandler(&log, nil))}
	h := hooks{
		add:          func(string) error { return syscall.ENOSPC },
		fallbackPoll: 50 * time.Millisecond,
	}
	w, err := newWatcher(root, opts, h)
	if err != nil {
		t.Fatal(err)
	}
	if !w.Polling() {
		t.Fatal("Polling() = false after the watches ran out")
	}
	if s := log.String(); !strings.Contains(s, "polling") || !strings.Contains(s, "WARN") {
		t.Errorf("no warning logged: %q", s)
	}
	r := run(t, root, w, nil)
	write(t, root, "sub/a.txt", "changed")
	write(t, root, "new/b.txt", "b")
	r.waitFor("sub/a.txt", "new", "new/b.txt")
	r.only("sub/a.txt", "new", "new/b.txt")
}

func TestFallbackWhileRunning(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a.txt", "a")
	var log syncBuffer
	opts := Options{Log: slog.New(slog.NewTextHandler(&log, nil))}
	h := hooks{
		add: func(p string) error {
			if filepath.Base(p) == "deep" {
				return syscall.ENOSPC
			}
			return nil
		},
		fallbackPoll: 50 * time.Millisecond,
	}
	w, err := newWatcher(root, opts, h)
	if err != nil {
		t.Fatal(err)
	}
	if w.Polling() {
		t.Fatal("Polling() = true before any failure")
	}
	r := run(t, root, w, nil)
	write(t, root, "sub/deep/f.txt", "f")
	r.waitFor("sub/deep/f.txt")
	if !w.Polling() {
		t.Errorf("Polling() = false after the watches ran out")
	}
	if s := log.String(); !strings.Contains(s, "polling") {
		t.Errorf("no warning logged: %q", s)
	}
	r.reset()
	write(t, root, "sub/deep/f.txt", "changed")
	write(t, root, "a.txt", "changed")
	r.waitFor("sub/deep/f.txt", "a.txt")
	r.only("sub/deep/f.txt", "a.txt")
}

func TestOverflowRescans(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a.txt", "a")
	write(t, root, "sub/b.txt", "b")
	w, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if w.Polling() {
		t.Skip("change notifications unavailable")
	}
	errs := w.fsw.Errors
	r := run(t, root, w, nil)
	select {
	case errs <- fsnotify.ErrEventOverflow:
	case <-time.After(waitTimeout):
		t.Fatal("overflow not received")
	}
	r.waitFor("a.txt", "sub", "sub/b.txt")
	r.only("a.txt", "sub", "sub/b.txt")
	r.reset()
	write(t, root, "sub/b.txt", "changed")
	r.waitFor("sub/b.txt")
	r.only("sub/b.txt")
	if w.Polling() {
		t.Errorf("overflow switched to polling")
	}
}
