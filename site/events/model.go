package events

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"briefing/site/parallel"
)

// model holds the documents' vectors and what centering needs: the
// corpus mean is mu = sum/scale, and each vector's dot product with sum.
type model struct {
	docs  []Doc
	when  []time.Time // docs[i].Date, close together
	vecs  []vec
	nfeat int       // number of shared features: ids are below it
	dotS  []float64 // vecs[i] · sum
	self  []float64 // vecs[i] · vecs[i]: 1, or 0 for an empty vector
	sumSq float64   // sum · sum
	scale float64   // len(docs) + background
	full  []float64 // squared norm of all of the doc's features, shared ones scaled to 1
}

// vec is a sparse L2-normalized vector, sorted by feature id.
type vec struct {
	ids []int32
	w   []float32
}

func (a vec) dot(b vec) float64 {
	s := 0.0
	i, j := 0, 0
	for i < len(a.ids) && j < len(b.ids) {
		switch {
		case a.ids[i] < b.ids[j]:
			i++
		case a.ids[i] > b.ids[j]:
			j++
		default:
			s += float64(a.w[i]) * float64(b.w[j])
			i++
			j++
		}
	}
	return s
}

// scatter writes a's weights into dense, a slice by feature id that is
// otherwise zero; unscatter clears them again.
func (a vec) scatter(dense []float64) {
	w := a.w[:len(a.ids)]
	for k, id := range a.ids {
		dense[id] = float64(w[k])
	}
}

func (a vec) unscatter(dense []float64) {
	for _, id := range a.ids {
		dense[id] = 0
	}
}

// gather returns a.dot(b) for the vector a scattered into dense, from
// b's k-th feature on (see gather4). It is the same sum in the same
// order, by feature id: the features b has and a lacks add zeros, which
// change nothing as no weight is negative. It reads b once without
// branching, which is what makes it faster than dot.
func (b vec) gather(dense []float64, k int, s float64) float64 {
	ids := b.ids[k:]
	w := b.w[k:len(b.ids)]
	w = w[:len(ids)]
	for x, id := range ids {
		s += dense[id] * float64(w[x])
	}
	return s
}

// gather4 is gather for four vectors at once: four independent sums keep
// the processor busy while each waits for its previous addition.
func gather4(dense []float64, a, b, c, d vec) (sa, sb, sc, sd float64) {
	n := min(len(a.ids), len(b.ids), len(c.ids), len(d.ids))
	ai, bi, ci, di := a.ids[:n], b.ids[:n], c.ids[:n], d.ids[:n]
	aw, bw, cw, dw := a.w[:n], b.w[:n], c.w[:n], d.w[:n]
	for k := range n {
		sa += dense[ai[k]] * float64(aw[k])
		sb += dense[bi[k]] * float64(bw[k])
		sc += dense[ci[k]] * float64(cw[k])
		sd += dense[di[k]] * float64(dw[k])
	}
	return a.gather(dense, n, sa), b.gather(dense, n, sb), c.gather(dense, n, sc), d.gather(dense, n, sd)
}

// gather2 and gather3 are gather4 for two and three vectors.
func gather2(dense []float64, a, b vec) (sa, sb float64) {
	n := min(len(a.ids), len(b.ids))
	ai, bi := a.ids[:n], b.ids[:n]
	aw, bw := a.w[:n], b.w[:n]
	for k := range n {
		sa += dense[ai[k]] * float64(aw[k])
		sb += dense[bi[k]] * float64(bw[k])
	}
	return a.gather(dense, n, sa), b.gather(dense, n, sb)
}

func gather3(dense []float64, a, b, c vec) (sa, sb, sc float64) {
	n := min(len(a.ids), len(b.ids), len(c.ids))
	ai, bi, ci := a.ids[:n], b.ids[:n], c.ids[:n]
	aw, bw, cw := a.w[:n], b.w[:n], c.w[:n]
	for k := range n {
		sa += dense[ai[k]] * float64(aw[k])
		sb += dense[bi[k]] * float64(bw[k])
		sc += dense[ci[k]] * float64(cw[k])
	}
	return a.gather(dense, n, sa), b.gather(dense, n, sb), c.gather(dense, n, sc)
}

// dotsWith sets out[k] to the dot product of the vector scattered into
// dense with vecs[js[k]].
func (m *model) dotsWith(dense []float64, js []int32, out []float64) {
	k := 0
	for ; k+4 <= len(js); k += 4 {
		out[k], out[k+1], out[k+2], out[k+3] = gather4(dense, m.vecs[js[k]], m.vecs[js[k+1]], m.vecs[js[k+2]], m.vecs[js[k+3]])
	}
	switch len(js) - k {
	case 3:
		out[k], out[k+1], out[k+2] = gather3(dense, m.vecs[js[k]], m.vecs[js[k+1]], m.vecs[js[k+2]])
	case 2:
		out[k], out[k+1] = gather2(dense, m.vecs[js[k]], m.vecs[js[k+1]])
	case 1:
		out[k] = m.vecs[js[k]].gather(dense, 0, 0)
	}
}

