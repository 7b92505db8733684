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
	"slices"
	"strings"
)

// File is one output file: a slash-separated path under the destination and its bytes.
type File struct {
	Path string
	Data []byte
}

// Write replaces the folder dest with exactly files (plus dest's hidden
// top-level entries). dest must not exist, be empty, hold only hidden
// entries, or hold a site built before (it has index.html); any other folder
// is refused rather than replaced.
func Write(ctx context.Context, dest string, files []File) error {
	dest = filepath.Clean(dest)
	existing, err := checkDestination(dest)
	if err != nil {
		return err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("destination %s: %w", dest, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return fmt.Errorf("destination %s: cannot create a temporary folder beside it: %w", dest, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeTree(ctx, tmp, files); err != nil {
		return err
	}
	if !existing {
		if err := os.Rename(tmp, dest); err != nil {
			return fmt.Errorf("destination %s: %w", dest, err)
		}
		ok = true
		return nil
	}
	if err := carryHidden(dest, tmp, files); err != nil {
		return err
	}
	if err := swap(tmp, dest); err != nil {
		return fmt.Errorf("destination %s: %w", dest, err)
	}
	ok = true
	// tmp now holds the previous site.
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("removing the previous site %s: %w", tmp, err)
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

func writeTree(ctx context.Context, root string, files []File) error {
	made := map[string]bool{"": true, ".": true}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !fs.ValidPath(f.Path) || f.Path == "." {
			return fmt.Errorf("output path %q is not a clean relative path", f.Path)
		}
		dir := filepath.Dir(filepath.FromSlash(f.Path))
		if !made[dir] {
			if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
				return err
			}
			for d := dir; d != "." && !made[d]; d = filepath.Dir(d) {
				made[d] = true
			}
		}
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(f.Path)), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// carryHidden moves dest's hidden top-level entries into the new tree,
// unless the build wrote a file of the same name.
func carryHidden(dest, tmp string, files []File) error {
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || slices.ContainsFunc(files, func(f File) bool { return f.Path == name }) {
			continue
		}
		if err := os.Rename(filepath.Join(dest, name), filepath.Join(tmp, name)); err != nil {
			return fmt.Errorf("keeping %s: %w", filepath.Join(dest, name), err)
		}
	}
	return nil
}
