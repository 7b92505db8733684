package events

import (
	"slices"
	"time"
)

// link sums the similarities known between two clusters x < y. It is
// exact, every pair of the two clusters summed, when n is the product of
// their sizes: a link only ever sums distinct pairs.
type link struct {
	sum  float64
	n    int32 // pairs summed: candidate pairs, or at most exactLimit
	x, y int32 // the clusters it joins; x is -1 once the link is gone
	at   int32 // its place in the queue; outOfQueue or turnedDown when out of it
}

// Places of a link out of the queue.
const (
	outOfQueue = -1
	turnedDown = -2 // popped and turned down: out of the queue until x or y merges
)

func (l *link) mean() float64 { return l.sum / float64(l.n) }

func (l *link) dead() bool { return l.at == turnedDown }

// exactLimit bounds the pairs compared exactly when two clusters meet;
// larger meetings use the candidate pairs alone.
const exactLimit = 256

// clusters is the state of average-link clustering. A cluster is named by
// its smallest doc index.
//
// Clusters merge in order of the mean similarity of their link, highest
// first, then by (x, y). The queue holds the links whose mean reaches the
// threshold, unless turned down (their exact mean fell short, or the two
// clusters would span too long) since either of their clusters last
// merged: a merge puts all the merged cluster's links back in.
type clusters struct {
	size  []int32   // by cluster: its number of docs, 0 once merged away
	next  []int32   // by doc: the next doc of its cluster, -1 for the last
	head  []int32   // by cluster: its first doc in next's order
	tail  []int32   // by cluster: its last doc
	links []link    // every link, by index
	adj   [][]int32 // by cluster: its links, and some gone
	dead  [][]int32 // by cluster: links turned down since it last merged
	pairs pairTable // (x, y) -> link, for live clusters x < y
	first []time.Time
	last  []time.Time // earliest and latest publication date, zero if none dated
	q     []entry     // the queue: a binary heap of links, see before
	th    float64

	// Clusters small enough to be compared on all their pairs keep their
	// members in order.
	sorted [][]int32 // by cluster: its docs, ascending, while at most exactLimit; else nil
	slab   []int32   // where sorted's slices are cut from
	nbs    []int32   // merge's scratch: the cluster across each of b's links
}

// members appends the docs of cluster x to ms, in ascending order.
func (c *clusters) members(x int32, ms []int32) []int32 {
	for i := c.head[x]; i >= 0; i = c.next[i] {
		ms = append(ms, i)
	}
	slices.Sort(ms)
	return ms
}

func (c *clusters) exact(l *link) bool {
	return int(l.n) == int(c.size[l.x])*int(c.size[l.y])
}

func (m *model) cluster(edges []edge, th float64) *clusters {
	n := len(m.docs)
	c := &clusters{
		size:   make([]int32, n),
		next:   make([]int32, n),
		head:   make([]int32, n),
		tail:   make([]int32, n),
		links:  make([]link, len(edges)),
		adj:    make([][]int32, n),
		dead:   make([][]int32, n),
		first:  make([]time.Time, n),
		last:   make([]time.Time, n),
		th:     th,
		sorted: make([][]int32, n),
	}
	self := make([]int32, n)
	for i := range n {
		c.size[i], c.next[i], c.head[i], c.tail[i] = 1, -1, int32(i), int32(i)
		c.first[i], c.last[i] = m.when[i], m.when[i]
		self[i] = int32(i)
		c.sorted[i] = self[i : i+1 : i+1]
	}
	deg := make([]int32, n)
	queued := 0
	for _, e := range edges {
		deg[e.a]++
		deg[e.b]++
		if e.sim >= th {
			queued++
		}
	}
	slab := make([]int32, 2*len(edges))
	for i, d := range deg {
		c.adj[i], slab = slab[:0:d], slab[d:]
	}
	c.q = make([]entry, 0, queued)
	for k, e := range edges {
		c.links[k] = link{sum: e.sim, n: 1, x: e.a, y: e.b, at: outOfQueue}
		c.adj[e.a] = append(c.adj[e.a], int32(k))
		c.adj[e.b] = append(c.adj[e.b], int32(k))
		if e.sim >= th {
			c.links[k].at = int32(len(c.q))
			c.q = append(c.q, entry{e.sim, e.a, e.b, int32(k)})
		}
	}
	c.pairs.init(c.links)
	for i := len(c.q)/2 - 1; i >= 0; i-- {
		c.down(i)
	}
	var work dotWork
	for len(c.q) > 0 {
		r := c.pop()
		l := &c.links[r]
		a, b := l.x, l.y
		if !c.exact(l) && int(c.size[a])*int(c.size[b]) <= exactLimit {
			popped := l.mean()
			l.sum, l.n = m.linkSum(c.sorted[a], c.sorted[b], &work), c.size[a]*c.size[b]
			if mean := l.mean(); mean < popped {
				if mean >= th {
					c.push(r)
				} else {
					c.drop(r)
				}
				continue
			}
		}
		if !c.fits(a, b) {
			c.drop(r)
			continue
		}
		c.merge(a, b)
	}
	return c
}