// spread runs f on ranges of [0, n) from up to workers goroutines,
// handing the next range to whichever is free, so that a CPU busy with
// other work holds up little. f learns which goroutine runs it: w, below
// workers.
func spread(workers, n int, f func(w, lo, hi int)) {
	parallel.Chunks(workers, n, max(64, n/(8*workers)), f)
}

// radixSort sorts a by the digits low bytes of its upper half, using tmp
// (as long as a) for scratch, and returns the sorted slice: a or tmp.
func radixSort(a, tmp []uint64, digits int) []uint64 {
	var count [256]int
	for d := range digits {
		shift := 32 + 8*d
		count = [256]int{}
		for _, x := range a {
			count[byte(x>>shift)]++
		}
		at := 0
		for b, c := range count {
			count[b] = at
			at += c
		}
		for _, x := range a {
			k := byte(x >> shift)
			tmp[count[k]] = x
			count[k]++
		}
		a, tmp = tmp, a
	}
	return a
}

// chunksOf splits [0, n) into ranges, one for each CPU, as parallel does.
func chunksOf(n int) [][2]int {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	chunk := (n + workers - 1) / workers
	var out [][2]int
	for lo := 0; lo < n; lo += chunk {
		out = append(out, [2]int{lo, min(n, lo+chunk)})
	}
	return out
}

// parallelChunks runs f on each range on its own CPU; f learns the
// range's index.
func parallelChunks(chunks [][2]int, f func(c, lo, hi int)) {
	if len(chunks) == 1 {
		f(0, chunks[0][0], chunks[0][1])
		return
	}
	var wg sync.WaitGroup
	for c, r := range chunks {
		wg.Go(func() { f(c, r[0], r[1]) })
	}
	wg.Wait()
}

// text is the first part of a model: the documents' features but their
// participants', each document's interned by the extractor that read it.
type text struct {
	docs  []Doc
	feats [][]xfeat    // by document: its features, by its extractor's ids
	owner []uint16     // by document: the index of its extractor in exts
	exts  []*extractor // nil for a worker that read none
}

// readText extracts the documents' features but their participants', on
// all CPUs, each worker interning features in its own tables.
func readText(docs []Doc) *text {
	return newReader().read(docs, nil)
}

// reader reads documents' text features with one extractor per worker.
// With keys, it keeps each document's features and gives them back, as
// interned by the same extractor, when a later read has the same key.
type reader struct {
	exts []*extractor
	kept map[any]keptFeats // by key
}

// keptFeats is what a reader keeps of one document.
type keptFeats struct {
	feats []xfeat
	owner uint16
}

func newReader() *reader { return &reader{} }

// read reads docs; keys is nil or names each of docs (see Reader.Read).
// Kept features are copied: model rewrites a text's features in place.
func (r *reader) read(docs []Doc, keys []any) *text {
	n := len(docs)
	if procs := runtime.GOMAXPROCS(0); len(r.exts) < procs {
		r.exts = append(r.exts, make([]*extractor, procs-len(r.exts))...)
	}
	t := &text{docs: docs, feats: make([][]xfeat, n), owner: make([]uint16, n), exts: r.exts}
	fresh := make([]bool, n)              // read now rather than kept
	slabs := make([][]xfeat, len(t.exts)) // by worker: where it stores features
	parallel.Chunks(len(t.exts), n, 32, func(w, lo, hi int) {
		x := t.exts[w]
		slab := slabs[w]
		for i := lo; i < hi; i++ {
			kept, ok := keptFeats{}, false
			if keys != nil {
				kept, ok = r.kept[keys[i]]
			}
			out := kept.feats
			if ok {
				t.owner[i] = kept.owner
			} else {
				if x == nil {
					x = newExtractor()
					t.exts[w] = x
				}
				x.read(&docs[i])
				x.collect()
				out = x.out
				t.owner[i] = uint16(w)
				fresh[i] = true
			}
			if cap(slab)-len(slab) < len(out) {
				slab = make([]xfeat, 0, max(1<<14, len(out)))
			}
			k := len(slab)
			slab = append(slab, out...)
			t.feats[i] = slab[k:len(slab):len(slab)]
		}
		slabs[w] = slab
	})
	if keys != nil {
		kept := make(map[any]keptFeats, n)
		for i, key := range keys {
			if !fresh[i] {
				kept[key] = r.kept[key]
			} else {
				kept[key] = keptFeats{slices.Clone(t.feats[i]), t.owner[i]}
			}
		}
		r.kept = kept
	}
	return t
}

