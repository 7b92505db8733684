package extract

import (
	"math/bits"
	"slices"
)

// folder folds and classifies the words of one article as they are
// tokenized: one lookup in the extractor's dictionary per word. A word that
// is its own fold (ASCII lower case) stays where it is written; the other
// folds go into one buffer that becomes one string when the article is
// done (folds). The folder also notes which words the article writes in
// lower case (see writesLower): known words by a mark on their slot, others
// in a list.
type folder struct {
	raw       bool  // fold every word into the buffer, and look nothing up
	block     int32 // the block being tokenized
	dict      *dict
	stems     bool // whether stems matter: the extractor has topics
	buf       []byte
	marks     []uint8 // per dictionary slot: stamp when the article writes the word in lower case
	stamp     uint8
	lowerMiss []int32 // tokens written in lower case that the dictionary does not know
	verbs     []int32 // tokens of verbClasses
	starts    []int32 // tokens that may start a term
	stops     []int32 // tokens with fStop, where a sentence may start
}

// verbClasses are the classes of the words that may be speech verbs or
// open "according to": findEvents reads only those (and mentions).
const verbClasses = cQuoteVerb | cQuotePart | cAccording

func (f *folder) reset(x *Extractor) {
	f.dict, f.stems, f.block = &x.dict, len(x.topics) > 0, 0
	f.buf, f.lowerMiss = f.buf[:0], f.lowerMiss[:0]
	f.verbs, f.starts, f.stops = f.verbs[:0], f.starts[:0], f.stops[:0]
	if len(f.marks) != len(f.dict.slots) {
		f.marks = make([]uint8, len(f.dict.slots))
		f.stamp = 0
	}
	if f.stamp++; f.stamp == 0 {
		clear(f.marks)
		f.stamp = 1
	}
}

// folds returns what the folder wrote: the folds of the tokens whose fa is
// not negative.
func (f *folder) folds() string { return string(f.buf) }

// marked reports whether the article writes the dictionary's word in slot
// in lower case.
func (f *folder) marked(slot int) bool { return f.marks[slot] == f.stamp }

// tokenize is tokenizeWith for Extract: it appends the tokens of s, block
// f.block of the article, to toks, folding and classifying each word. Most
// words go through words; what it leaves takes a step of the general
// tokenizer (step).
func (f *folder) tokenize(s string, toks []token) []token {
	base := len(toks)
	toks = slices.Grow(toks, len(s)/2+1)
	sep := fSent | fBreak // what lies between the previous token and the next
	for i := 0; i < len(s); {
		if toks, i, sep = f.words(s, toks, i, sep, base); i < len(s) {
			toks, i, sep = f.step(s, toks, i, sep, base)
		}
	}
	return toks
}

// words reads the words at s[i:] (sep before the first) as long as each is
// of ASCII letters, a capital or a lower-case letter then lower-case
// letters, followed by spaces and common punctuation (see punct): most
// words. A word of at most seven letters is read as one integer whose
// masked bytes are its dictionary key, and looked up inline. It returns
// toks with the tokens appended, where it stopped, and the flags of the
// next word. toks[base:] are the tokens of s.
func (f *folder) words(s string, toks []token, i int, sep tflag, base int) ([]token, int, tflag) {
	d := f.dict
	self := ^f.block // the fa of a token that is its own fold
	for room := cap(toks) - len(toks); room > 0 && i < len(s); room-- {
		c := s[i]
		if !asciiLetter[c] {
			// Punctuation after a word, before the next.
			k, flags := punct(s, i)
			if len(toks) == base || k == i {
				break
			}
			i, sep, c = k, flags, s[k]
		}
		var v uint64
		if i+8 <= len(s) {
			v = le64(s[i:])
		} else {
			v, _ = wordKey(s[i:]) // zeros past the end
		}
		n := asciiWordLen(v) & 7 // 0 for eight letters or more: the next byte is then the first, a letter
		lower := c >> 5 & 1      // 1 for a lower-case first letter, 0 for a capital
		// The key is the fold: the word with its capital lowered.
		key := v | uint64(lower^1)<<5
		j := i + n
		var next byte
		var k int
		if n > 0 {
			key &= 1<<(8*n) - 1
			next = byte(v >> (8 * n))
			if e := asciiEnd[next]; e != endPlain && (e != endPeriod || n == 1 && lower == 0 || isAbbrevKey(key)) {
				break
			}
			// Keys of words shorter than eight bytes differ when the
			// words do: the key alone tells a hit.
			k = int(shortHash(key) >> (d.shift & 63))
			for d.slots[k].key != key && d.slots[k].n != 0 {
				k = (k + 1) & (len(d.slots) - 1)
			}
		} else {
			if j = lowerEnd(s, i+8); j < len(s) {
				// No abbreviation is that long: a period ends it.
				if next = s[j]; asciiEnd[next] == endWord {
					break
				}
			}
			k = d.probe(key, j-i, s[i+8:j])
		}
		sl := &d.slots[k]
		ti := len(toks)
		toks = toks[:ti+1]
		t := &toks[ti]
		t.start, t.end, t.flags = int32(i), int32(j), sep|tflag(1+3*lower) // fLower or fCap
		f.stop(sep, ti)
		// An empty slot knows nothing: its info is zero.
		t.cls, t.nw, t.tw = sl.info.cls, sl.info.nw, sl.info.tw
		if lower != 0 {
			t.fa, t.fb = self, 0
			if sl.n == 0 {
				f.lowerMiss = append(f.lowerMiss, int32(ti))
			} else if t.cls&cParticle == 0 {
				f.marks[k] = f.stamp
			}
		} else {
			t.fa, t.fb = f.foldCapital(s[i:j])
		}
		if sl.n == 0 && f.stems && s[j-1] == 's' {
			t.tw = f.plural(t, s, key) // unknown, perhaps the plural of a term
		}
		if t.cls&verbClasses != 0 {
			f.verbs = append(f.verbs, int32(ti))
		}
		if d.termStart[t.tw] {
			f.starts = append(f.starts, int32(ti))
		}
		sep = 0
		i = j
		// One space before the next word: skip it here.
		if next == ' ' && j+1 < len(s) && asciiWordStart[s[j+1]] {
			i = j + 1
		}
	}
	return toks, i, sep
}

