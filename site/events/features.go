package events

import (
	"math"
	"math/bits"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"briefing/site/dates"
)

// Feature namespaces. A document is a bag of features from four channels:
// content words, names, participants and dates.
const (
	nsWord        = "w:" // a stemmed content word
	nsName        = "n:" // a capitalized word or pair of words ("paris", "support group")
	nsParticipant = "p:" // a participant key
	nsDay         = "d:" // a month and day stated or resolved ("12-18")
	nsWeekday     = "k:" // a weekday named ("monday")
)

// features returns a document's raw feature weights: 1+ln(count) for words
// and names, with headline occurrences counted twice, and 1 for
// participants and dates. Group uses an extractor directly; this is its
// plain form, keyed by feature name.
func features(d *Doc) map[string]float64 {
	x := newExtractor()
	x.extract(d)
	out := make(map[string]float64, len(x.out))
	for _, f := range x.out {
		out[x.keys[f.id]] = weight(f.count)
	}
	return out
}

// weight turns a feature's count into its raw weight, 1+ln(count); a
// participant or date counts once, so weighs 1.
func weight(count uint32) float64 {
	if count < uint32(len(logWeights)) {
		return logWeights[count]
	}
	return 1 + math.Log(float64(count))
}

var logWeights = func() (w [256]float64) {
	for c := range w {
		w[c] = 1 + math.Log(float64(c))
	}
	return w
}()

// An extractor finds documents' features, one document at a time, and
// interns them: words, stems and features get small integer ids, so a
// word costs one table look-up and no allocation once it has been seen.
// Its ids are its own; newModel maps them to shared ones. It is not safe
// for concurrent use: Group gives each worker one.
//
// It computes exactly what the plain description says (see features and
// the tests): tokens split at anything but letters, digits and combining
// marks; capitalized words that nothing else explains are names, joined
// into runs by connectors, counted alone and in adjacent pairs; content
// words are stemmed and counted; headline occurrences count twice.
type extractor struct {
	terms map[string]int32 // lower-cased word or stem -> index in term
	short shortTerms       // the same for short ASCII words, faster
	term  []term
	dates []uint8          // by term: its date words (see dateWords)
	keys  []string         // feature id -> name ("w:talk")
	pairs map[uint64]int32 // pair of name terms -> feature id
	parts map[string]int32 // participant key -> feature id
	days  map[int64]int32  // month<<32 | day -> feature id
	wdays [7]int32         // weekday -> feature id + 1

	// Scratch for the document at hand.
	toks    []xtok
	ends    []int32  // ends[b]: end of block b in toks
	blocks  []string // the sentences worth reading for dates (see tokenize)
	count   []uint32 // by feature id
	touched []int32  // features with a count
	midCap  []uint32 // by term: == stamp when capitalized inside a body sentence
	stamp   uint32
	run     []int32 // terms of the name being read
	weight  uint32  // of the words of the block being read
	body    bool    // the block being read is not the headline
	buf     []byte
	out     []xfeat // the document's features, in no particular order
}

// term is an interned lower-case word or stem.
type term struct {
	stem     int32 // the term of its stem (itself when stem leaves it alone)
	stemWord int32 // feature id of nsWord+stem, -1 until needed
	word     int32 // feature id of nsWord+s, -1 until needed
	name     int32 // feature id of nsName+s, -1 until needed
	cls      uint8 // word classes (stopword, calendar, connector)
	short    bool  // a single character
	s        string
}

// xtok is one word of a block, as tok of the plain description.
type xtok struct {
	term  int32
	flags uint8
}

const (
	tCap     = 1 << iota // first letter upper case
	tDigit               // starts with a digit
	tInitial             // starts a block, sentence, quote or bracket
	tBreaks              // punctuation other than a hyphen or an apostrophe separates it from the previous word
)

// xfeat is one feature of a document with its count.
type xfeat struct {
	id    int32
	count uint32
}

