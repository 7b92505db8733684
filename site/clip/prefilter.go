package clip

import (
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A prefilter is a cheap necessary condition for a regexp to match, derived
// from its syntax, so that most of the Reader's regexp runs are skipped: a
// body paragraph is longer than a credit line and holds bytes (spaces,
// lower-case letters, a full stop) that most boilerplate patterns cannot
// match, rarely contains the words of a caption rule, and almost never
// begins or ends like a credit line. Strings are compared case-folded (see
// fold), so a prefilter never rejects a line its regexp would match; it
// only passes some it would not.
type prefilter struct {
	// minLen is the length of the shortest match, in bytes.
	minLen int
	// For a pattern anchored at both ends, which matches the whole line:
	// the longest match (-1: no limit) and the bytes a match may hold; and
	// the most runes of a match, but for runs of white space (see sizes).
	maxLen      int
	chars       byteSet
	runes, runs int
	// sets: the line contains one string of each set.
	sets [][]literal
	// For a pattern anchored at the start (end) of the line: the line
	// begins (ends) with one of these strings; unknown when empty.
	starts, ends edge
	// For a pattern anchored at neither end: where in a line it may match.
	at starts
	// For a pattern anchored at the end only, with no other assertion:
	// strings that it matches whole, so that a line ending with one
	// matches; only strings that folding leaves alone (no letters).
	sure []string
}

// starts says where in a line the matches of a pattern anchored at neither
// end may begin: where the line has one of the strings that begin them. A
// pattern of many small alternatives (the verbs a caption uses) is slow to
// search for in a whole line, and fast to try at a few places in it.
type starts struct {
	heads    edge // every match begins with one of these; known when set
	max, ws  int  // a match is at most max + ws*W bytes, W the longest run of white space; max is noLimit if unknown
	words    bool // the pattern holds \b or \B
	boundary bool // and it begins with \b
}

// literal is a folded string a line must contain, with its bytes and its
// pairs of bytes for a quick test before the search.
type literal struct {
	b     []byte
	bytes byteSet
	pairs []uint16 // the bits of its pairs in a pairSet
}

// A pairSet is a set of pairs of adjacent bytes, by their codes (see
// pairCode) in 1,024 bits: a line holds most of the pairs of a string only
// if it holds the string.
type pairSet [16]uint64

// pair returns the bit of the pair a, b.
func pair(a, b byte) uint32 {
	return uint32(pairCode[a])<<5 | uint32(pairCode[b])
}

// pairCode is a five-bit code for each byte: the letters (either case)
// each have their own, as do the space and the zero byte that stands
// before a line; digits share one, punctuation two, and the bytes beyond
// ASCII one.
var pairCode = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c == 0:
			t[c] = 0
		case 'a' <= c && c <= 'z':
			t[c] = uint8(c-'a') + 1
		case 'A' <= c && c <= 'Z':
			t[c] = uint8(c-'A') + 1
		case c == ' ':
			t[c] = 27
		case '0' <= c && c <= '9':
			t[c] = 28
		case c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?':
			t[c] = 29
		case c < utf8.RuneSelf:
			t[c] = 30
		default:
			t[c] = 31
		}
	}
	return t
}()

func (s *pairSet) add(a, b byte) {
	h := pair(a, b)
	s[h>>6] |= 1 << (h & 63)
}

// pairBits returns the bits of the pairs of s, without repeats.
func pairBits(s string) []uint16 {
	var bits []uint16
	for i := 1; i < len(s); i++ {
		if h := uint16(pair(s[i-1], s[i])); !slices.Contains(bits, h) {
			bits = append(bits, h)
		}
	}
	return bits
}

// has reports whether s holds the pair of bit h.
func (s *pairSet) has(h uint16) bool {
	return s[h>>6&15]&(1<<(h&63)) != 0
}

// edge is a set of short strings that a folded line begins or ends with.
type edge struct {
	keys []uint64 // the strings packed by key, sorted
	lens []int    // the lengths of the strings, ascending
	byte byteSet  // the bytes at the edge of the strings
}

