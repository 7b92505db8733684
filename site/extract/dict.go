package extract

import (
	"slices"
	"strings"
	"sync"
)

// wordInfo is what an Extractor knows of a folded word.
type wordInfo struct {
	cls wclass // the word lists it is on
	nw  int32  // its id in the names trie, 0 for none
	tw  int32  // the id of its stem in the terms trie, 0 for none
}

// dict maps folded words to what an Extractor knows of them: the word lists
// and the ids of both tries. Extract looks up every word of an article, so
// it is an open-addressing table keyed by the first eight bytes of a word
// read as one integer (most words are shorter), not a map. Its words come
// from the lists and the rules, not from articles: the longest probe is
// fixed when it is built.
type dict struct {
	shift     uint // 64 - log2(len(slots))
	slots     []dictSlot
	rests     []string // per slot: the word after its first eight bytes
	termStart []bool   // per terms trie id: a term starts with the word
}

type dictSlot struct {
	key  uint64 // the first eight bytes of the word, little-endian, zero-padded
	n    int32  // 1 + the length of the word; 0 for an empty slot
	info wordInfo
}

// makeDict gathers the word lists and the ids of the tries.
func makeDict(names, terms *trie) dict {
	lw := lexWords()
	var d dict
	bits := uint(4)
	for 1<<bits < 2*(len(lw)+len(names.ids)+len(terms.ids)) {
		bits++
	}
	d.shift = 64 - bits
	d.slots = make([]dictSlot, 1<<bits)
	d.rests = make([]string, 1<<bits)
	// The word lists: distinct words, hashed once for all extractors.
	mask := len(d.slots) - 1
	for _, w := range lw {
		i := int(w.hash >> d.shift)
		for d.slots[i].n != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = dictSlot{key: w.key, n: int32(len(w.word) + 1), info: wordInfo{cls: w.cls}}
		d.rests[i] = w.rest
	}
	for w, id := range names.ids {
		d.slot(w).info.nw = id
	}
	for w := range terms.ids {
		d.slot(w)
	}
	// A word's stem is a term t only if the word is t, t+"s", t+"es" or
	// t without "y" and with "ies": set the id of t on those known.
	var b []byte
	for t, id := range terms.ids {
		for _, form := range [...]string{"", "s", "es", "ies"} {
			w := t
			switch {
			case form == "ies" && strings.HasSuffix(t, "y"):
				b = append(append(b[:0], t[:len(t)-1]...), form...)
				w = string(b)
			case form == "ies":
				continue
			case form != "":
				b = append(append(b[:0], t...), form...)
				w = string(b)
			}
			if stem(w) != t {
				continue
			}
			key, rest := wordKey(w)
			if _, i := d.lookup(key, len(w), rest); i >= 0 {
				d.slots[i].info.tw = id
			}
		}
	}
	d.termStart = make([]bool, len(terms.ids)+1)
	for id, c := range terms.root {
		d.termStart[id] = c != 0
	}
	return d
}

// slot returns the slot of w, added if new.
func (d *dict) slot(w string) *dictSlot {
	key, rest := wordKey(w)
	mask := len(d.slots) - 1
	i := int(keyHash(key, len(w), rest) >> d.shift)
	for ; d.slots[i].n != 0; i = (i + 1) & mask {
		if s := &d.slots[i]; s.key == key && int(s.n) == len(w)+1 && (len(w) <= 8 || d.rests[i] == rest) {
			return s
		}
	}
	d.slots[i] = dictSlot{key: key, n: int32(len(w) + 1)}
	d.rests[i] = rest
	return &d.slots[i]
}

// lexWord is a word of the lists, ready for a dictionary.
type lexWord struct {
	word, rest string
	key, hash  uint64
	cls        wclass
}

var (
	lexWordsOnce sync.Once
	lexWordList  []lexWord
)