func newExtractor() *extractor {
	return &extractor{
		terms: make(map[string]int32, 1024),
		pairs: make(map[uint64]int32, 1024),
		parts: make(map[string]int32, 256),
		days:  make(map[int64]int32, 64),
	}
}

// extract finds d's features and leaves them in x.out.
func (x *extractor) extract(d *Doc) {
	x.read(d)
	for _, p := range d.Participants {
		if p != "" {
			x.mark(x.participantFeature(p))
		}
	}
	x.collect()
}

// read counts the features of d's text and dates: all but its
// participants'.
func (x *extractor) read(d *Doc) {
	x.stamp++
	if x.stamp == 0 {
		clear(x.midCap)
		x.stamp = 1
	}
	x.toks, x.ends, x.blocks, x.out = x.toks[:0], x.ends[:0], x.blocks[:0], x.out[:0]
	// Words are counted as they are read, with the capitalized ones
	// inside body sentences; names once all are read.
	dated := !d.Date.IsZero()
	for b, s := range d.Text {
		x.weight, x.body = 1, b > 0
		if b == 0 {
			x.weight = 2 // the headline names the event
		}
		x.tokenize(s, dated)
		x.ends = append(x.ends, int32(len(x.toks)))
	}
	lo := int32(0)
	for b, hi := range x.ends {
		w := uint32(1)
		if b == 0 {
			w = 2
		}
		for _, t := range x.toks[lo:hi] {
			if t.flags&tCap == 0 && len(x.run) == 0 {
				continue // nothing to end, nothing to start
			}
			if t.flags&tBreaks != 0 {
				x.flush(w)
			}
			tm := &x.term[t.term]
			c := tm.cls
			// A capitalized word is a name where nothing else explains the
			// capital: inside a body sentence, or at a sentence start or in
			// the (title-case) headline when the article also capitalizes it
			// inside a sentence.
			isName := t.flags&(tCap|tDigit) == tCap && c&calendar == 0 && !tm.short &&
				((t.flags&tInitial == 0 && b > 0) || (c&stopword == 0 && x.midCap[t.term] == x.stamp))
			switch {
			case isName:
				x.run = append(x.run, tm.stem)
			case len(x.run) > 0 && c&connector != 0:
				x.run = append(x.run, t.term)
			default:
				x.flush(w)
			}
		}
		x.flush(w)
		lo = hi
	}
	mentions := d.Mentions
	if mentions == nil && len(x.blocks) > 0 {
		mentions = dates.Find(x.blocks, d.Date)
	}
	for _, m := range mentions {
		if mo, day, ok := m.MonthDay(); ok {
			x.mark(x.dayFeature(mo, day))
		}
		if wd, ok := m.Weekday(); ok {
			x.mark(x.weekdayFeature(wd))
		}
	}
	for _, t := range d.Dates {
		if !t.IsZero() {
			x.mark(x.dayFeature(t.Month(), t.Day()))
		}
	}
}

// collect leaves the features counted in x.out and clears the counts.
func (x *extractor) collect() {
	for _, f := range x.touched {
		x.out = append(x.out, xfeat{f, x.count[f]})
		x.count[f] = 0
	}
	x.touched = x.touched[:0]
}

// flush counts the name being read, alone and in adjacent pairs, leaving
// out connectors, and starts a new one.
func (x *extractor) flush(w uint32) {
	run := x.run
	for len(run) > 0 && x.term[run[len(run)-1]].cls&connector != 0 {
		run = run[:len(run)-1]
	}
	prev := int32(-1)
	for _, t := range run {
		if x.term[t].cls&connector != 0 {
			continue
		}
		x.add(x.nameFeature(t), w)
		if prev >= 0 {
			x.add(x.pairFeature(prev, t), w)
		}
		prev = t
	}
	x.run = x.run[:0]
}

// add counts feature f w times.
func (x *extractor) add(f int32, w uint32) {
	if x.count[f] == 0 {
		x.touched = append(x.touched, f)
	}
	x.count[f] += w
}

