package index

import (
	"sync"
	"sync/atomic"
)

// parallel calls f on the ranges [lo, hi) of chunk items that cover
// [0, n), from up to workers goroutines, handing the next range to
// whichever is free. f learns which goroutine runs it (w, below workers),
// so that each can keep its own scratch memory. Results written by item
// index do not depend on the schedule.
func parallel(workers, n, chunk int, f func(w, lo, hi int)) {
	workers = min(workers, (n+chunk-1)/chunk)
	if workers <= 1 {
		if n > 0 {
			f(0, 0, n)
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