// newModel extracts the documents' features and builds their vectors.
func newModel(docs []Doc) *model {
	return readText(docs).model(participantsOf(docs))
}

// participantsOf returns the Participants of each of docs.
func participantsOf(docs []Doc) [][]string {
	ps := make([][]string, len(docs))
	for i := range docs {
		ps[i] = docs[i].Participants
	}
	return ps
}

// model adds participants[i], the participant keys of document i, to its
// features and builds the vectors.
//
// Feature ids follow the order in which the documents, in input order,
// first hold each feature, features of one document by name; only
// features shared by two or more documents (see minDF) get one. Vectors
// are summed in that order, so the order is part of the result.
func (tx *text) model(participants [][]string) *model {
	docs, feats, owner, exts := tx.docs, tx.feats, tx.owner, tx.exts
	n := len(docs)
	// Participant features, interned by the document's extractor (each
	// extractor on its own goroutine) and counted once however often a
	// document names them.
	pfeats := make([][]xfeat, n)
	if participants != nil {
		parallel.Chunks(len(exts), len(exts), 1, func(_, w, _ int) {
			x := exts[w]
			if x == nil {
				return
			}
			var slab []xfeat
			for i, ps := range participants {
				if int(owner[i]) != w {
					continue
				}
				k := len(slab)
				for _, p := range ps {
					if p == "" {
						continue
					}
					f := x.participantFeature(p)
					if !slices.ContainsFunc(slab[k:], func(g xfeat) bool { return g.id == f }) {
						slab = append(slab, xfeat{f, 1})
					}
				}
				pfeats[i] = slab[k:len(slab):len(slab)]
			}
		})
	}

	// One id per feature name across workers, in first-seen order for now.
	dict := make(map[string]int32)
	var keys []string
	local := make([][]int32, len(exts))
	for w, x := range exts {
		if x == nil {
			continue
		}
		local[w] = make([]int32, len(x.keys))
		for f, key := range x.keys {
			id, ok := dict[key]
			if !ok {
				id = int32(len(keys))
				dict[key] = id
				keys = append(keys, key)
			}
			local[w][f] = id
		}
	}
	u := len(keys)

	// Document frequencies and the first document of each feature, by
	// range of documents.
	chunks := chunksOf(n)
	type tally struct{ df, first []int32 }
	tallies := make([]tally, len(chunks))
	parallelChunks(chunks, func(c, lo, hi int) {
		t := tally{make([]int32, u), make([]int32, u)}
		for k := range t.first {
			t.first[k] = math.MaxInt32
		}
		for i := lo; i < hi; i++ {
			l := local[owner[i]]
			for _, fs := range [2][]xfeat{feats[i], pfeats[i]} {
				for k, f := range fs {
					id := l[f.id]
					fs[k].id = id
					t.df[id]++
					if t.first[id] == math.MaxInt32 {
						t.first[id] = int32(i)
					}
				}
			}
		}
		tallies[c] = t
	})
	df := make([]int32, u)
	first := make([]int32, u)
	copy(first, tallies[0].first)
	for _, t := range tallies {
		for k := range df {
			df[k] += t.df[k]
			first[k] = min(first[k], t.first[k])
		}
	}

	// Shared features in order of first document, then name.
	var shared []int32
	for id, d := range df {
		if d >= minDF {
			shared = append(shared, int32(id))
		}
	}
	slices.SortFunc(shared, func(a, b int32) int {
		return cmp.Or(cmp.Compare(first[a], first[b]), strings.Compare(keys[a], keys[b]))
	})
	ids := make([]int32, u) // by first-seen id: shared id, or -1
	for k := range ids {
		ids[k] = -1
	}
	for k, f := range shared {
		ids[f] = int32(k)
	}
	// idf = ln((N+1)/df): a feature in every article weighs ln(1+1/N), a
	// feature of one article ln(N+1).
	idf := make([]float64, u)
	for f, d := range df {
		idf[f] = math.Log(float64(n+1)/float64(d)) * channelWeight(keys[f])
	}

	idfShared := make([]float64, len(shared))
	for id, f := range shared {
		idfShared[id] = idf[f]
	}

	m := &model{docs: docs, when: make([]time.Time, n), vecs: make([]vec, n), nfeat: len(shared), full: make([]float64, n)}
	digits := 1 // bytes of the largest shared id
	for len(shared)>>(8*digits) > 0 {
		digits++
	}
	type vecWork struct {
		order, tmp []uint64
		ws         []float64
		single     []xfeat
		ids        []int32 // where vectors are cut from
		w          []float32
	}
	works := make([]vecWork, runtime.GOMAXPROCS(0))
	spread(len(works), n, func(wk, lo, hi int) {
		vw := &works[wk]
		order, tmp, ws, single := vw.order, vw.tmp, vw.ws, vw.single
		for i := lo; i < hi; i++ {
			m.when[i] = docs[i].Date
			order, single = order[:0], single[:0]
			for _, fs := range [2][]xfeat{feats[i], pfeats[i]} {
				for _, f := range fs {
					if id := ids[f.id]; id >= 0 {
						order = append(order, uint64(id)<<32|uint64(f.count))
					} else {
						single = append(single, f) // see minDF
					}
				}
			}
			tmp = slices.Grow(tmp[:0], len(order))[:len(order)]
			sorted := radixSort(order, tmp, digits)
			if len(vw.ids) < len(sorted) {
				vw.ids, vw.w = make([]int32, max(1<<14, len(sorted))), make([]float32, max(1<<14, len(sorted)))
			}
			v := vec{ids: vw.ids[:len(sorted):len(sorted)], w: vw.w[:len(sorted):len(sorted)]}
			vw.ids, vw.w = vw.ids[len(sorted):], vw.w[len(sorted):]
			ws = slices.Grow(ws[:0], len(sorted))[:len(sorted)]
			norm := 0.0
			for k, o := range sorted {
				v.ids[k] = int32(o >> 32)
				w := weight(uint32(o)) * idfShared[v.ids[k]]
				ws[k] = w
				norm += w * w
			}
			// The plain norm adds the features of this document alone, by name.
			all := norm
			feats[i] = nil // done with: let the memory go as soon as its slab's docs are all done
			slices.SortFunc(single, func(a, b xfeat) int { return strings.Compare(keys[a.id], keys[b.id]) })
			for _, f := range single {
				w := weight(f.count) * idf[f.id]
				all += w * w
			}
			if norm > 0 {
				m.full[i] = all / norm
			}
			norm = math.Sqrt(norm)
			for k, w := range ws {
				v.w[k] = float32(w / norm)
			}
			m.vecs[i] = v
		}
		vw.order, vw.tmp, vw.ws, vw.single = order, tmp, ws, single
	})
	sum := make([]float64, len(shared))
	for _, v := range m.vecs {
		for k, id := range v.ids {
			sum[id] += float64(v.w[k])
		}
	}
	for _, x := range sum {
		m.sumSq += x * x
	}
	m.dotS = make([]float64, n)
	m.self = make([]float64, n)
	spread(len(works), n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			v := m.vecs[i]
			dotS, self := 0.0, 0.0
			for k, id := range v.ids {
				w := float64(v.w[k])
				dotS += w * sum[id]
				self += w * w
			}
			m.dotS[i], m.self[i] = dotS, self
		}
	})
	m.scale = float64(n + background)
	return m
}