// mark gives feature f the count 1, however often it is marked.
func (x *extractor) mark(f int32) {
	if x.count[f] == 0 {
		x.touched = append(x.touched, f)
		x.count[f] = 1
	}
}

func (x *extractor) newFeature(key string) int32 {
	x.keys = append(x.keys, key)
	x.count = append(x.count, 0)
	return int32(len(x.keys) - 1)
}

func (x *extractor) wordFeature(t int32) int32 {
	if f := x.term[t].word; f >= 0 {
		return f
	}
	f := x.newFeature(nsWord + x.term[t].s)
	x.term[t].word = f
	return f
}

func (x *extractor) nameFeature(t int32) int32 {
	if f := x.term[t].name; f >= 0 {
		return f
	}
	f := x.newFeature(nsName + x.term[t].s)
	x.term[t].name = f
	return f
}

func (x *extractor) pairFeature(a, b int32) int32 {
	k := uint64(a)<<32 | uint64(b)
	if f, ok := x.pairs[k]; ok {
		return f
	}
	f := x.newFeature(nsName + x.term[a].s + " " + x.term[b].s)
	x.pairs[k] = f
	return f
}

func (x *extractor) participantFeature(p string) int32 {
	if f, ok := x.parts[p]; ok {
		return f
	}
	f := x.newFeature(nsParticipant + p)
	x.parts[p] = f
	return f
}

func (x *extractor) dayFeature(m time.Month, d int) int32 {
	k := int64(m)<<32 | int64(uint32(d))
	if f, ok := x.days[k]; ok {
		return f
	}
	f := x.newFeature(nsDay + monthDay(m, d))
	x.days[k] = f
	return f
}

func (x *extractor) weekdayFeature(wd time.Weekday) int32 {
	if f := x.wdays[wd]; f > 0 {
		return f - 1
	}
	f := x.newFeature(nsWeekday + strings.ToLower(wd.String()))
	x.wdays[wd] = f + 1
	return f
}

func monthDay(m time.Month, d int) string {
	return string([]byte{byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)})
}

// intern returns the term of the lower-case word s, adding it if new.
func (x *extractor) intern(s []byte) int32 {
	if t, ok := x.terms[string(s)]; ok {
		return t
	}
	return x.addTerm(string(s))
}

func (x *extractor) addTerm(s string) int32 {
	t := int32(len(x.term))
	x.terms[s] = t
	if lo, hi, ok := packShort(s); ok {
		x.short.put(lo, hi, len(s), t)
	}
	x.term = append(x.term, term{s: s, cls: class[s], short: utf8.RuneCountInString(s) < 2, stem: t, stemWord: -1, word: -1, name: -1})
	x.dates = append(x.dates, dateWords[s])
	x.midCap = append(x.midCap, 0)
	if st := stem(s); st != s {
		st := x.intern([]byte(st))
		x.term[t].stem = st
	}
	return t
}

// Date cues: what in a block may make dates.Find report a month and day
// or a weekday there. Blocks without one are not read for dates.
const (
	dateWeekday  = 1 << iota // a weekday name, when capitalized
	dateMonth                // a month name or abbreviation, when capitalized and the block has a digit for the day
	dateRelative             // "yesterday", "three days ago", "this morning": a day only with a publication date
	dateDigit                // an ASCII digit
	dateISO                  // a digit, a hyphen and a digit: maybe "2016-07-15"
)

// dateWords are the words behind the first three cues, lower case.
var dateWords = func() map[string]uint8 {
	m := map[string]uint8{}
	for _, w := range strings.Fields("sunday monday tuesday wednesday thursday friday saturday") {
		m[w] |= dateWeekday
	}
	for _, w := range strings.Fields(`january february march april may june july august september
		october november december jan feb mar apr jun jul aug sep sept oct nov dec`) {
		m[w] |= dateMonth
	}
	for _, w := range strings.Fields("yesterday today tonight tomorrow morning afternoon evening ago") {
		m[w] |= dateRelative
	}
	return m
}()