// plural returns the terms trie id of the stem of t, a word of ASCII
// letters of s the dictionary does not know, whose key is key.
func (f *folder) plural(t *token, s string, key uint64) int32 {
	if t.has(fLower) {
		return f.stemID(s[t.start:t.end], key)
	}
	return f.stemID(string(f.buf[t.fa:t.fb]), key)
}

// foldCapital writes the fold of w, an ASCII capital and lower-case
// letters, into the buffer, and returns where it is.
func (f *folder) foldCapital(w string) (int32, int32) {
	a := len(f.buf)
	f.buf = append(f.buf, w...)
	f.buf[a] |= 0x20
	return int32(a), int32(len(f.buf))
}

// asciiWordLen returns the length of the word at the start of v, eight
// bytes of text read little-endian whose first is an ASCII letter: that
// letter and the ASCII lower-case letters after it, 8 when all are.
func asciiWordLen(v uint64) int {
	const hi = 0x8080808080808080
	return bits.TrailingZeros64(^(lowerMask(v)|0x80)&hi) >> 3
}

// punct reads the spaces and punctuation at s[i:] after a word, when they
// are only spaces and the marks , . ! ? : ; " (no brackets, dashes or
// apostrophes) before an ASCII letter, and returns where the next word
// starts and the flags separator gives it; otherwise it returns i.
func punct(s string, i int) (int, tflag) {
	var sep tflag
	comma, other := false, false
	for k := i; k < len(s); k++ {
		switch c := s[k]; c {
		case ' ':
		case ',':
			comma = true
			sep |= fBreak
		case '.', '!', '?':
			other = true
			sep |= fStop | fSent | fBreak
		case ':', ';', '"':
			other = true
			sep |= fSent | fBreak
		default:
			if !asciiLetter[c] {
				return i, 0
			}
			if comma && !other {
				sep |= fComma
			}
			return k, sep
		}
	}
	return i, 0
}

// isAbbrevKey reports whether the word whose key is key (lower case, at
// most seven bytes) is one of abbrevs.
func isAbbrevKey(key uint64) bool {
	for k := abbrevHash(key); ; k = (k + 1) % uint64(len(abbrevKeys)) {
		if abbrevKeys[k] == key {
			return true
		}
		if abbrevKeys[k] == 0 {
			return false
		}
	}
}

func abbrevHash(key uint64) uint64 { return key * 0x9e3779b97f4a7c15 >> 58 }

// abbrevKeys are the keys of abbrevs, hashed by abbrevHash.
var abbrevKeys = func() (t [64]uint64) {
	for w := range abbrevs {
		key, _ := wordKey(w)
		k := abbrevHash(key)
		for t[k] != 0 {
			k = (k + 1) % uint64(len(t))
		}
		t[k] = key
	}
	return t
}()

// asciiLetter tells the ASCII letters.
var asciiLetter = func() (t [256]bool) {
	for c := range asciiKind {
		t[c] = asciiKind[c]&kLetter != 0
	}
	return t
}()

// asciiWordStart tells the bytes that start a word and are ASCII: letters
// and digits.
var asciiWordStart = func() (t [256]bool) {
	for c := range asciiKind {
		t[c] = asciiKind[c]&kAlnum != 0
	}
	return t
}()

