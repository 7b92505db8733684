package events

import (
	"cmp"
	"runtime"
	"slices"
	"sort"

	"briefing/site/topk"
)

// posting is one doc's entry in a feature's inverted list.
type posting struct {
	doc int32
	w   float32
}

// edge is a candidate pair with its similarity.
type edge struct {
	a, b int32 // a < b
	sim  float64
}

// heavier orders postings by weight, heaviest first, then by doc (or
// feature) index.
func heavier(a, b posting) bool {
	return a.w > b.w || (a.w == b.w && a.doc < b.doc)
}

// candidates returns the candidate pairs with their exact similarity,
// sorted by (a, b).
func (m *model) candidates() []edge {
	n := len(m.docs)
	procs := runtime.GOMAXPROCS(0)
	// Index each doc's heaviest features (all of them shared by some
	// other doc, see minDF).
	top := make([]posting, n*indexTerms) // posting.doc holds the feature id here
	ntop := make([]int32, n)
	spread(procs, n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			ntop[i] = int32(len(heaviestTerms(m.vecs[i], top[i*indexTerms:i*indexTerms])))
		}
	})
	tops := func(i int) []posting { return top[i*indexTerms : i*indexTerms+int(ntop[i])] }

	// Each feature's postings: dated docs by date, then undated docs by weight.
	start := make([]int32, m.nfeat+1)
	for i := range n {
		for _, t := range tops(i) {
			start[t.doc+1]++
		}
	}
	for f := range m.nfeat {
		start[f+1] += start[f]
	}
	postings := make([]posting, start[m.nfeat])
	fill := slices.Clone(start[:m.nfeat])
	for i := range n {
		for _, t := range tops(i) {
			postings[fill[t.doc]] = posting{int32(i), t.w}
			fill[t.doc]++
		}
	}
	list := func(f int32) []posting { return postings[start[f]:start[f+1]] }
	datedN := fill                         // reused: the number of dated postings of each feature
	datedTop := make([][]posting, m.nfeat) // the heaviest dated postings, for undated docs
	spread(procs, m.nfeat, func(_, lo, hi int) {
		for f := int32(lo); f < int32(hi); f++ {
			l := list(f)
			slices.SortFunc(l, m.comparePosting)
			k := 0
			for k < len(l) && !m.when[l[k].doc].IsZero() {
				k++
			}
			datedN[f] = int32(k)
			datedTop[f] = heaviest(l[:k], postingCap)
		}
	})

	// Each doc's candidates: the docs with the most weight in its postings.
	cands := make([]int32, n*maxCandidates)
	ncands := make([]int32, n)
	type searchWork struct {
		acc     []float64 // by doc: its weight so far, 0 for none
		touched []int32   // the docs with weight
	}
	searches := make([]searchWork, procs)
	spread(procs, n, func(wk, lo, hi int) {
		sw := &searches[wk]
		if sw.acc == nil {
			sw.acc = make([]float64, n)
		}
		acc := sw.acc
		add := func(i int, wi float32, ps []posting) {
			w := float64(wi)
			for _, p := range ps {
				j := p.doc
				a := acc[j]
				if a == 0 && int(j) != i {
					sw.touched = append(sw.touched, j)
				}
				acc[j] = a + w*float64(p.w)
			}
		}
		for i := lo; i < hi; i++ {
			d := m.when[i]
			for _, t := range tops(i) {
				l := list(t.doc)
				dated, undated := l[:datedN[t.doc]], l[datedN[t.doc]:]
				if d.IsZero() {
					// Undated: all docs qualify; read the heaviest.
					nu := min(len(undated), postingCap/2)
					nd := min(len(dated), postingCap-nu)
					nu = min(len(undated), postingCap-nd)
					add(i, t.w, undated[:nu])
					add(i, t.w, datedTop[t.doc][:nd])
					continue
				}
				// Dated: the docs nearest in date within MaxGap, then undated.
				from := sort.Search(len(dated), func(k int) bool { return !m.when[dated[k].doc].Before(d.Add(-MaxGap)) })
				to := sort.Search(len(dated), func(k int) bool { return m.when[dated[k].doc].After(d.Add(MaxGap)) })
				if to-from > postingCap {
					at := sort.Search(len(dated), func(k int) bool { return m.comparePosting(dated[k], posting{int32(i), 0}) >= 0 })
					from = max(from, min(at-postingCap/2, to-postingCap))
					to = from + postingCap
				}
				add(i, t.w, dated[from:to])
				add(i, t.w, undated[:min(len(undated), postingCap/4)])
			}
			acc[i] = 0 // a doc's own postings do not count
			ncands[i] = int32(best(sw.touched, acc, cands[i*maxCandidates:(i+1)*maxCandidates]))
			for _, j := range sw.touched {
				acc[j] = 0
			}
			sw.touched = sw.touched[:0]
		}
	})

	// The pairs (a, b), a < b, grouped by a.
	from := make([]int32, n+1)
	for i := range n {
		for _, j := range cands[i*maxCandidates : i*maxCandidates+int(ncands[i])] {
			from[min(int32(i), j)+1]++
		}
	}
	for i := range n {
		from[i+1] += from[i]
	}
	others := make([]int32, from[n])
	at := slices.Clone(from[:n])
	for i := range n {
		for _, j := range cands[i*maxCandidates : i*maxCandidates+int(ncands[i])] {
			a, b := min(int32(i), j), max(int32(i), j)
			others[at[a]] = b
			at[a]++
		}
	}
	// Sort and deduplicate each group, then compute the similarities,
	// each doc a against all its b at once.
	counts := make([]int32, n)
	spread(procs, n, func(_, lo, hi int) {
		for a := lo; a < hi; a++ {
			bs := others[from[a]:from[a+1]]
			slices.Sort(bs)
			counts[a] = int32(len(slices.Compact(bs)))
		}
	})
	offset := make([]int, n+1)
	for a := range n {
		offset[a+1] = offset[a] + int(counts[a])
	}
	edges := make([]edge, offset[n])
	works := make([]dotWork, procs)
	spread(procs, n, func(wk, lo, hi int) {
		dw := &works[wk]
		if dw.dense == nil {
			dw.dense = make([]float64, m.nfeat)
		}
		for a := lo; a < hi; a++ {
			bs := others[from[a] : from[a]+counts[a]]
			if len(bs) == 0 {
				continue
			}
			dw.dots = slices.Grow(dw.dots[:0], len(bs))[:len(bs)]
			v := m.vecs[a]
			v.scatter(dw.dense)
			m.dotsWith(dw.dense, bs, dw.dots)
			v.unscatter(dw.dense)
			for k, b := range bs {
				edges[offset[a]+k] = edge{int32(a), b, m.simDot(a, int(b), dw.dots[k])}
			}
		}
	})
	return edges
}