// mayDate reports whether a block with cues c can hold a mention with a
// month and day or a weekday, for an article dated or not. It errs on the
// side of yes: dates.Find decides.
func mayDate(c uint8, dated bool) bool {
	return c&(dateWeekday|dateISO) != 0 ||
		c&(dateMonth|dateDigit) == dateMonth|dateDigit ||
		(dated && c&dateRelative != 0)
}

// dateCues returns the cues of a word that is one word to dates.Find,
// with date words d and the given flags.
func dateCues(d, flags uint8) uint8 {
	if flags&tCap == 0 {
		return d &^ (dateWeekday | dateMonth)
	}
	return d
}

// Byte classes for the tokenizer's ASCII fast path.
const (
	bWord  = 1 << iota // a letter or digit
	bUpper             // an upper-case letter
	bDigit             // a digit
	bQuiet             // white space, a hyphen or an apostrophe: separates words, nothing more
	bStop              // . ! ? : ; " ( [: starts a sentence, quote or bracket
	bHigh              // starts a multi-byte rune
)

var byteClass = func() (t [256]uint8) {
	for c := range t {
		r := rune(c)
		switch {
		case c >= utf8.RuneSelf:
			t[c] = bHigh
		case isWordRune(r):
			t[c] = bWord
			if unicode.IsUpper(r) {
				t[c] |= bUpper
			}
			if unicode.IsDigit(r) {
				t[c] |= bDigit
			}
		case unicode.IsSpace(r), r == '-', r == '\'':
			t[c] = bQuiet
		case strings.ContainsRune(`.!?:;"([`, r):
			t[c] = bStop
		}
	}
	return t
}()

// tokenize appends the words of the block s to x.toks, and to x.blocks
// the sentences of s worth reading for dates in an article dated or not
// (see mayDate and cutAt). A word is a run of letters, digits and
// combining marks; its flags say what precedes it.
func (x *extractor) tokenize(s string, dated bool) {
	var flags uint8 = tInitial | tBreaks
	var cues uint8
	from := 0 // where the sentence being read starts
	for i := 0; i < len(s); {
		c := s[i]
		k := byteClass[c]
		if k&bWord == 0 {
			n := 1
			if k&bHigh == 0 {
				switch {
				case k&bQuiet != 0:
					if c == '-' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
						cues |= dateISO
					}
				case k&bStop != 0:
					flags = tInitial | tBreaks
					if to := cutAt(s, i); to > 0 {
						if mayDate(cues, dated) {
							x.blocks = append(x.blocks, s[from:to])
						}
						from, cues = to, 0
					}
				default:
					flags |= tBreaks
				}
			} else {
				var r rune
				r, n = utf8.DecodeRuneInString(s[i:])
				if isWordRune(r) {
					i = x.word(s, i, flags, &cues)
					flags = 0
					continue
				}
				switch {
				case r == '’', unicode.IsSpace(r):
				case r == '“' || r == '”' || r == '‘' || r == '—' || r == '–':
					flags = tInitial | tBreaks
				default:
					flags |= tBreaks
				}
			}
			i += n
			continue
		}
		// An ASCII letter or digit: an ASCII word, unless runes beyond
		// ASCII go on with it.
		j, lo, hi, digits := readASCII(s, i)
		if j < len(s) && s[j] >= utf8.RuneSelf && continuesWord(s, j) {
			i = x.word(s, i, flags, &cues)
			flags = 0
			continue
		}
		var t int32
		if n := j - i; n <= 16 {
			t = x.short.find(lo, hi, n, x)
		} else {
			t = x.longTerm(s[i:j])
		}
		if k&bUpper != 0 {
			flags |= tCap
		} else if k&bDigit != 0 {
			flags |= tDigit
		}
		if digits {
			cues |= dateDigit | subwordCues(s[i:j])
		} else if d := x.dates[t]; d != 0 {
			cues |= dateCues(d, flags)
		}
		x.token(t, flags)
		flags = 0
		i = j
	}
	if mayDate(cues, dated) {
		x.blocks = append(x.blocks, s[from:])
	}
}