const (
	maxSetSize  = 256  // larger alternations are not worth checking
	maxSets     = 4    // sets of required strings kept per pattern
	maxClassLen = 10   // character classes of up to this many runes are enumerated
	edgeLen     = 4    // edges are compared over this many bytes at most
	maxEdge     = 1024 // strings kept in an edge; shorter ones if need be
	maxJoin     = 256  // strings made at once by continuing others
	noLimit     = -1
	bigLen      = 1 << 30 // lengths beyond this are no limit
)

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(b byte)      { s[b>>6] |= 1 << (b & 63) }
func (s *byteSet) has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }
func (s *byteSet) union(t *byteSet) {
	s[0], s[1], s[2], s[3] = s[0]|t[0], s[1]|t[1], s[2]|t[2], s[3]|t[3]
}
func (s *byteSet) subsetOf(t *byteSet) bool {
	return s[0]&^t[0]|s[1]&^t[1]|s[2]&^t[2]|s[3]&^t[3] == 0
}

// addRange adds the bytes lo through hi.
func (s *byteSet) addRange(lo, hi int) {
	lo, hi = max(lo, 0), min(hi, 255)
	for w := lo >> 6; w <= hi>>6; w++ {
		from, to := max(lo, w<<6)&63, min(hi, w<<6|63)&63
		s[w] |= (^uint64(0) >> (63 - to)) &^ (1<<from - 1)
	}
}

var allBytes = byteSet{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}

// setOf returns the set of the bytes of s.
func setOf(s string) byteSet {
	var set byteSet
	for i := 0; i < len(s); i++ {
		set.add(s[i])
	}
	return set
}

// newPrefilter analyzes re, a parsed pattern.
func newPrefilter(re *syntax.Regexp) prefilter {
	return newAnalyzer(0).prefilter(re)
}

// prefilter analyzes re, a parsed pattern.
func (a *analyzer) prefilter(re *syntax.Regexp) prefilter {
	p := prefilter{maxLen: noLimit, chars: allBytes, runes: noLimit}
	sz := a.size(re)
	p.minLen = sz.min
	top := re
	for top.Op == syntax.OpCapture {
		top = top.Sub[0]
	}
	if top.Op == syntax.OpConcat && len(top.Sub) >= 2 {
		subs := top.Sub
		anchoredStart := subs[0].Op == syntax.OpBeginText
		anchoredEnd := subs[len(subs)-1].Op == syntax.OpEndText
		if anchoredStart && anchoredEnd {
			p.maxLen, p.chars = sz.max, sz.chars
			p.runes, p.runs = sz.rmax, sz.ws
		}
		if anchoredStart {
			p.starts = a.edgeOf(subs[1:], false)
		}
		if anchoredEnd {
			p.ends = a.edgeOf(subs[:len(subs)-1], true)
		}
	}
	var sets [][]string
	for _, set := range a.required(re) {
		if !blank(set) {
			sets = append(sets, set)
		}
	}
	// Keep the most selective sets (longer strings, then fewer of them) and
	// check the cheapest first.
	slices.SortStableFunc(sets, func(a, b []string) int { return score(b) - score(a) })
	if len(sets) > maxSets {
		sets = sets[:maxSets]
	}
	for i, set := range sets {
		sets[i] = minimal(set)
	}
	slices.SortStableFunc(sets, func(a, b []string) int { return len(a) - len(b) })
	for _, set := range sets {
		var lits []literal
		for _, s := range set {
			lits = append(lits, literal{[]byte(s), setOf(s), pairBits(s)})
		}
		p.sets = append(p.sets, lits)
	}
	if top.Op == syntax.OpConcat && len(top.Sub) >= 2 && top.Sub[len(top.Sub)-1].Op == syntax.OpEndText {
		subs := top.Sub[:len(top.Sub)-1]
		inner := a.size(&syntax.Regexp{Op: syntax.OpConcat, Sub: subs})
		if !inner.anchored && !inner.words {
			for _, x := range a.seqEdge(subs, true) {
				if str := x.string(); x.full() && str != "" && foldsToItself(str) {
					p.sure = append(p.sure, str)
				}
			}
		}
	}
	if !sz.anchored {
		seq := []*syntax.Regexp{top}
		if top.Op == syntax.OpConcat {
			seq = top.Sub
		}
		p.at = starts{heads: a.edgeOf(seq, false), max: sz.wmax, ws: sz.ws, words: sz.words,
			boundary: seq[0].Op == syntax.OpWordBoundary}
	}
	return p
}

// edgeKey packs s, at most 4 bytes, into an integer.
func edgeKey[T string | []byte](s T) uint64 {
	k := uint64(len(s)) << 32
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * i)
	}
	return k
}