// linkSum sums the similarities of the pairs of as and bs, both
// ascending, in order: for each of as, each of bs.
func (m *model) linkSum(as, bs []int32, w *dotWork) float64 {
	w.dots = slices.Grow(w.dots[:0], len(as)*len(bs))[:len(as)*len(bs)]
	m.pairDots(as, bs, w.dots, w)
	sum := 0.0
	for x, i := range as {
		for y, j := range bs {
			sum += m.simDot(int(i), int(j), w.dots[x*len(bs)+y])
		}
	}
	return sum
}

// dotWork is a worker's memory for pairDots and linkSum.
type dotWork struct{ dense, col, dots []float64 }

// pairDots sets dots[x*len(bs)+y] to the dot product of the vectors of
// as[x] and bs[y]: it spreads out each vector of the shorter list and
// reads the others.
func (m *model) pairDots(as, bs []int32, dots []float64, w *dotWork) {
	if w.dense == nil {
		w.dense = make([]float64, m.nfeat)
	}
	if len(as) <= len(bs) {
		for x, i := range as {
			m.vecs[i].scatter(w.dense)
			m.dotsWith(w.dense, bs, dots[x*len(bs):(x+1)*len(bs)])
			m.vecs[i].unscatter(w.dense)
		}
		return
	}
	w.col = slices.Grow(w.col[:0], len(as))[:len(as)]
	for y, j := range bs {
		m.vecs[j].scatter(w.dense)
		m.dotsWith(w.dense, as, w.col)
		m.vecs[j].unscatter(w.dense)
		for x, d := range w.col {
			dots[x*len(bs)+y] = d
		}
	}
}

// drop turns link r down until one of its clusters merges.
func (c *clusters) drop(r int32) {
	l := &c.links[r]
	l.at = turnedDown
	c.dead[l.x] = append(c.dead[l.x], r)
	c.dead[l.y] = append(c.dead[l.y], r)
}

// requeue puts link r, changed or turned down, back in the queue if its
// mean reaches the threshold, and takes it out otherwise.
func (c *clusters) requeue(r int32) {
	l := &c.links[r]
	if l.dead() {
		l.at = outOfQueue
	}
	switch {
	case l.mean() < c.th:
		c.remove(r)
	case l.at >= 0:
		c.update(r)
	default:
		c.push(r)
	}
}

// fits reports whether clusters a and b together span at most MaxGap.
func (c *clusters) fits(a, b int32) bool {
	first, last := c.first[a], c.last[a]
	if first.IsZero() {
		first, last = c.first[b], c.last[b]
	} else if !c.first[b].IsZero() {
		if c.first[b].Before(first) {
			first = c.first[b]
		}
		if c.last[b].After(last) {
			last = c.last[b]
		}
	}
	return first.IsZero() || last.Sub(first) <= MaxGap
}

