package topk

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestInsertMatchesStableSort checks Insert against sorting everything
// and keeping the first limit, ties included.
func TestInsertMatchesStableSort(t *testing.T) {
	type item struct{ score, arrival int }
	better := func(a, b item) bool { return a.score > b.score }
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n, limit := rng.IntN(40), rng.IntN(8)
		var all, top []item
		for i := range n {
			x := item{rng.IntN(6), i}
			all = append(all, x)
			top = Insert(top, limit, x, better)
		}
		slices.SortStableFunc(all, func(a, b item) int { return b.score - a.score })
		want := all[:min(limit, len(all))]
		if !slices.Equal(top, want) {
			t.Fatalf("trial %d (limit %d): got %v, want %v", trial, limit, top, want)
		}
	}
}
