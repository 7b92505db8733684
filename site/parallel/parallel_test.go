package parallel

import (
	"sync"
	"testing"
)

// TestChunks checks that every item is visited once, in ranges of the
// chunk size, by workers numbered below the limit, each in increasing order.
func TestChunks(t *testing.T) {
	for _, tc := range []struct{ workers, n, chunk int }{{1, 10, 3}, {4, 1000, 7}, {8, 5, 64}, {3, 0, 4}, {2, 9, 0}} {
		seen := make([]int, tc.n)
		last := make([]int, max(1, tc.workers))
		for i := range last {
			last[i] = -1
		}
		var mu sync.Mutex
		Chunks(tc.workers, tc.n, tc.chunk, func(w, lo, hi int) {
			mu.Lock()
			defer mu.Unlock()
			if w < 0 || w >= max(1, tc.workers) {
				t.Errorf("%+v: worker %d", tc, w)
				return
			}
			if lo <= last[w] || hi-lo > max(1, tc.chunk) || hi <= lo {
				t.Errorf("%+v: worker %d got [%d,%d) after %d", tc, w, lo, hi, last[w])
			}
			last[w] = lo
			for i := lo; i < hi; i++ {
				seen[i]++
			}
		})
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("%+v: item %d visited %d times", tc, i, c)
			}
		}
	}
}