// merge joins cluster b into cluster a < b: b's links to a's neighbours
// add to a's, its other links become a's, and a's links are all queued
// again.
func (c *clusters) merge(a, b int32) {
	if c.first[a].IsZero() || (!c.first[b].IsZero() && c.first[b].Before(c.first[a])) {
		c.first[a] = c.first[b]
	}
	if c.last[b].After(c.last[a]) {
		c.last[a] = c.last[b]
	}
	c.next[c.tail[a]] = c.head[b]
	c.tail[a] = c.tail[b]
	c.size[a] += c.size[b]
	c.size[b] = 0
	c.sorted[a] = c.union(c.sorted[a], c.sorted[b])
	c.sorted[b] = nil
	// Read all of b's links, then look at their slots in the pair table,
	// before changing anything: the loads do not wait for each other.
	adj := c.adj[b]
	nbs := slices.Grow(c.nbs[:0], len(adj))[:len(adj)]
	for k, r := range adj {
		l := &c.links[r]
		nb := l.x
		if nb == b {
			nb = l.y
		}
		if l.x < 0 || nb == a {
			nb = -1
		}
		nbs[k] = nb
	}
	for _, nb := range nbs {
		if nb >= 0 {
			c.pairs.touch(min(a, nb), max(a, nb))
		}
	}
	c.nbs = nbs
	for k, r := range adj {
		l := &c.links[r]
		nb := nbs[k]
		if nb < 0 {
			if l.x >= 0 {
				l.x = -1 // the link just merged
			}
			continue
		}
		if r2 := c.pairs.get(min(a, nb), max(a, nb)); r2 >= 0 {
			l2 := &c.links[r2]
			l2.sum += l.sum
			l2.n += l.n
			l.x = -1
			c.remove(r)
			c.requeue(r2)
			continue
		}
		l.x, l.y = min(a, nb), max(a, nb)
		c.pairs.put(l.x, l.y, r)
		c.adj[a] = append(c.adj[a], r)
		c.requeue(r)
	}
	c.adj[b] = nil
	for _, x := range [2]int32{a, b} {
		for _, r := range c.dead[x] {
			if l := &c.links[r]; l.x >= 0 && l.dead() {
				c.requeue(r)
			}
		}
		c.dead[x] = nil
	}
}

// union returns the docs of as and bs, both ascending, in a new
// ascending slice, or nil when there are more than exactLimit or either
// is nil.
func (c *clusters) union(as, bs []int32) []int32 {
	n := len(as) + len(bs)
	if as == nil || bs == nil || n > exactLimit {
		return nil
	}
	if len(c.slab) < n {
		c.slab = make([]int32, 1<<14)
	}
	out := c.slab[:0:n]
	c.slab = c.slab[n:]
	i, j := 0, 0
	for i < len(as) && j < len(bs) {
		if as[i] < bs[j] {
			out = append(out, as[i])
			i++
		} else {
			out = append(out, bs[j])
			j++
		}
	}
	out = append(out, as[i:]...)
	return append(out, bs[j:]...)
}

// The queue is a binary heap of links that pops the highest mean first,
// then the smallest (x, y). Its entries copy what orders them, so that
// sifting reads the heap alone.
type entry struct {
	mean float64
	x, y int32
	link int32
}

func (e *entry) before(f *entry) bool {
	if e.mean != f.mean {
		return e.mean > f.mean
	}
	if e.x != f.x {
		return e.x < f.x
	}
	return e.y < f.y
}

func (c *clusters) push(r int32) {
	l := &c.links[r]
	l.at = int32(len(c.q))
	c.q = append(c.q, entry{l.mean(), l.x, l.y, r})
	c.up(len(c.q) - 1)
}

func (c *clusters) pop() int32 {
	r := c.q[0].link
	c.remove(r)
	return r
}

// remove takes link r out of the queue, if it is in.
func (c *clusters) remove(r int32) {
	i := int(c.links[r].at)
	if i < 0 {
		return
	}
	c.links[r].at = outOfQueue
	last := len(c.q) - 1
	if i != last {
		c.q[i] = c.q[last]
		c.links[c.q[i].link].at = int32(i)
	}
	c.q = c.q[:last]
	if i != last {
		c.fix(i)
	}
}

// update refreshes the queue entry of link r, which is in the queue.
func (c *clusters) update(r int32) {
	l := &c.links[r]
	i := int(l.at)
	c.q[i] = entry{l.mean(), l.x, l.y, r}
	c.fix(i)
}

func (c *clusters) fix(i int) {
	if !c.up(i) {
		c.down(i)
	}
}

