package compress

import (
	"bytes"
	"errors"
	"runtime"
	"sync"
)

// Writer hands files on to a write function and, behind them, their
// Variants, made on a pool of goroutines (one per CPU) so that whoever
// hands it files, from one goroutine or many, is not held up by the
// compression any longer than it takes for a worker to be free.
type Writer struct {
	write func(path string, data []byte) error
	slots chan struct{} // one token per compression under way
	wg    sync.WaitGroup

	mu   sync.Mutex
	errs []error
}

// NewWriter returns a Writer that writes every file, and the variants of
// the compressible ones, through write, which must be safe for concurrent
// use and may keep data only for the length of the call.
func NewWriter(write func(path string, data []byte) error) *Writer {
	return &Writer{write: write, slots: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// Write writes the file, then starts making its variants, which are
// written when they are ready; it waits only when every worker is busy.
// data may be reused once Write returns. It returns the first error of a
// variant written before, if any, so that a build stops early. Safe for
// concurrent use.
func (w *Writer) Write(path string, data []byte) error {
	if err := w.err(); err != nil {
		return err
	}
	if err := w.write(path, data); err != nil {
		return err
	}
	if len(data) < MinSize || !Compressible(path) {
		return nil
	}
	w.slots <- struct{}{}
	data = bytes.Clone(data)
	w.wg.Go(func() {
		defer func() { <-w.slots }()
		files, err := Variants(path, data)
		for _, f := range files {
			if err != nil {
				break
			}
			err = w.write(f.Path, f.Data)
		}
		if err != nil {
			w.mu.Lock()
			w.errs = append(w.errs, err)
			w.mu.Unlock()
		}
	})
	return nil
}

func (w *Writer) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.errs) > 0 {
		return w.errs[0]
	}
	return nil
}

// Wait waits for every variant under way to be written and returns their
// errors, joined.
func (w *Writer) Wait() error {
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	return errors.Join(w.errs...)
}