func channelWeight(key string) float64 {
	switch key[:2] {
	case nsName:
		return nameWeight
	case nsParticipant:
		return participantWeight
	case nsDay, nsWeekday:
		return dateWeight
	}
	return wordWeight
}

// tooFar reports whether docs i and j are both dated more than MaxGap apart.
func (m *model) tooFar(i, j int) bool {
	a, b := m.when[i], m.when[j]
	if a.IsZero() || b.IsZero() {
		return false
	}
	d := a.Sub(b)
	return d > MaxGap || d < -MaxGap
}

// sim is the similarity of docs i and j: the cosine of their shared
// features after subtracting the (shrunk) corpus mean, so that what every
// article shares does not make two alike. It is zero when both are dated
// too far apart or one shares nothing with any article, and at most zero
// when the two overlap less than MinOverlap outright.
func (m *model) sim(i, j int) float64 {
	if m.tooFar(i, j) || m.self[i] == 0 || m.self[j] == 0 {
		return 0
	}
	return m.simDot(i, j, m.vecs[i].dot(m.vecs[j]))
}

// simDot is sim given the dot product of the two vectors.
func (m *model) simDot(i, j int, dot float64) float64 {
	if m.tooFar(i, j) || m.self[i] == 0 || m.self[j] == 0 {
		return 0
	}
	ci, cj, q := m.dotS[i]/m.scale, m.dotS[j]/m.scale, m.sumSq/(m.scale*m.scale)
	ni, nj := m.self[i]-2*ci+q, m.self[j]-2*cj+q
	if ni <= 0 || nj <= 0 {
		return 0
	}
	s := (dot - ci - cj + q) / math.Sqrt(ni*nj)
	if m.plain(i, j, dot) < MinOverlap {
		s = min(s, 0)
	}
	return s
}

// plain is the cosine of docs i and j over all their features, given the
// dot product of their shared ones.
func (m *model) plain(i, j int, dot float64) float64 {
	return dot / math.Sqrt(m.full[i]*m.full[j])
}