// cutAt returns where a sentence ends if the byte s[i] ends one that
// dates.Find can read apart from the rest of the block, else 0: a full
// stop, exclamation or question mark or semicolon, then white space and a
// letter. No date expression spans such a gap (one may end with a full
// stop: "18 Dec."), and none looks across it: a weekday's tense is read
// back to the last such mark, and no pattern takes a mark and a word for
// a day, a year, a unit or a connecting word.
func cutAt(s string, i int) int {
	switch s[i] {
	case '.', '!', '?', ';':
	default:
		return 0
	}
	j := i + 1
	for j < len(s) && byteClass[s[j]]&bQuiet != 0 && s[j] != '-' && s[j] != '\'' {
		j++
	}
	if j == i+1 || j >= len(s) || byteClass[s[j]]&(bWord|bDigit) != bWord {
		return 0
	}
	return i + 1
}

const highBits = 0x8080808080808080

// wordBytes marks, with its high bit, each byte of v that is an ASCII
// letter or digit in word, and each digit in digit.
func wordBytes(v uint64) (word, digit uint64) {
	const ones = 0x0101010101010101
	x := v &^ highBits // bytes beyond ASCII are neither
	y := x | lowerBits
	letter := (y + (0x80-'a')*ones) &^ (y + (0x7f-'z')*ones)
	digit = (x + (0x80-'0')*ones) &^ (x + (0x7f-'9')*ones) &^ v & highBits
	return (letter&^v&highBits | digit), digit
}

// readASCII reads the ASCII letters and digits at s[i:] and returns where
// they end, whether any is a digit and, for up to 16 of them, their bytes
// lower-cased and packed into two words (see shortTerms). It reads eight
// bytes at a time where it can.
func readASCII(s string, i int) (j int, lo, hi uint64, digits bool) {
	if i+16 > len(s) {
		var b [16]byte
		j, all := scanASCII(s, i)
		if j-i <= 16 {
			copy(b[:], s[i:j])
			lo, hi = load8(string(b[:]), 0)|lowerBits, load8(string(b[:]), 8)|lowerBits
			lo &= byteMask[min(j-i, 8)]
			hi &= byteMask[max(j-i, 8)-8]
		}
		return j, lo, hi, all&bDigit != 0
	}
	w := s[i : i+16]
	lo = uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	word, digit := wordBytes(lo)
	n := bits.TrailingZeros64(^word&highBits) >> 3
	if n < 8 {
		return i + n, (lo | lowerBits) & byteMask[n], 0, digit&byteMask[n] != 0
	}
	hi = uint64(w[8]) | uint64(w[9])<<8 | uint64(w[10])<<16 | uint64(w[11])<<24 |
		uint64(w[12])<<32 | uint64(w[13])<<40 | uint64(w[14])<<48 | uint64(w[15])<<56
	word2, digit2 := wordBytes(hi)
	n2 := bits.TrailingZeros64(^word2&highBits) >> 3
	if n2 == 8 {
		j, all := scanASCII(s, i+16)
		return j, lo | lowerBits, hi | lowerBits, all&bDigit != 0 || digit|digit2 != 0
	}
	return i + 8 + n2, lo | lowerBits, (hi | lowerBits) & byteMask[n2], digit != 0 || digit2&byteMask[n2] != 0
}

// continuesWord reports whether the rune at s[j] is a word rune.
func continuesWord(s string, j int) bool {
	r, _ := utf8.DecodeRuneInString(s[j:])
	return isWordRune(r)
}

// scanASCII returns the end of the run of ASCII letters and digits at
// s[i:], and the union of their byte classes.
func scanASCII(s string, i int) (int, uint8) {
	all := uint8(0)
	for ; i < len(s); i++ {
		k := byteClass[s[i]]
		if k&bWord == 0 {
			break
		}
		all |= k
	}
	return i, all
}

