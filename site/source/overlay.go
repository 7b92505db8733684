package source

import (
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// Overlay returns a file system in which upper's files override lower's
// files of the same name. Directory listings merge both.
func Overlay(upper, lower fs.FS) fs.FS { return overlayFS{upper, lower} }

type overlayFS struct{ upper, lower fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return o.lower.Open(name)
		}
		return nil, err
	}
	if fi, serr := f.Stat(); serr == nil && fi.IsDir() {
		entries, err := o.ReadDir(name)
		if err != nil {
			f.Close()
			return nil, err
		}
		return &mergedDir{File: f, entries: entries}, nil
	}
	return f, nil
}

// mergedDir is a directory of the overlay: upper's directory, listing both.
type mergedDir struct {
	fs.File
	entries []fs.DirEntry
	offset  int
}

func (d *mergedDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.offset:]
	if n <= 0 {
		d.offset = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.offset += n
	return rest[:n], nil
}

func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	up, errUp := fs.ReadDir(o.upper, name)
	low, errLow := fs.ReadDir(o.lower, name)
	if errUp != nil && errLow != nil {
		return nil, errLow
	}
	seen := map[string]bool{}
	out := make([]fs.DirEntry, 0, len(up)+len(low))
	for _, e := range up {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range low {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}