func (c *clusters) up(i int) bool {
	q, moved := c.q, false
	e := q[i]
	for i > 0 {
		p := (i - 1) / 2
		if !e.before(&q[p]) {
			break
		}
		q[i] = q[p]
		c.links[q[i].link].at = int32(i)
		i, moved = p, true
	}
	q[i] = e
	c.links[e.link].at = int32(i)
	return moved
}

func (c *clusters) down(i int) {
	q := c.q
	e := q[i]
	for {
		l := 2*i + 1
		if l >= len(q) {
			break
		}
		j := l
		if r := l + 1; r < len(q) && q[r].before(&q[l]) {
			j = r
		}
		if !q[j].before(&e) {
			break
		}
		q[i] = q[j]
		c.links[q[i].link].at = int32(i)
		i = j
	}
	q[i] = e
	c.links[e.link].at = int32(i)
}

// pairTable maps pairs of clusters to their link: open addressing with
// linear probing. A slot holds a link and its pair's hash; a look-up
// whose hash matches checks the link's clusters. A pair whose link has
// moved on is left in, as nobody asks for it, until the table is half
// full; then it is filled again with the live links.
type pairTable struct {
	slots []uint64 // hash<<32 | link+1; 0 for an empty slot
	links []link
	full  int      // slots not empty
	order []uint64 // fill's scratch
	seen  uint64   // sums what touch reads, so that it is read
}

// init fills the table with links, all live.
func (t *pairTable) init(links []link) {
	t.links = links
	t.fill(-1)
}

// hashPair hashes the pair (x, y); its low bits are the pair's slot.
func hashPair(x, y int32) uint32 {
	return uint32((uint64(x)<<32 | uint64(y+1)) * 0x9E3779B97F4A7C15 >> 32)
}

// get returns the link of (x, y), or -1.
func (t *pairTable) get(x, y int32) int32 {
	h := hashPair(x, y)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if uint32(s>>32) == h {
			r := int32(uint32(s) - 1)
			if l := &t.links[r]; l.x == x && l.y == y {
				return r
			}
		}
	}
}

// touch reads the slot where a look-up of (x, y) starts, so that the
// look-up finds it in the cache.
func (t *pairTable) touch(x, y int32) {
	t.seen += t.slots[hashPair(x, y)&uint32(len(t.slots)-1)]
}

// put adds (x, y), which is not in the table, with its link r.
func (t *pairTable) put(x, y, r int32) {
	if 2*(t.full+1) > len(t.slots) {
		t.fill(r)
	}
	t.insert(hashPair(x, y), r)
}

// fill empties the table and adds the live links but skip, by slot, so
// that it writes the table from start to end. After it the table is at
// most a quarter full (half full the first time), growing if need be.
func (t *pairTable) fill(skip int32) {
	live := 0
	for r := range t.links {
		if t.links[r].x >= 0 && int32(r) != skip {
			live++
		}
	}
	size := 1 << 10
	for size < 2*len(t.links) || t.slots != nil && size < 4*live {
		size *= 2
	}
	if size > len(t.slots) {
		t.slots = make([]uint64, size)
	} else {
		clear(t.slots)
	}
	t.full = 0
	// Sort by the slot's top bits: counting sort into 1024 runs.
	shift := 0
	for size>>shift > 1024 {
		shift++
	}
	mask := uint32(size - 1)
	var start [1025]int32
	for r := range t.links {
		if l := &t.links[r]; l.x >= 0 && int32(r) != skip {
			start[(hashPair(l.x, l.y)&mask)>>shift+1]++
		}
	}
	for k := range 1024 {
		start[k+1] += start[k]
	}
	t.order = slices.Grow(t.order[:0], live)[:live]
	for r := range t.links {
		if l := &t.links[r]; l.x >= 0 && int32(r) != skip {
			h := hashPair(l.x, l.y)
			k := (h & mask) >> shift
			t.order[start[k]] = uint64(h)<<32 | uint64(r)
			start[k]++
		}
	}
	for _, o := range t.order {
		t.insert(uint32(o>>32), int32(uint32(o)))
	}
}

func (t *pairTable) insert(h uint32, r int32) {
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = uint64(h)<<32 | uint64(uint32(r)+1)
	t.full++
}