// word reads the word at s[i:], one with runes beyond ASCII, appends it
// with the given flags and returns where it ends.
func (x *extractor) word(s string, i int, flags uint8, cues *uint8) int {
	r0, _ := utf8.DecodeRuneInString(s[i:])
	if unicode.IsUpper(r0) {
		flags |= tCap
	}
	if unicode.IsDigit(r0) {
		flags |= tDigit
	}
	// plain: only letters and combining marks after a letter, so that the
	// word is also one word to dates.Find.
	plain := unicode.IsLetter(r0)
	b := x.buf[:0]
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isWordRune(r) {
			break
		}
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			plain = false
			if isDigit(s[j]) {
				*cues |= dateDigit
			}
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
		j += n
	}
	x.buf = b
	t := x.intern(b)
	if plain {
		if d := x.dates[t]; d != 0 {
			*cues |= dateCues(d, flags)
		}
	} else {
		*cues |= subwordCues(s[i:j])
	}
	x.token(t, flags)
	return j
}

// token appends the word t with the given flags to x.toks and counts it:
// as a content word unless it is a function word, a month or weekday or
// a single character, and as capitalized inside a body sentence.
func (x *extractor) token(t int32, flags uint8) {
	x.toks = append(x.toks, xtok{t, flags})
	tm := &x.term[t]
	if x.body && flags&(tCap|tInitial) == tCap {
		x.midCap[t] = x.stamp // headlines are title case: they say nothing about names
	}
	if tm.cls&(stopword|calendar) == 0 && !tm.short {
		f := tm.stemWord
		if f < 0 {
			f = x.wordFeature(tm.stem)
			x.term[t].stemWord = f
		}
		x.add(f, x.weight)
	}
}

// longTerm returns the term of w, an ASCII word of more than 16 bytes.
func (x *extractor) longTerm(w string) int32 {
	b := x.buf[:0]
	for k := 0; k < len(w); k++ {
		b = append(b, w[k]|0x20) // lower-cases letters, keeps digits
	}
	x.buf = b
	return x.intern(b)
}

// lowerBits lower-cases the ASCII letters of eight bytes and keeps their
// digits; byteMask[n] keeps the first n of them.
const lowerBits = 0x2020202020202020

var byteMask = [9]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff, 0xffffffffffffffff}

func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// shortTerms is an open-addressing hash table of the terms of up to 16
// lower-case ASCII letters and digits, keyed by their bytes packed into
// two words (see readASCII): looking one up hashes no string.
type shortTerms struct {
	slots []shortSlot
	used  int
}

type shortSlot struct {
	lo, hi uint64
	n      int32 // length; 0 for an empty slot
	term   int32
}

func hashShort(lo, hi uint64, n int) uint64 {
	h := (lo ^ uint64(n)<<59) * 0x9E3779B97F4A7C15
	h ^= hi * 0xC2B2AE3D27D4EB4F
	return h ^ h>>32
}

// find returns the term with the packed bytes lo, hi of length n, adding
// it to x if new.
func (st *shortTerms) find(lo, hi uint64, n int, x *extractor) int32 {
	slots := st.slots
	mask := uint64(len(slots) - 1)
	for h := hashShort(lo, hi, n) & mask; len(slots) > 0; h = (h + 1) & mask {
		sl := &slots[h]
		if sl.lo == lo && sl.hi == hi && int(sl.n) == n {
			return sl.term
		}
		if sl.n == 0 {
			break
		}
	}
	return x.newShort(lo, hi, n)
}

func (x *extractor) newShort(lo, hi uint64, n int) int32 {
	var b [16]byte
	for k := range 8 {
		b[k], b[8+k] = byte(lo>>(8*k)), byte(hi>>(8*k))
	}
	return x.addTerm(string(b[:n])) // which calls put
}

