// Package parallel runs loops over index ranges on a bounded number of
// goroutines.
package parallel

import (
	"sync"
	"sync/atomic"
)

// Chunks calls f on the ranges [lo, hi) of chunk items that cover [0, n),
// from up to workers goroutines, handing the next range to whichever is
// free. f learns which goroutine runs it (w, below workers), so that each
// can keep its own scratch memory; each goroutine's ranges come in
// increasing order. Results written by item index do not depend on the
// schedule.
func Chunks(workers, n, chunk int, f func(w, lo, hi int)) {
	chunk = max(1, chunk)
	workers = min(workers, (n+chunk-1)/chunk)
	if workers <= 1 {
		for lo := 0; lo < n; lo += chunk {
			f(0, lo, min(n, lo+chunk))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				f(w, lo, min(n, lo+chunk))
			}
		})
	}
	wg.Wait()
}
