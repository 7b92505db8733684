// Package source reads a site root: the configuration, the article files of
// the content folder, and the theme, with files on disk overriding the theme
// embedded in the binary.
//
// Articles are files ending in .txt (clippings) or .md (Markdown). A
// clipping's metadata may sit beside it in <name>.meta.toml. Anything else in
// the content folder (images, README, .DS_Store, editor backups) is skipped
// and reported as a note, never treated as an article.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// File is one article source, with its sidecar metadata when it has one.
// [Articles] finds the files; [File.Load] reads them, so that a build can
// read each on the worker that parses it.
type File struct {
	Path    string // slash-separated, relative to the site root, e.g. "seeds/a.txt"
	ID      string // base name without extension
	Data    []byte // nil until loaded
	Sidecar *Sidecar
}

// Load reads the file and its sidecar, if any, from fsys. A file larger
// than maxSize bytes is an error, and is not read.
func (f *File) Load(fsys fs.FS, maxSize int64) error {
	data, err := readLimited(fsys, f.Path, maxSize)
	if err != nil {
		return err
	}
	f.Data = data
	if f.Sidecar != nil {
		data, err := fs.ReadFile(fsys, f.Sidecar.Path)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Sidecar.Path, unwrapPath(err))
		}
		f.Sidecar = &Sidecar{Path: f.Sidecar.Path, Data: data}
	}
	return nil
}

// readLimited reads the file at name, unless it holds more than maxSize
// bytes: its size is checked on the open file before reading, and the read
// stops past maxSize should the file grow meanwhile.
func readLimited(fsys fs.FS, name string, maxSize int64) ([]byte, error) {
	file, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	if fi.Size() > maxSize {
		return nil, tooLarge(name, fi.Size(), maxSize)
	}
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(file, maxSize+1)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	if n := int64(buf.Len()); n > maxSize {
		return nil, tooLarge(name, n, maxSize)
	}
	return buf.Bytes(), nil
}

// tooLarge is the error for an article file of size bytes, over maxSize.
func tooLarge(name string, size, maxSize int64) error {
	s, limit := formatSize(size), formatSize(maxSize)
	if s == limit {
		s, limit = fmt.Sprintf("%d bytes", size), fmt.Sprintf("%d bytes", maxSize)
	}
	return fmt.Errorf("%s: %s is over the %s limit for one article (max_article_size in briefing.toml)", name, s, limit)
}

// unwrapPath drops the path from an *fs.PathError, which the caller names,
// and says what happened in words.
func unwrapPath(err error) error {
	pe, ok := err.(*fs.PathError)
	if !ok {
		return err
	}
	if errors.Is(pe.Err, fs.ErrNotExist) {
		return fmt.Errorf("removed while the build was reading it; build again: %w", pe.Err)
	}
	return fmt.Errorf("cannot read: %w", pe.Err)
}

// formatSize writes a size in bytes as people read it: "20.0 MB", "512 kB",
// "900 bytes" (decimal units).
func formatSize(n int64) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1_000:
		return fmt.Sprintf("%d kB", n/1_000)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Sidecar is a <name>.meta.toml file.
type Sidecar struct {
	Path string
	Data []byte // nil until loaded
}

// SidecarSuffix ends the name of a clipping's metadata file.
const SidecarSuffix = ".meta.toml"

// Skipped is a file in the content folder that is not an article.
type Skipped struct {
	Path   string
	Reason string
}

// Articles finds every article under dir in fsys, in path order, with its
// sidecar; it reads none of them (see [File.Load]). All problems are
// returned together; skipped files are reported, not errors.
func Articles(fsys fs.FS, dir string) ([]File, []Skipped, error) {
	dir = path.Clean(dir)
	if fi, err := fs.Stat(fsys, dir); err != nil {
		return nil, nil, fmt.Errorf("content folder %s: %w", dir, err)
	} else if !fi.IsDir() {
		return nil, nil, fmt.Errorf("content folder %s is not a folder", dir)
	}
	var files []File
	var skipped []Skipped
	sidecars := map[string]string{} // path without suffix -> sidecar path
	var errs []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", p, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && strings.HasPrefix(name, ".") {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(name, SidecarSuffix):
			sidecars[strings.TrimSuffix(p, SidecarSuffix)] = p
		case IgnoredName(name):
			skipped = append(skipped, Skipped{p, "hidden, temporary or backup file"})
		case d.Type()&fs.ModeSymlink != 0:
			skipped = append(skipped, Skipped{p, "symbolic link; links are not followed"})
		case !d.Type().IsRegular():
			skipped = append(skipped, Skipped{p, "not a regular file"})
		case path.Ext(name) == ".txt" || path.Ext(name) == ".md":
			files = append(files, File{Path: p, ID: strings.TrimSuffix(name, path.Ext(name))})
		default:
			skipped = append(skipped, Skipped{p, "not an article (.txt or .md)"})
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err.Error())
	}
	byStem := map[string]*File{}
	byID := map[string]*File{}
	for i := range files {
		f := &files[i]
		stem := strings.TrimSuffix(f.Path, path.Ext(f.Path))
		if prev, ok := byID[f.ID]; ok {
			errs = append(errs, fmt.Sprintf("%s: article id %q is also used by %s; ids (file names without extension) must be unique", f.Path, f.ID, prev.Path))
			continue
		}
		byID[f.ID] = f
		byStem[stem] = f
	}
	for stem, sp := range sidecars {
		f := byStem[stem]
		if f == nil || path.Ext(f.Path) != ".txt" {
			skipped = append(skipped, Skipped{sp, "metadata file without a .txt clipping of the same name"})
			continue
		}
		f.Sidecar = &Sidecar{Path: sp}
	}
	slices.SortFunc(skipped, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
	if len(errs) > 0 {
		slices.Sort(errs)
		return nil, skipped, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return files, skipped, nil
}

// IgnoredName reports whether a file name is hidden, an editor's temporary
// or backup file, or an OS artefact.
func IgnoredName(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), // .DS_Store, .#emacs-lock, .swp files
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".bck"), strings.HasSuffix(name, ".bak"),
		strings.HasSuffix(name, ".tmp"),
		strings.Contains(name, "___jb_tmp___"), strings.Contains(name, "___jb_old___"),
		strings.Contains(name, ".goutputstream"),
		name == "4913", name == "Thumbs.db", name == "desktop.ini":
		return true
	}
	return false
}