// heaviestTerms appends to t, which has room for indexTerms, the
// heaviest features of v (see heavier), the heaviest first, and returns it.
func heaviestTerms(v vec, t []posting) []posting {
	w := v.w[:len(v.ids)]
	for k, id := range v.ids {
		t = topk.Insert(t, indexTerms, posting{id, w[k]}, heavier)
	}
	return t
}

// best puts in c the docs of touched with the most weight in acc (then
// the first), the heaviest first, and returns how many: at most len(c).
func best(touched []int32, acc []float64, c []int32) int {
	n := 0
	for _, j := range touched {
		aj := acc[j]
		if n == len(c) {
			last := c[n-1]
			if aj < acc[last] || (aj == acc[last] && j > last) {
				continue
			}
		} else {
			n++
		}
		x := n - 1
		for x > 0 {
			p := c[x-1]
			if aj < acc[p] || (aj == acc[p] && j > p) {
				break
			}
			c[x] = p
			x--
		}
		c[x] = j
	}
	return n
}

// comparePosting orders dated docs by date, then undated docs by weight,
// heaviest first; doc index breaks ties.
func (m *model) comparePosting(a, b posting) int {
	da, db := m.when[a.doc], m.when[b.doc]
	switch {
	case !da.IsZero() && db.IsZero():
		return -1
	case da.IsZero() && !db.IsZero():
		return 1
	case !da.IsZero():
		if c := da.Compare(db); c != 0 {
			return c
		}
	default:
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.doc, b.doc)
}

// heaviest returns the k postings of ps with the largest weight.
func heaviest(ps []posting, k int) []posting {
	if k >= len(ps) {
		return ps
	}
	c := slices.Clone(ps)
	slices.SortFunc(c, func(a, b posting) int {
		if x := cmp.Compare(b.w, a.w); x != 0 {
			return x
		}
		return cmp.Compare(a.doc, b.doc)
	})
	return c[:k]
}