func (st *shortTerms) put(lo, hi uint64, n int, t int32) {
	if len(st.slots) == 0 {
		st.slots = make([]shortSlot, 1<<12)
	}
	if 2*(st.used+1) > len(st.slots) {
		old := st.slots
		st.slots = make([]shortSlot, 2*len(old))
		st.used = 0
		for _, sl := range old {
			if sl.n != 0 {
				st.put(sl.lo, sl.hi, int(sl.n), sl.term)
			}
		}
	}
	mask := uint64(len(st.slots) - 1)
	h := hashShort(lo, hi, n) & mask
	for st.slots[h].n != 0 {
		h = (h + 1) & mask
	}
	st.slots[h] = shortSlot{lo, hi, int32(n), t}
	st.used++
}

// packShort packs s into two words for shortTerms if it is up to 16
// lower-case ASCII letters and digits.
func packShort(s string) (lo, hi uint64, ok bool) {
	if len(s) == 0 || len(s) > 16 {
		return 0, 0, false
	}
	for k := 0; k < len(s); k++ {
		c := s[k]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return 0, 0, false
		}
		if k < 8 {
			lo |= uint64(c) << (8 * k)
		} else {
			hi |= uint64(c) << (8 * (k - 8))
		}
	}
	return lo, hi, true
}

// subwordCues returns the date cues of the words dates.Find sees in w, a
// word with digits or starting with a combining mark: dates.Find's words
// are runs of letters and marks that start with a letter.
func subwordCues(w string) (cues uint8) {
	for i := 0; i < len(w); {
		r, n := utf8.DecodeRuneInString(w[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		j := i + n
		for j < len(w) {
			r2, n2 := utf8.DecodeRuneInString(w[j:])
			if !unicode.IsLetter(r2) && !unicode.Is(unicode.Mn, r2) {
				break
			}
			j += n2
		}
		if d := dateWords[strings.ToLower(w[i:j])]; d != 0 {
			if !unicode.IsUpper(r) {
				d &^= dateWeekday | dateMonth
			}
			cues |= d
		}
		i = j
	}
	return cues
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// stem folds the commonest English endings so that "talks" meets "talk",
// "meeting" meets "meet" and "Syrian" meets "Syria". It is deliberately
// light: a wrong merge costs more than a missed one.
func stem(w string) string {
	if len(w) < 4 || !isASCII(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "eed") && len(w) > 4:
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		w = undouble(w[:len(w)-2])
	case strings.HasSuffix(w, "ian") && len(w) > 5:
		w = w[:len(w)-1] // Syrian, Russian, Asian: the country's name
	}
	return w
}

func undouble(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("lsz", rune(w[n-1])) && !strings.ContainsRune("aeiou", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Word classes.
const (
	stopword  = 1 << iota // a function word or reporting filler
	calendar              // a month or weekday: counted by the date channel instead
	connector             // may join capitalized words into one name
)

// class holds the word classes of the words that have one.
var class = func() map[string]uint8 {
	m := map[string]uint8{}
	for c, list := range map[uint8]string{stopword: stopwords, calendar: calendarWords, connector: connectors} {
		for _, w := range strings.Fields(list) {
			m[w] |= c
		}
	}
	return m
}()

// connectors may join capitalized words into one name ("Joint Chiefs of
// Staff", "Bashar al-Assad").
const connectors = "of for de del der al el bin van von la le du da"

const calendarWords = `january february march april may june july august september october
november december monday tuesday wednesday thursday friday saturday sunday`

// stopwords are English function words and reporting filler.
const stopwords = `a about above after again against all almost also although always am
among an and another any are around as at be because been before being below between both but
by can cannot could did do does doing done down during each either else even ever every few for
from further had has have having he her here hers herself him himself his how however i if in
into is it its itself just least less many may me might more most much must my myself neither
no nor not now of off often on once only or other others otherwise our ours ourselves out over
own per perhaps rather same several shall she should since so some such than that the their
theirs them themselves then there these they this those though through thus to too toward
towards under until up upon us very via was we well were what whatever when where whether which
while who whom whose why will with within without would yet you your yours yourself yourselves
said says say saying told tell according also just like new one two three four five six seven
eight nine ten first second last next year years week weeks day days month months time today
yesterday tomorrow mr mrs ms dr`
