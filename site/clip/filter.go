package clip

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// view is a string as prefilters read it: with its folded form (see fold)
// and the sets of the bytes of both.
type view struct {
	s            string
	folded       []byte
	bytes, fbyte byteSet
	pairs        pairSet // of folded
	aligned      bool    // every rune folds to as many bytes: s[i] is folded[i]'s
	extra        int     // the bytes of s beyond one a rune
	space        int     // 1 + the longest run of white space in s; 0 until known
}

// newView folds s. (Lines are folded all at once, see Reader.prepare.)
func newView(s string) view {
	v := view{s: s}
	v.folded = foldLine(make([]byte, 0, len(s)), s, &v)
	return v
}

// pass reports whether t may match.
func (p *prefilter) pass(t *view) bool {
	if !t.bytes.subsetOf(&p.chars) || !p.starts.pass(t.folded, false) || !p.ends.pass(t.folded, true) {
		return false
	}
	return p.passRest(t)
}

// passRest is pass but for the bytes and edges of t, which a ruleFilter
// has tested.
func (p *prefilter) passRest(t *view) bool {
	n := len(t.s)
	if n < p.minLen || (p.maxLen != noLimit && n > p.maxLen) {
		return false
	}
	// A match of t.s, all of it, has as many runes as t.s, and at most
	// p.runes, bar runs of white space.
	if p.runes != noLimit && n-t.extra > p.runes {
		if p.runs == 0 || n-t.extra > p.runes+p.runs*t.longestSpace() {
			return false
		}
	}
	for _, set := range p.sets {
		found := false
		for i := range set {
			lit := &set[i]
			if !lit.bytes.subsetOf(&t.fbyte) {
				continue
			}
			all := true
			for _, h := range lit.pairs {
				if !t.pairs.has(h) {
					all = false
					break
				}
			}
			if all && bytes.Contains(t.folded, lit.b) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (e *edge) known() bool { return len(e.keys) > 0 }

// pass reports whether folded begins (end: ends) with a string of e.
func (e *edge) pass(folded []byte, end bool) bool {
	if len(e.keys) == 0 {
		return true
	}
	if len(folded) == 0 {
		return false
	}
	if end {
		if !e.byte.has(folded[len(folded)-1]) {
			return false
		}
	} else if !e.byte.has(folded[0]) {
		return false
	}
	for _, n := range e.lens {
		if n > len(folded) {
			break
		}
		s := folded[:n]
		if end {
			s = folded[len(folded)-n:]
		}
		if _, ok := slices.BinarySearch(e.keys, edgeKey(s)); ok {
			return true
		}
	}
	return false
}

// A ruleFilter finds the rules whose prefilters may pass on a line from a
// few bytes of it: how it begins and ends (for the rules anchored at the
// start or the end: one look-up of each of its first and last few folded
// bytes answers for every rule) and the set of its bytes (for the rules
// that match a whole line and cannot match some of them: a body paragraph
// has spaces, lower-case letters and a full stop). A line is then tried
// only against a handful of rules, instead of every rule's prefilter.
type ruleFilter struct {
	words int // uint64s per set of rules
	// The rules whose main pattern may match a line that begins (ends)
	// with a string of edgeLen bytes or fewer, by its edgeKey; and the
	// rules whose main pattern is not anchored there.
	starts, ends     keyTable
	anyStart, anyEnd []uint64
	chars            []uint64 // by byte: the rules a line with that byte may match
}

func newRuleFilter(rules []*rule) ruleFilter {
	n := 0
	for _, ru := range rules {
		n = max(n, ru.index+1)
	}
	f := ruleFilter{
		words:    (n + 63) / 64,
		anyStart: make([]uint64, (n+63)/64),
		anyEnd:   make([]uint64, (n+63)/64),
		chars:    make([]uint64, 256*((n+63)/64)),
	}
	starts, ends := map[uint64][]uint64{}, map[uint64][]uint64{}
	add := func(m map[uint64][]uint64, key uint64, ru *rule) {
		set, ok := m[key]
		if !ok {
			set = make([]uint64, f.words)
			m[key] = set
		}
		set[ru.index>>6] |= 1 << (ru.index & 63)
	}
	for _, ru := range rules {
		bit, w := uint64(1)<<(ru.index&63), ru.index>>6
		p := &ru.pre[0]
		if !p.starts.known() {
			f.anyStart[w] |= bit
		}
		for _, k := range p.starts.keys {
			add(starts, k, ru)
		}
		if !p.ends.known() {
			f.anyEnd[w] |= bit
		}
		for _, k := range p.ends.keys {
			add(ends, k, ru)
		}
		for b := range 256 {
			char := true
			for i := range ru.pre {
				char = char && ru.pre[i].chars.has(byte(b))
			}
			if char {
				f.chars[b*f.words+w] |= bit
			}
		}
	}
	f.starts, f.ends = newKeyTable(starts, f.words), newKeyTable(ends, f.words)
	return f
}

// A keyTable maps edge keys to sets of rules: a hash table with open
// addressing, faster than a map for the few look-ups of every line.
type keyTable struct {
	keys  []uint64 // 0 for an empty slot (an edge key is never 0)
	sets  []uint64 // the set of slot i at i*words
	words int
	shift uint
}

func newKeyTable(m map[uint64][]uint64, words int) keyTable {
	size := 16
	for size < 2*len(m) {
		size *= 2
	}
	t := keyTable{keys: make([]uint64, size), sets: make([]uint64, size*words), words: words, shift: uint(64 - bits.TrailingZeros(uint(size)))}
	for k, set := range m {
		i := t.slot(k)
		for t.keys[i] != 0 {
			i = (i + 1) & (len(t.keys) - 1)
		}
		t.keys[i] = k
		copy(t.sets[i*words:], set)
	}
	return t
}

func (t *keyTable) slot(k uint64) int {
	return int(k * 0x9E3779B97F4A7C15 >> t.shift)
}

// get returns the set of rules of k, or nil.
func (t *keyTable) get(k uint64) []uint64 {
	for i := t.slot(k); ; i = (i + 1) & (len(t.keys) - 1) {
		switch t.keys[i] {
		case k:
			return t.sets[i*t.words : (i+1)*t.words]
		case 0:
			return nil
		}
	}
}

// rules sets dst to the rules that may match v, which is not empty.
func (f *ruleFilter) rules(dst []uint64, v *view) {
	n, s := f.words, v.folded
	var buf [2 * 4]uint64 // up to 256 rules without allocating
	var start, end []uint64
	if n <= len(buf)/2 {
		start, end = buf[:n:n], buf[n:2*n]
	} else {
		start, end = make([]uint64, n), make([]uint64, n)
	}
	copy(start, f.anyStart)
	copy(end, f.anyEnd)
	// The edgeKeys of s[:k] and s[len(s)-k:], made a byte at a time.
	var head, tail uint64
	for k := 1; k <= edgeLen && k <= len(s); k++ {
		head |= uint64(s[k-1]) << (8 * (k - 1))
		tail = tail<<8 | uint64(s[len(s)-k])
		if set := f.starts.get(uint64(k)<<32 | head); set != nil {
			for w := range start {
				start[w] |= set[w]
			}
		}
		if set := f.ends.get(uint64(k)<<32 | tail); set != nil {
			for w := range end {
				end[w] |= set[w]
			}
		}
	}
	for w := range dst {
		dst[w] = start[w] & end[w]
	}
	if n == 1 { // up to 64 rules
		chars := f.chars[:256]
		x := dst[0]
		for k, bs := range v.bytes {
			for bs != 0 {
				x &= chars[k<<6|bits.TrailingZeros64(bs)]
				bs &= bs - 1
			}
		}
		dst[0] = x
		return
	}
	for k, bs := range v.bytes {
		for bs != 0 {
			b := k<<6 | bits.TrailingZeros64(bs)
			bs &= bs - 1
			chars := f.chars[b*n:][:n]
			for w := range dst {
				dst[w] &= chars[w]
			}
		}
	}
}

// has reports whether the set of rules holds ru.
func has(set []uint64, ru *rule) bool {
	return set[ru.index>>6]&(1<<(ru.index&63)) != 0
}

// foldLine appends fold(s) to b and returns it. It sets v's sets of the
// bytes of s, of its folded form and of the pairs of those, and whether
// every rune of s folded to as many bytes.
func foldLine(b []byte, s string, v *view) []byte {
	var seen [utf8.RuneSelf]byte // 1 for the ASCII bytes of s
	var set, fset byteSet
	var pairs pairSet
	aligned, extra := true, 0
	prev := byte(0)
	for i := 0; i < len(s); {
		// Fold a run of ASCII, up to a rune beyond ASCII.
		n := len(b)
		b = slices.Grow(b, len(s)-i)
		var k int
		k, prev = foldASCII(b[n:n+len(s)-i], s[i:], &seen, &pairs, prev)
		b, i = b[:n+k], i+k
		if i == len(s) {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		for k := range size {
			set.add(s[i+k])
		}
		i += size
		start := len(b)
		b = utf8.AppendRune(b, foldRune(r))
		for _, x := range b[start:] {
			fset.add(x)
			pairs.add(prev, x)
			prev = x
		}
		aligned = aligned && len(b)-start == size
		extra += size - 1
	}
	// Eight bytes of seen at a time, 0 or 1 each, to eight bits.
	var ascii [2]uint64
	for w := range len(seen) / 8 {
		x := binary.LittleEndian.Uint64(seen[8*w:])
		ascii[w/8] |= (x * 0x0102040810204080 >> 56) << (8 * (w % 8))
	}
	// Folded, ASCII letters are lowered and all of \s is a space.
	const upper = (1<<('Z'-'A'+1) - 1) << ('A' - 64) // 'A' through 'Z' in ascii[1]
	const space = (1<<('\r'-'\t'+1) - 1) << '\t'     // '\t' through '\r' in ascii[0]
	set[0], set[1] = ascii[0], ascii[1]
	lo, hi := ascii[0], ascii[1]&^upper|(ascii[1]&upper)<<('a'-'A')
	if lo&space != 0 {
		lo = lo&^space | 1<<' '
	}
	fset[0] |= lo // and the ASCII of folded runes (the Kelvin sign is a K)
	fset[1] |= hi
	v.bytes, v.fbyte, v.pairs, v.aligned, v.extra, v.space = set, fset, pairs, aligned, extra, 0
	return b
}

// foldASCII folds the ASCII bytes that begin src into dst, which is as
// long, marks them in seen and adds their pairs to pairs, prev being the
// folded byte before them. It returns how many bytes it folded and the
// last of them.
func foldASCII(dst []byte, src string, seen *[utf8.RuneSelf]byte, pairs *pairSet, prev byte) (int, byte) {
	dst = dst[:len(src)]
	kp := uint32(pairCode[prev])
	k := 0
	for ; k+4 <= len(src); k += 4 {
		x := src[k : k+4]
		c0, c1, c2, c3 := x[0], x[1], x[2], x[3]
		if (c0|c1|c2|c3)&utf8.RuneSelf != 0 {
			break
		}
		c0, c1, c2, c3 = c0&0x7f, c1&0x7f, c2&0x7f, c3&0x7f
		seen[c0], seen[c1], seen[c2], seen[c3] = 1, 1, 1, 1
		f0, f1, f2, f3 := lowerASCII[c0], lowerASCII[c1], lowerASCII[c2], lowerASCII[c3]
		d := dst[k : k+4 : k+4]
		d[0], d[1], d[2], d[3] = f0, f1, f2, f3
		k0, k1, k2, k3 := uint32(pairCode[f0]), uint32(pairCode[f1]), uint32(pairCode[f2]), uint32(pairCode[f3])
		h0, h1, h2, h3 := kp<<5|k0, k0<<5|k1, k1<<5|k2, k2<<5|k3 // pair(prev, f0), pair(f0, f1), ...
		pairs[h0>>6&15] |= 1 << (h0 & 63)
		pairs[h1>>6&15] |= 1 << (h1 & 63)
		pairs[h2>>6&15] |= 1 << (h2 & 63)
		pairs[h3>>6&15] |= 1 << (h3 & 63)
		kp, prev = k3, f3
	}
	for ; k < len(src); k++ {
		c := src[k]
		if c >= utf8.RuneSelf {
			break
		}
		c &= 0x7f
		seen[c] = 1
		f := lowerASCII[c]
		dst[k] = f
		h := pair(prev, f)
		pairs[h>>6&15] |= 1 << (h & 63)
		prev = f
	}
	return k, prev
}

// matchString reports whether p matches v. A pattern anchored at neither
// end runs only where its matches may begin (see starts).
func (p *pattern) matchString(v *view) bool {
	at, s := &p.pre.at, v.s
	if !at.heads.known() || !v.aligned || len(s) < 32 {
		return p.re.get().MatchString(s)
	}
	end := len(s)
	if at.max != noLimit {
		end = at.max + at.ws*v.longestSpace()
	}
	tried := 0
	for i := 0; i < len(v.folded); i++ {
		if !at.heads.byte.has(v.folded[i]) || !at.heads.pass(v.folded[i:], false) {
			continue
		}
		// A match may begin at i. Read from there, s[i:] is the same
		// text to a pattern without ^ or $, but for what \b sees before i.
		if at.words && i > 0 && word(s[i-1]) {
			if at.boundary && word(s[i]) {
				continue // no \b in the middle of a word
			}
			return p.re.get().MatchString(s)
		}
		if tried++; tried > 8 {
			return p.re.get().MatchString(s)
		}
		j := len(s)
		if end < len(s)-i {
			j = safeEnd(s, i+end)
		}
		anchored := p.anchored.get()
		if anchored == nil {
			return p.re.get().MatchString(s)
		}
		if anchored.MatchString(s[i:j]) {
			return true
		}
	}
	return false
}

// safeEnd moves i forward to where s may end for a match that ends before
// i as it may in s: the end of s, or a rune that \b reads as no word
// character (an ASCII one, or any other rune).
func safeEnd(s string, i int) int {
	for i < len(s) && (word(s[i]) || !utf8.RuneStart(s[i])) {
		i++
	}
	return i
}

// word reports whether b is an ASCII word character (\w), as \b reads it.
func word(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b == '_'
}

// longestSpace returns the length of the longest run of white space in
// v.s, once.
func (v *view) longestSpace() int {
	if v.space == 0 {
		v.space = 1 + v.findLongestSpace()
	}
	return v.space - 1
}

// findLongestSpace is longestSpace, quickly for a line whose white space
// is single spaces.
func (v *view) findLongestSpace() int {
	if v.bytes[0]&otherSpaces[0] == 0 && !strings.Contains(v.s, "  ") {
		if v.bytes.has(' ') {
			return 1
		}
		return 0
	}
	return longestSpace(v.s)
}

// otherSpaces are the bytes of white space but the space, all below 64.
var otherSpaces = func() byteSet {
	s := spaces
	s[0] &^= 1 << ' '
	return s
}()

// longestSpace returns the length of the longest run of white space in s.
func longestSpace(s string) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if spaces.has(s[i]) {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// lastFolded returns the last byte of fold(s), which is not empty.
func lastFolded(s string) byte {
	if c := s[len(s)-1]; c < utf8.RuneSelf {
		return lowerASCII[c]
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], foldRune(r))
	return buf[n-1]
}
