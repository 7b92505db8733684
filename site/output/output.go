// Package output writes a built site to disk as one atomic step.
//
// Write builds the new site in a temporary folder beside the destination and
// then swaps the two folders, so the destination always holds either the
// previous complete site or the new one, never a mix; if anything fails, the
// temporary folder is removed and the previous site is left as it was.
// Hidden entries at the top of the destination (.git, .gitkeep, .nojekyll)
// are carried over to the new site.
package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// File is one output file: a slash-separated path under the destination and its bytes.
type File struct {
	Path string
	Data []byte
}

// Write replaces the folder dest with exactly files (plus dest's hidden
// top-level entries); see Begin for which folders may be replaced.
func Write(ctx context.Context, dest string, files []File) error {
	t, err := Begin(dest)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			t.Abort()
			return err
		}
		if err := t.Write(f.Path, f.Data); err != nil {
			t.Abort()
			return err
		}
	}
	return t.Commit()
}

// Tree is a new site being written into a temporary folder beside its
// destination. Files are written as they come, from any goroutine; Commit
// swaps the folder in, Abort throws it away.
type Tree struct {
	dest, tmp string
	existing  bool

	lock *os.File // held from Begin to Commit or Abort

	mu     sync.Mutex
	dirs   map[string]bool // folders made so far
	seen   map[string]bool // files written so far
	failed bool            // a write failed; the tree takes no more files
}

// ErrStopped is what writing to a Tree returns once a write has failed: a
// full disk or a read-only destination fails every write alike, and the
// first failure is the one to report.
var ErrStopped = errors.New("output stopped after an earlier write error")

// errBusy is lock's error when another build holds the lock.
var errBusy = errors.New("busy")

// LockName is the name of the lock file that keeps two builds from writing
// one destination at once; it sits beside the destination, named after it.
func LockName(dest string) string {
	return filepath.Join(filepath.Dir(filepath.Clean(dest)), ".briefing-"+filepath.Base(filepath.Clean(dest))+".lock")
}

// Begin starts a new site for dest. dest must not exist, be empty, hold
// only hidden entries, or hold a site built before (it has index.html); any
// other folder is refused rather than replaced. Only one build at a time
// may write a destination: while one holds its lock (see LockName), Begin
// fails at once. Begin also clears what a build that was killed left
// beside dest, first putting back any hidden entry (.git, say) that it had
// taken out of dest.
func Begin(dest string) (*Tree, error) {
	dest = filepath.Clean(dest)
	existing, err := checkDestination(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("destination %s: %w", dest, err)
	}
	l, err := lock(LockName(dest))
	if errors.Is(err, errBusy) {
		return nil, fmt.Errorf("destination %s: another briefing build is writing it (it holds %s); wait for it to finish", dest, LockName(dest))
	}
	if err != nil {
		return nil, fmt.Errorf("destination %s: cannot create the lock file beside it: %w", dest, unwrapPathError(err))
	}
	if err := recoverStale(dest); err != nil {
		l.Close()
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, tmpPrefix(dest))
	if err != nil {
		l.Close()
		return nil, fmt.Errorf("destination %s: cannot create a temporary folder beside it: %w", dest, unwrapPathError(err))
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		l.Close()
		return nil, err
	}
	return &Tree{dest: dest, tmp: tmp, existing: existing, lock: l, dirs: map[string]bool{".": true}, seen: map[string]bool{}}, nil
}

// tmpPrefix starts the names of the temporary folders of dest's builds.
func tmpPrefix(dest string) string { return "." + filepath.Base(dest) + ".tmp-" }

// recoverStale removes the temporary folders that killed builds left
// beside dest, after moving back into dest the hidden top-level entries
// (carried over from dest, see carryHidden) that dest lacks. Only the
// holder of the lock calls it, so no live build owns these folders.
func recoverStale(dest string) error {
	parent := filepath.Dir(dest)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return fmt.Errorf("destination %s: %w", dest, err)
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tmpPrefix(dest)) {
			continue
		}
		stale := filepath.Join(parent, e.Name())
		if _, err := os.Stat(dest); err == nil {
			inner, err := os.ReadDir(stale)
			if err != nil {
				return fmt.Errorf("%s: %w", stale, err)
			}
			for _, h := range inner {
				if !strings.HasPrefix(h.Name(), ".") {
					continue
				}
				if _, err := os.Lstat(filepath.Join(dest, h.Name())); errors.Is(err, fs.ErrNotExist) {
					if err := os.Rename(filepath.Join(stale, h.Name()), filepath.Join(dest, h.Name())); err != nil {
						return fmt.Errorf("putting back %s: %w", filepath.Join(dest, h.Name()), err)
					}
				}
			}
		}
		if err := os.RemoveAll(stale); err != nil {
			return fmt.Errorf("removing %s, left by a build that did not finish: %w", stale, err)
		}
	}
	return nil
}

// unlock lets the next build write the destination.
func (t *Tree) unlock() {
	if t.lock != nil {
		t.lock.Close()
		t.lock = nil
	}
}

// Write writes one file of the new site; path is slash-separated and
// relative. Two writes of one path are an error. Safe for concurrent use.
func (t *Tree) Write(path string, data []byte) error {
	if err := t.claim(path); err != nil {
		return err
	}
	if err := WriteFile(filepath.Join(t.tmp, filepath.FromSlash(path)), data); err != nil {
		return t.writeError(path, err)
	}
	return nil
}

