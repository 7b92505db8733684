// Package topk keeps the best few of a stream of values without sorting
// them all: for lists where only the first handful is shown.
package topk

// Insert adds x to top, which holds at most limit values, best first by
// better, and returns top. Values that tie keep their order of arrival.
// When top is full and x is not better than its last value, top is
// returned as it was.
func Insert[T any](top []T, limit int, x T, better func(a, b T) bool) []T {
	if limit <= 0 || len(top) >= limit && !better(x, top[limit-1]) {
		return top
	}
	if len(top) < limit {
		top = append(top, x)
	}
	k := len(top) - 1
	for k > 0 && better(x, top[k-1]) {
		top[k] = top[k-1]
		k--
	}
	top[k] = x
	return top
}