// An analyzer derives prefilters from the syntax of a pattern. It
// remembers what it found for each node, so that every node is analyzed
// once however often its parents ask.
type analyzer struct {
	exacts map[*syntax.Regexp]exactResult
}

// empty is the language of the empty string, shared.
var empty = []string{""}

type exactResult struct {
	set []string
	ok  bool
}

// newAnalyzer returns an analyzer for about n nodes.
func newAnalyzer(n int) *analyzer {
	return &analyzer{exacts: make(map[*syntax.Regexp]exactResult, n)}
}

// sizes bounds the matches of a regexp: their length in bytes and the
// bytes they may hold, before case folding.
type sizes struct {
	min, max int // max is noLimit when unbounded
	// A match is at most wmax + ws*W bytes long, W the longest run of
	// white space in the text; wmax is noLimit when that is unbounded.
	// Likewise it is at most rmax + ws*W runes long.
	wmax, rmax, ws int
	chars          byteSet
	anchored       bool // the regexp holds ^, $, \A or \z
	words          bool // the regexp holds \b or \B
}

// spaces are the bytes of white space, which only unbounded repetitions
// of white space (\s+) may match many of.
var spaces = func() (s byteSet) {
	for _, b := range []byte("\t\n\v\f\r ") {
		s.add(b)
	}
	return s
}()