// writeError records that writing path failed and returns the error to
// report: the destination, the file and the cause, without the name of the
// temporary folder; or ErrStopped if another write failed before.
func (t *Tree) writeError(path string, err error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failed {
		return ErrStopped
	}
	t.failed = true
	return fmt.Errorf("%s: cannot write %s: %w", t.dest, path, unwrapPathError(err))
}

// unwrapPathError returns the cause of an *fs.PathError, whose path the
// caller names in its own words.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// claim records that path is being written and makes its folder.
func (t *Tree) claim(path string) error {
	if !fs.ValidPath(path) || path == "." {
		return fmt.Errorf("output path %q is not a clean relative path", path)
	}
	dir := filepath.Dir(filepath.FromSlash(path))
	t.mu.Lock()
	if t.failed {
		t.mu.Unlock()
		return ErrStopped
	}
	if t.seen[path] {
		t.mu.Unlock()
		return fmt.Errorf("two outputs write %s; a static file may clash with a page", path)
	}
	t.seen[path] = true
	made := t.dirs[dir]
	t.mu.Unlock()
	if !made {
		if err := t.mkdirs(dir); err != nil {
			return t.writeError(path, err)
		}
	}
	return nil
}

// mkdirs makes dir and the folders above it that are not made yet, one
// mkdir each. Another writer may be making the same folder at once.
func (t *Tree) mkdirs(dir string) error {
	t.mu.Lock()
	var missing []string
	for d := dir; !t.dirs[d]; d = filepath.Dir(d) {
		missing = append(missing, d)
	}
	t.mu.Unlock()
	for i := len(missing) - 1; i >= 0; i-- {
		err := os.Mkdir(filepath.Join(t.tmp, missing[i]), 0o755)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	t.mu.Lock()
	for _, d := range missing {
		t.dirs[d] = true
	}
	t.mu.Unlock()
	return nil
}

// Abort removes the new site; the destination is left as it was.
func (t *Tree) Abort() {
	os.RemoveAll(t.tmp)
	t.unlock()
}

// Commit swaps the new site in for the destination and removes the
// previous one. On error the destination is left as it was.
func (t *Tree) Commit() error {
	defer t.unlock()
	if !t.existing {
		if err := os.Rename(t.tmp, t.dest); err != nil {
			t.Abort()
			return fmt.Errorf("destination %s: %w", t.dest, err)
		}
		return nil
	}
	if err := carryHidden(t.dest, t.tmp, t.seen); err != nil {
		t.Abort()
		return err
	}
	if err := swap(t.tmp, t.dest); err != nil {
		t.Abort()
		return fmt.Errorf("destination %s: %w", t.dest, err)
	}
	// t.tmp now holds the previous site.
	if err := os.RemoveAll(t.tmp); err != nil {
		return fmt.Errorf("removing the previous site %s: %w", t.tmp, err)
	}
	return nil
}

// checkDestination reports whether dest exists, and refuses folders that do
// not look like a briefing site, so a mistyped --destination cannot wipe out
// unrelated files.
func checkDestination(dest string) (bool, error) {
	fi, err := os.Lstat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("destination %s: %w", dest, err)
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("destination %s exists and is not a folder", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return false, fmt.Errorf("destination %s: %w", dest, err)
	}
	visible := 0
	hasIndex := false
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			visible++
		}
		if e.Name() == "index.html" {
			hasIndex = true
		}
	}
	if visible > 0 && !hasIndex {
		return false, fmt.Errorf("destination %s is not empty and holds no site (no index.html); refusing to replace it", dest)
	}
	return true, nil
}

// carryHidden moves dest's hidden top-level entries into the new tree,
// unless the build wrote a file of the same name.
func carryHidden(dest, tmp string, written map[string]bool) error {
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || written[name] {
			continue
		}
		if err := os.Rename(filepath.Join(dest, name), filepath.Join(tmp, name)); err != nil {
			return fmt.Errorf("keeping %s: %w", filepath.Join(dest, name), err)
		}
	}
	return nil
}

// Link puts the file at path in the new site as a hard link to from (an
// unchanged file of the previous site), or, when linking fails, writes the
// bytes lookup gives for path. Safe for concurrent use.
func (t *Tree) Link(path, from string, lookup func(path string) ([]byte, bool)) error {
	if err := t.claim(path); err != nil {
		return err
	}
	to := filepath.Join(t.tmp, filepath.FromSlash(path))
	if os.Link(from, to) == nil {
		return nil
	}
	data, ok := lookup(path)
	if !ok {
		return fmt.Errorf("%s: no contents to write", path)
	}
	if err := WriteFile(to, data); err != nil {
		return t.writeError(path, err)
	}
	return nil
}

// Patch replaces the folder dest with exactly the files at paths, like
// Write, but writes only the files in changed: every other one is linked
// from dest's current contents, which must hold the same bytes, or, when
// dest lacks it, written with the bytes lookup gives.
func Patch(ctx context.Context, dest string, paths []string, changed map[string][]byte, lookup func(path string) ([]byte, bool)) error {
	t, err := Begin(dest)
	if err != nil {
		return err
	}
	dest = filepath.Clean(dest)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			t.Abort()
			return err
		}
		if data, ok := changed[p]; ok {
			err = t.Write(p, data)
		} else {
			err = t.Link(p, filepath.Join(dest, filepath.FromSlash(p)), lookup)
		}
		if err != nil {
			t.Abort()
			return err
		}
	}
	return t.Commit()
}
