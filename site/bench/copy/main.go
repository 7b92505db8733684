//go:build unix

// Command copy is the benchmark's second floor: the cost of putting
// briefing's own output on disk, without making any of it.
//
//	copy --source DIR --destination DIR
//
// It copies every regular file under the source (a site that briefing
// built) to the same path under the destination, making folders as they
// are needed: the same folders, files and bytes that a build writes, read
// from the page cache instead of being made. The files are shared out to
// GOMAXPROCS workers, as briefing shares out its pages, and each is
// written as briefing writes a page: open, one write, close.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"briefing/site/output"
	"briefing/site/parallel"
)

func main() {
	source := flag.String("source", "", "`folder` to copy: a built site")
	dest := flag.String("destination", "", "`folder` to copy it to, created if needed")
	flag.Parse()
	if *source == "" || *dest == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*source, *dest); err != nil {
		fmt.Fprintln(os.Stderr, "copy:", err)
		os.Exit(1)
	}
}

// run lists the files under source, then copies them on a pool of
// workers.
func run(source, dest string) error {
	var files []string // relative to source
	err := filepath.WalkDir(source, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(source, path)
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	bufs := make([][]byte, workers)
	errs := make([]error, workers) // each worker's first
	var failed atomic.Bool
	parallel.Chunks(workers, len(files), 1, func(w, lo, _ int) {
		if failed.Load() {
			return
		}
		var err error
		if bufs[w], err = copyFile(filepath.Join(source, files[lo]), filepath.Join(dest, files[lo]), bufs[w]); err != nil {
			errs[w] = err
			failed.Store(true)
		}
	})
	return errors.Join(errs...)
}

// copyFile writes the bytes of the file from to the file to, making to's
// folder first if it is missing. It reads into buf, grown as needed, and
// returns it for the next file.
func copyFile(from, to string, buf []byte) ([]byte, error) {
	data, err := readFile(from, buf)
	if err != nil {
		return data, err
	}
	err = output.WriteFile(to, data)
	if errors.Is(err, fs.ErrNotExist) {
		dir := filepath.Dir(to)
		if err := unix.Mkdir(dir, 0o755); err != nil && err != unix.EEXIST {
			if err := os.MkdirAll(dir, 0o755); err != nil { // its parent is missing too
				return data, err
			}
		}
		err = output.WriteFile(to, data)
	}
	return data, err
}

// readFile reads the file at path into buf's memory: open, fstat, read
// as many bytes as fstat gave, close. The file must not change meanwhile.
func readFile(path string, buf []byte) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return buf, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return buf, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	size := int(st.Size)
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	for done := 0; done < size; {
		n, err := unix.Read(fd, buf[done:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return buf, &os.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return buf, &os.PathError{Op: "read", Path: path, Err: errors.New("file shrank while read")}
		}
		done += n
	}
	return buf, nil
}