// size bounds the matches of re.
func (a *analyzer) size(re *syntax.Regexp) sizes {
	switch re.Op {
	case syntax.OpLiteral:
		var sz sizes
		for _, r := range re.Rune {
			lo, hi := runeBytes(r, &sz.chars)
			if re.Flags&syntax.FoldCase != 0 {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					l, h := runeBytes(f, &sz.chars)
					lo, hi = min(lo, l), max(hi, h)
				}
			}
			sz.min += lo
			sz.max += hi
		}
		sz.wmax, sz.rmax = sz.max, len(re.Rune)
		return sz
	case syntax.OpCharClass:
		var sz sizes
		if len(re.Rune) == 0 {
			return sz // matches nothing
		}
		// The ranges are sorted.
		for i := 0; i+1 < len(re.Rune) && re.Rune[i] < utf8.RuneSelf; i += 2 {
			sz.chars.addRange(int(re.Rune[i]), int(min(re.Rune[i+1], utf8.RuneSelf-1)))
		}
		sz.min, _ = runeBytes(re.Rune[0], &sz.chars)
		_, sz.max = runeBytes(re.Rune[len(re.Rune)-1], &sz.chars)
		// An invalid byte reads as RuneError, the range that holds it is the
		// last one to start at or before it.
		k := sort.Search(len(re.Rune)/2, func(k int) bool { return re.Rune[2*k] > utf8.RuneError })
		if k > 0 && re.Rune[2*k-1] >= utf8.RuneError {
			sz.min = 1
		}
		sz.wmax, sz.rmax = sz.max, 1
		return sz
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		sz := sizes{min: 1, max: utf8.UTFMax, wmax: utf8.UTFMax, rmax: 1, chars: allBytes}
		if re.Op == syntax.OpAnyCharNotNL {
			sz.chars[0] &^= 1 << '\n'
		}
		return sz
	case syntax.OpCapture:
		return a.size(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		sz := a.size(re.Sub[0])
		lo, hi := 0, 1
		switch re.Op {
		case syntax.OpStar:
			hi = noLimit
		case syntax.OpPlus:
			lo, hi = 1, noLimit
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		sz.min = mulLen(sz.min, lo)
		switch {
		case sz.max == 0:
			// Zero-width.
		case hi != noLimit:
			sz.max = mulLen(sz.max, hi)
			sz.wmax, sz.rmax, sz.ws = mulLen(sz.wmax, hi), mulLen(sz.rmax, hi), sz.ws*hi
		case sz.chars.subsetOf(&spaces):
			sz.max, sz.wmax, sz.rmax, sz.ws = noLimit, 0, 0, 1 // one run of white space
		default:
			sz.max, sz.wmax, sz.rmax = noLimit, noLimit, noLimit
		}
		return sz
	case syntax.OpConcat:
		var sz sizes
		for _, sub := range re.Sub {
			s := a.size(sub)
			sz.min = addLen(sz.min, s.min)
			sz.max = addLen(sz.max, s.max)
			sz.wmax = addLen(sz.wmax, s.wmax)
			sz.rmax = addLen(sz.rmax, s.rmax)
			sz.ws += s.ws
			sz.chars.union(&s.chars)
			sz.anchored = sz.anchored || s.anchored
			sz.words = sz.words || s.words
		}
		return sz
	case syntax.OpAlternate:
		var sz sizes
		for i, sub := range re.Sub {
			s := a.size(sub)
			if i == 0 {
				sz.min = s.min
			}
			sz.min = min(sz.min, s.min)
			sz.max = maxLen(sz.max, s.max)
			sz.wmax = maxLen(sz.wmax, s.wmax)
			sz.rmax = maxLen(sz.rmax, s.rmax)
			sz.ws = max(sz.ws, s.ws)
			sz.chars.union(&s.chars)
			sz.anchored = sz.anchored || s.anchored
			sz.words = sz.words || s.words
		}
		return sz
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return sizes{words: true}
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return sizes{anchored: true}
	}
	// Empty matches and other zero-width assertions; OpNoMatch matches
	// nothing.
	return sizes{}
}

// maxLen returns the larger of two limits.
func maxLen(a, b int) int {
	if a == noLimit || b == noLimit {
		return noLimit
	}
	return max(a, b)
}

// runeBytes adds the bytes of r's encoding to set (all non-ASCII bytes
// for a non-ASCII rune) and returns the fewest and most bytes that r
// matches in a text.
func runeBytes(r rune, set *byteSet) (lo, hi int) {
	if r < utf8.RuneSelf {
		set.add(byte(r))
		return 1, 1
	}
	set[2], set[3] = ^uint64(0), ^uint64(0) // the bytes from utf8.RuneSelf
	n := utf8.RuneLen(r)
	if n < 0 {
		n = 3
	}
	if r == utf8.RuneError {
		return 1, n // an invalid byte reads as RuneError
	}
	return n, n
}

func addLen(a, b int) int {
	if a == noLimit || b == noLimit || a+b > bigLen {
		return noLimit
	}
	return a + b
}

func mulLen(a, n int) int {
	if a == noLimit || n == noLimit || (a > 0 && n > bigLen/a) {
		return noLimit
	}
	return a * n
}

// An edge string is a folded string at most edgeLen bytes long that a
// match begins (or ends) with; full when it is the whole match. It is
// packed into an integer: full in bit 0, then the key of the string (see
// edgeKey), so that sorting puts the strings that may go on first.
type estr uint64

const fullBit = 1

func mkEstr(s string, full bool) estr {
	e := estr(edgeKey(s) << 1)
	if full {
		e |= fullBit
	}
	return e
}

func (e estr) full() bool    { return e&fullBit != 0 }
func (e estr) key() uint64   { return uint64(e >> 1) }
func (e estr) len() int      { return int(e >> 33) }
func (e estr) bytes() uint64 { return uint64(e>>1) & 0xFFFFFFFF }
func (e estr) partial() estr { return e &^ fullBit }

// string returns the string of e.
func (e estr) string() string {
	b := make([]byte, e.len())
	for i := range b {
		b[i] = byte(e.bytes() >> (8 * i))
	}
	return string(b)
}

// foldsToItself reports whether s is the folded form of itself alone: it
// has no letters (which have a case) and no white space (which folds to a
// space), and is valid UTF-8.
func foldsToItself(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || unicode.SimpleFold(r) != r || unicode.IsSpace(r) || unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// open reports whether e is a whole match shorter than edgeLen, which what
// follows it (precedes it, at the end) makes longer.
func (e estr) open() bool { return e.full() && e.len() < edgeLen }

// packEstr packs the n bytes b (at most 8, first byte lowest), cut to
// their first (rev: last) edgeLen bytes; full if whole and full is set.
func packEstr(b uint64, n int, full, rev bool) estr {
	if n > edgeLen {
		if rev {
			b >>= 8 * (n - edgeLen)
		}
		b &= 1<<(8*edgeLen) - 1
		n, full = edgeLen, false
	}
	e := estr((uint64(n)<<32 | b) << 1)
	if full {
		e |= fullBit
	}
	return e
}

// anything is the edge string of a match nothing is known about.
const anything = estr(0)

// edgeOf computes the edge of a match of the sequence subs: its start, or
// its end when rev is set.
func (a *analyzer) edgeOf(subs []*syntax.Regexp, rev bool) edge {
	set := a.seqEdge(subs, rev)
	if len(set) == 0 || slices.ContainsFunc(set, func(e estr) bool { return e.len() == 0 }) {
		return edge{}
	}
	var e edge
	for _, x := range set {
		n, b := x.len(), x.bytes()
		e.keys = append(e.keys, x.key())
		if rev {
			e.byte.add(byte(b >> (8 * (n - 1))))
		} else {
			e.byte.add(byte(b))
		}
		if !slices.Contains(e.lens, n) {
			e.lens = append(e.lens, n)
		}
	}
	slices.Sort(e.keys)
	slices.Sort(e.lens)
	return e
}

// seqEdge returns the edge strings of the sequence subs (in text order).
// Like every edge, the result holds anything when nothing is known.
func (a *analyzer) seqEdge(subs []*syntax.Regexp, rev bool) []estr {
	acc := []estr{mkEstr("", true)}
	for i := range subs {
		sub := subs[i]
		if rev {
			sub = subs[len(subs)-1-i]
		}
		if !slices.ContainsFunc(acc, estr.open) {
			// Long enough to tell lines apart; the rest follows.
			for j := range acc {
				acc[j] = acc[j].partial()
			}
			break
		}
		acc = a.join(acc, a.nodeEdge(sub, rev), rev)
	}
	return acc
}

// nodeEdge returns the edge strings of re.
func (a *analyzer) nodeEdge(re *syntax.Regexp, rev bool) []estr {
	if set, ok := a.exact(re); ok {
		out := make([]estr, len(set))
		for i, s := range set {
			out[i] = cut(s, rev)
		}
		return shrink(out, rev)
	}
	var out []estr
	switch re.Op {
	case syntax.OpCapture:
		return a.nodeEdge(re.Sub[0], rev)
	case syntax.OpConcat:
		return a.seqEdge(re.Sub, rev)
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			set := a.nodeEdge(sub, rev)
			if slices.Contains(set, anything) {
				return []estr{anything}
			}
			out = append(out, set...)
		}
	case syntax.OpQuest:
		out = append(a.nodeEdge(re.Sub[0], rev), mkEstr("", true))
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		// One match of the operand at the edge, then anything.
		for _, x := range a.nodeEdge(re.Sub[0], rev) {
			out = append(out, x.partial())
		}
		if re.Op == syntax.OpStar || (re.Op == syntax.OpRepeat && re.Min == 0) {
			out = append(out, mkEstr("", true))
		}
	default:
		return []estr{anything}
	}
	return shrink(out, rev)
}

// join returns the edge strings of a match of set followed (rev: preceded)
// by a match of more.
func (a *analyzer) join(set, more []estr, rev bool) []estr {
	open := 0
	for _, x := range set {
		if x.open() {
			open++
		}
	}
	if open > 0 && open*len(more) > maxJoin {
		// Continue with fewer, shorter strings.
		more = shrinkTo(slices.Clone(more), rev, max(1, maxJoin/open))
	}
	product := open*len(more) <= maxJoin
	out := make([]estr, 0, len(set)+open*len(more)*b2i(product))
	for _, x := range set {
		if !x.open() || !product {
			out = append(out, x.partial()) // an edge of an edge is still an edge
			continue
		}
		xn, xb := x.len(), x.bytes()
		for _, y := range more {
			yn, yb := y.len(), y.bytes()
			b := xb | yb<<(8*xn)
			if rev {
				b = yb | xb<<(8*yn)
			}
			out = append(out, packEstr(b, xn+yn, y.full(), rev))
		}
	}
	return shrink(out, rev)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cut returns the edge string of s: its first (rev: last) edgeLen bytes,
// full if that is all of s.
func cut(s string, rev bool) estr {
	if len(s) <= edgeLen {
		return mkEstr(s, true)
	}
	if rev {
		return mkEstr(s[len(s)-edgeLen:], false)
	}
	return mkEstr(s[:edgeLen], false)
}

// shrink removes duplicates from set (a string that may go on is not
// full), and cuts its strings shorter until at most maxEdge remain: the
// longest first, those of the largest families (sharing all but their
// last byte) first, so that rarer strings keep telling lines apart. (Bytes
// of the folded line are compared, so a cut through a rune is fine.)
func shrink(set []estr, rev bool) []estr {
	return shrinkTo(set, rev, maxEdge)
}

// shrinkTo is shrink to at most limit strings, if it can.
func shrinkTo(set []estr, rev bool, limit int) []estr {
	set = dedupeEdge(set)
	for n := edgeLen; len(set) > limit && n > 1; n-- {
		// The families of the strings of n bytes, the largest first.
		var fams []estr
		for _, x := range set {
			if x.len() == n {
				fams = append(fams, cutShorter(x, rev))
			}
		}
		slices.Sort(fams)
		type family struct {
			e estr
			n int
		}
		var byCount []family
		for i := 0; i < len(fams); {
			j := i + 1
			for j < len(fams) && fams[j] == fams[i] {
				j++
			}
			byCount = append(byCount, family{fams[i], j - i})
			i = j
		}
		slices.SortStableFunc(byCount, func(a, b family) int { return b.n - a.n })
		merge := fams[:0]
		for excess, i := len(set)-limit, 0; excess > 0 && i < len(byCount); i++ {
			merge = append(merge, byCount[i].e)
			excess -= byCount[i].n - 1
		}
		slices.Sort(merge)
		for i, x := range set {
			if x.len() == n {
				if c := cutShorter(x, rev); binaryContains(merge, c) {
					set[i] = c
				}
			}
		}
		set = dedupeEdge(set)
	}
	return set
}

func binaryContains(set []estr, x estr) bool {
	_, ok := slices.BinarySearch(set, x)
	return ok
}

// cutShorter drops the last (rev: first) byte of x, which may then go on.
func cutShorter(x estr, rev bool) estr {
	n, b := x.len(), x.bytes()
	if rev {
		b >>= 8
	} else {
		b &= 1<<(8*(n-1)) - 1
	}
	return estr((uint64(n-1)<<32 | b) << 1)
}

// dedupeEdge sorts set and removes duplicate strings, keeping the one that
// may go on.
func dedupeEdge(set []estr) []estr {
	slices.Sort(set)
	return slices.CompactFunc(set, func(a, b estr) bool { return a.key() == b.key() })
}

// required returns the sets of strings a match of re must contain (all of
// the sets, one string of each).
func (a *analyzer) required(re *syntax.Regexp) [][]string {
	if set, ok := a.exact(re); ok {
		if slices.Contains(set, "") {
			return nil
		}
		return [][]string{set}
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return a.required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return a.required(re.Sub[0])
		}
	case syntax.OpConcat:
		// Runs of children with a small exact language are multiplied
		// out, so that "A(?:FP|P)" requires "afp" or "ap", not just "a".
		var out [][]string
		var run []string
		flush := func() {
			if run != nil && !slices.Contains(run, "") {
				out = append(out, run)
			}
			run = nil
		}
		for _, sub := range re.Sub {
			set, ok := a.exact(sub)
			if !ok {
				// The run is followed by one of sub's prefixes.
				if pre, ok := a.prefix(sub); ok && run != nil && !slices.Contains(pre, "") {
					if p, ok := product(run, pre); ok {
						run = p
					}
				}
				flush()
				out = append(out, a.required(sub)...)
				continue
			}
			if run == nil {
				run = set
			} else if p, ok := product(run, set); ok {
				run = p
			} else {
				flush()
				run = set
			}
		}
		flush()
		return out
	case syntax.OpAlternate:
		set, ok := union(re.Sub, func(sub *syntax.Regexp) ([]string, bool) {
			best := bestSet(a.required(sub))
			return best, best != nil
		})
		if !ok {
			return nil
		}
		return [][]string{set}
	}
	return nil
}

// exact returns the whole (small, finite) language of re, case-folded;
// zero-width assertions count as the empty string. The result is shared:
// callers must not modify it.
func (a *analyzer) exact(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return empty, true
	}
	if r, ok := a.exacts[re]; ok {
		return r.set, r.ok
	}
	set, ok := a.exact1(re)
	a.exacts[re] = exactResult{slices.Clip(set), ok}
	return set, ok
}