// lexWords returns the words of the lists, sorted.
func lexWords() []lexWord {
	lexWordsOnce.Do(func() {
		for w, c := range lex.class {
			key, rest := wordKey(w)
			lexWordList = append(lexWordList, lexWord{word: w, rest: rest, key: key, hash: keyHash(key, len(w), rest), cls: c})
		}
		slices.SortFunc(lexWordList, func(a, b lexWord) int { return strings.Compare(a.word, b.word) })
	})
	return lexWordList
}

// get looks w up.
func (d *dict) get(w string) (wordInfo, bool) {
	key, rest := wordKey(w)
	e, slot := d.lookup(key, len(w), rest)
	return e, slot >= 0
}

// lookup looks up the word of length n whose first bytes are key
// (see wordKey) and whose other bytes are rest. It returns what is known of
// it and its slot, or -1.
func (d *dict) lookup(key uint64, n int, rest string) (wordInfo, int) {
	mask := len(d.slots) - 1
	for i := int(keyHash(key, n, rest) >> d.shift); ; i = (i + 1) & mask {
		s := &d.slots[i]
		if s.n == 0 {
			return wordInfo{}, -1
		}
		if s.key == key && int(s.n) == n+1 && (n <= 8 || d.rests[i] == rest) {
			return s.info, i
		}
	}
}

// probe returns the slot of the word of length n whose key is key and
// whose bytes after the eighth are rest: the slot that holds it, or the
// empty slot where the search for it ended.
func (d *dict) probe(key uint64, n int, rest string) int {
	mask := len(d.slots) - 1
	i := int(keyHash(key, n, rest) >> d.shift)
	for s := &d.slots[i]; s.n != 0 && (s.key != key || int(s.n) != n+1 || n > 8 && d.rests[i] != rest); s = &d.slots[i] {
		i = (i + 1) & mask
	}
	return i
}

// lookupShort is lookup for a word of at most eight bytes.
func (d *dict) lookupShort(key uint64, n int) (wordInfo, int) {
	mask := len(d.slots) - 1
	for i := int(shortHash(key) >> d.shift); ; i = (i + 1) & mask {
		s := &d.slots[i]
		if s.key == key && int(s.n) == n+1 {
			return s.info, i
		}
		if s.n == 0 {
			return wordInfo{}, -1
		}
	}
}

// wordKey splits w into its first eight bytes, read as a little-endian
// integer, and the rest.
func wordKey(w string) (uint64, string) {
	if len(w) >= 8 {
		return le64(w), w[8:]
	}
	var v uint64
	for i := len(w) - 1; i >= 0; i-- {
		v = v<<8 | uint64(w[i])
	}
	return v, ""
}

// wordKeyAt returns the wordKey of s[i:i+n], reading eight bytes at once when s
// has them.
func wordKeyAt(s string, i, n int) uint64 {
	if i+8 <= len(s) {
		return le64(s[i:]) & keyMask(n)
	}
	k, _ := wordKey(s[i : i+n])
	return k
}

// keyMask keeps the first n bytes of a key.
func keyMask(n int) uint64 {
	if n >= 8 {
		return ^uint64(0)
	}
	return 1<<(8*uint(n)) - 1
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// keyHash hashes a word from its key, length and rest; the top bits pick a
// slot.
func keyHash(key uint64, n int, rest string) uint64 {
	h := shortHash(key)
	if n > 8 {
		h = (h ^ h>>31 ^ whash(rest)) * 0x94d049bb133111eb
	}
	return h
}

// shortHash hashes the key of a word of at most eight bytes, which is
// the word: its zero bytes pad it.
func shortHash(key uint64) uint64 {
	return key * 0xbf58476d1ce4e5b9
}

// whash hashes a string: eight bytes at a time, then the rest.
func whash(s string) uint64 {
	h := uint64(len(s)) * 0x9e3779b97f4a7c15
	for len(s) >= 8 {
		h = (h ^ le64(s)) * 0xbf58476d1ce4e5b9
		h ^= h >> 31
		s = s[8:]
	}
	v, _ := wordKey(s)
	h = (h ^ v) * 0x94d049bb133111eb
	return h ^ h>>29
}