// step reads what starts at s[i]: a word, whose token it appends to toks,
// or what separates words. It returns where reading goes on, and the flags
// the next word gets for what comes before it; sep are those of s[i].
// toks[base:] are the tokens of s.
func (f *folder) step(s string, toks []token, i int, sep tflag, base int) ([]token, int, tflag) {
	c := s[i]
	if c-'a' < 26 || c-'A' < 26 {
		if j := lowerEnd(s, i+1); plainEnd(s, i, j) {
			toks = append(toks, token{start: int32(i), end: int32(j), flags: sep | shapeOf(c)})
			f.stop(sep, len(toks)-1)
			f.word(&toks[len(toks)-1], s, i, j, len(toks)-1, c >= 'a')
			if j+1 < len(s) && s[j] == ' ' && asciiWordStart[s[j+1]] {
				j++
			}
			return toks, j, 0
		}
	} else if c < 0x80 {
		if asciiKind[c]&kAlnum == 0 {
			if c == ' ' && i+1 < len(s) && asciiWordStart[s[i+1]] {
				return toks, i + 1, sep // one space between words: the common case
			}
			i, sep = separator(s, i, sep, toks, base)
			return toks, i, sep
		}
	} else if !isWordRune(decodeRune(s, i)) {
		i, sep = separator(s, i, sep, toks, base)
		return toks, i, sep
	}
	w := scanWord(s, i)
	toks = append(toks, token{start: int32(i), end: int32(w.end), flags: w.flags | sep})
	f.stop(sep, len(toks)-1)
	f.word(&toks[len(toks)-1], s, i, w.end, len(toks)-1, w.clean)
	return toks, w.next, 0
}

// stop records token i in the list of stops if sep, what lies before it,
// has fStop.
func (f *folder) stop(sep tflag, i int) {
	if sep&fStop != 0 {
		f.stops = append(f.stops, int32(i))
	}
}

// word sets the fold, classes and trie ids of token t (index i of the
// article), the word s[start:end]; clean says it is its own fold.
func (f *folder) word(t *token, s string, start, end, i int, clean bool) {
	if f.raw {
		a := len(f.buf)
		f.buf = appendFold(f.buf, s[start:end])
		t.fa, t.fb = int32(a), int32(len(f.buf))
		return
	}
	if clean {
		w := s[start:end]
		t.fa, t.fb = ^f.block, 0
		rest := ""
		if len(w) > 8 {
			rest = w[8:]
		}
		key := wordKeyAt(s, start, len(w))
		e, slot := f.dict.lookup(key, len(w), rest)
		if slot >= 0 {
			t.cls, t.nw, t.tw = e.cls, e.nw, e.tw
		} else if f.stems {
			t.tw = f.stemID(w, key)
		}
		f.found(t, slot, i)
		return
	}
	a := len(f.buf)
	f.buf = appendFold(f.buf, s[start:end])
	b := len(f.buf)
	t.fa, t.fb = int32(a), int32(b)
	if cap(f.buf)-b < 8 {
		f.buf = append(f.buf, make([]byte, 8)...)[:b] // room to read eight bytes at a
	}
	k := f.buf[a : a+8]
	key := (uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
		uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56) & keyMask(b-a)
	rest := ""
	if b-a > 8 {
		rest = string(f.buf[a+8 : b])
	}
	var e wordInfo
	var slot int
	if b-a <= 8 {
		e, slot = f.dict.lookupShort(key, b-a)
	} else {
		e, slot = f.dict.lookup(key, b-a, rest)
	}
	if slot >= 0 {
		t.cls, t.nw, t.tw = e.cls, e.nw, e.tw
	} else if f.stems && b > a && f.buf[b-1] == 's' {
		t.tw = f.stemID(string(f.buf[a:b]), key)
	}
	f.found(t, slot, i)
}

// found records the lookup of token i, found in slot (or -1): its place in
// the lists of verbs and of words that start a term, and whether the
// article writes the word in lower case.
func (f *folder) found(t *token, slot int, i int) {
	if t.cls&verbClasses != 0 {
		f.verbs = append(f.verbs, int32(i))
	}
	if f.dict.termStart[t.tw] {
		f.starts = append(f.starts, int32(i))
	}
	if !t.has(fLower) || t.cls&cParticle != 0 {
		return
	}
	if slot >= 0 {
		f.marks[slot] = f.stamp
	} else {
		f.lowerMiss = append(f.lowerMiss, int32(i))
	}
}

// stemID returns the terms trie id of the stem of w, a word not in the
// dictionary whose key is key. A stem in the trie is in the dictionary with
// its own id (stems are their own stems).
func (f *folder) stemID(w string, key uint64) int32 {
	if w == "" || w[len(w)-1] != 's' {
		return 0 // stem changes only words ending in s
	}
	k, y := stemCut(w)
	switch {
	case !y && k == len(w):
		return 0 // w is its own stem, and no term
	case !y && k <= 8:
		e, _ := f.dict.lookup(key&keyMask(k), k, "")
		return e.tw
	case !y:
		e, _ := f.dict.lookup(key, k, w[8:k])
		return e.tw
	case k < 8:
		e, _ := f.dict.lookup(key&keyMask(k)|'y'<<(8*uint(k)), k+1, "")
		return e.tw
	}
	var b [64]byte
	if k >= len(b) {
		e, _ := f.dict.get(w[:k] + "y")
		return e.tw
	}
	st := append(b[:0], w[:k]...)
	st = append(st, 'y')
	e, _ := f.dict.get(string(st))
	return e.tw
}