func (a *analyzer) exact1(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{fold(string(re.Rune))}, true
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
			if n > maxClassLen {
				return nil, false
			}
		}
		if n == 0 {
			return nil, false
		}
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				set = append(set, fold(string(r)))
			}
		}
		return dedupe(set), true
	case syntax.OpCapture:
		return a.exact(re.Sub[0])
	case syntax.OpQuest:
		set, ok := a.exact(re.Sub[0])
		if !ok {
			return nil, false
		}
		return dedupe(append(slices.Clip(set), "")), true
	case syntax.OpRepeat:
		// The union of sub^Min through sub^Max.
		if re.Max < 0 || re.Max > maxSetSize {
			return nil, false
		}
		set, ok := a.exact(re.Sub[0])
		if !ok {
			return nil, false
		}
		cur := []string{""}
		for range re.Min {
			if cur, ok = product(cur, set); !ok {
				return nil, false
			}
		}
		union := cur
		for range re.Max - re.Min {
			if cur, ok = product(cur, set); !ok {
				return nil, false
			}
			union = append(slices.Clip(union), cur...)
			if len(union) > maxSetSize {
				return nil, false
			}
		}
		return dedupe(slices.Clone(union)), true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			set, ok := a.exact(sub)
			if !ok {
				return nil, false
			}
			if out, ok = product(out, set); !ok {
				return nil, false
			}
		}
		return out, true
	case syntax.OpAlternate:
		return union(re.Sub, a.exact)
	}
	return nil, false
}

// prefix returns strings one of which starts every match of re.
func (a *analyzer) prefix(re *syntax.Regexp) ([]string, bool) {
	if set, ok := a.exact(re); ok {
		return set, true
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return a.prefix(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return a.prefix(re.Sub[0])
		}
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			set, ok := a.exact(sub)
			if !ok {
				if set, ok = a.prefix(sub); ok {
					if p, ok := product(out, set); ok {
						return p, true
					}
				}
				return out, true
			}
			p, ok := product(out, set)
			if !ok {
				return out, true
			}
			out = p
		}
		return out, true
	case syntax.OpAlternate:
		return union(re.Sub, a.prefix)
	}
	return nil, false
}

// union returns the strings that f finds for each alternative, deduplicated,
// or false when f fails on one or they are too many.
func union(subs []*syntax.Regexp, f func(*syntax.Regexp) ([]string, bool)) ([]string, bool) {
	var out []string
	for _, sub := range subs {
		set, ok := f(sub)
		if !ok {
			return nil, false
		}
		out = append(out, set...)
		if len(out) > maxSetSize {
			return nil, false
		}
	}
	return dedupe(out), true
}

// product returns every string of a followed by one of b, if not too many.
func product(a, b []string) ([]string, bool) {
	if len(a)*len(b) > maxSetSize {
		return nil, false
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return dedupe(out), true
}

func bestSet(sets [][]string) []string {
	var best []string
	for _, s := range sets {
		if best == nil || score(s) > score(best) {
			best = s
		}
	}
	return best
}

// score ranks a set: the shortest string counts most, the number of strings
// breaks ties.
func score(set []string) int {
	short := 1 << 20
	for _, s := range set {
		short = min(short, len(s))
	}
	return short*1024 - len(set)
}

// blank reports whether set is only white space, which every line has.
func blank(set []string) bool {
	for _, s := range set {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// minimal returns the strings of set (sorted) that contain no other
// string of it: a line that contains "websites" contains "site". (Only the
// strings that begin others are removed from large sets.)
func minimal(set []string) []string {
	var out []string
	for _, s := range set {
		if len(out) == 0 || !strings.HasPrefix(s, out[len(out)-1]) {
			out = append(out, s)
		}
	}
	if len(out) > 64 {
		return out
	}
	set, out = out, nil
next:
	for _, s := range set {
		for _, t := range set {
			if len(t) < len(s) && strings.Contains(s, t) {
				continue next
			}
		}
		out = append(out, s)
	}
	return out
}

// dedupe sorts set and removes duplicates, in place.
func dedupe(set []string) []string {
	slices.Sort(set)
	return slices.Compact(set)
}

// fold maps s to a case-folded form in which two strings that match under
// (?i) are equal: ASCII is lowered, other letters become the smallest rune
// of their case-folding orbit, and ASCII white space becomes a space.
func fold(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || ('\t' <= c && c <= '\r') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return string(appendFold(make([]byte, 0, len(s)), s))
}

// appendFold appends fold(s) to b.
func appendFold(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, lowerASCII[c])
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		b = utf8.AppendRune(b, foldRune(r))
	}
	return b
}

// foldRune is fold for one non-ASCII rune.
func foldRune(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	if 'A' <= m && m <= 'Z' { // the Kelvin sign folds to K
		m += 'a' - 'A'
	}
	return m
}

// lowerASCII is fold for ASCII bytes: letters lowered, all of \s one space.
var lowerASCII = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		case '\t' <= c && c <= '\r':
			t[c] = ' '
		default:
			t[c] = byte(c)
		}
	}
	return t
}()
