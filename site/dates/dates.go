// Package dates finds the dates a news text states and resolves them
// against the article's publication date.
//
// A news story rarely writes a full date. It says "on Monday", "Dec 18",
// "last June" or "in 2011" and leaves the rest to the reader, who knows when
// the story appeared. Find does the same: it reports every date expression
// with its byte offsets and sentence, and fills in what is missing from the
// publication date when that is known:
//
//   - a month and day without a year ("December 18") take the year that puts
//     them nearest the publication date, so they land within six months of
//     it ("January 1" in a mid-December story is next year's);
//   - a month alone ("in June", "late February") likewise, while "last June"
//     and "next June" take the one strictly before or after;
//   - a weekday ("on Monday") is the nearest such day within six days:
//     before publication when the sentence is in the past tense, after it
//     when a future marker ("will", "is to", "scheduled") precedes it;
//   - "yesterday", "today", "tomorrow", "last year", "next month" and
//     "three days ago" are counted from the publication date.
//
// Without a publication date such mentions are still reported, with a zero
// Date. Spans that cannot be pinned to a day, month or year ("last week",
// "a few weeks ago") are reported with a zero Date and Precision Week or the
// unit they name.
//
// Find is pure and deterministic and reads each block once.
package dates

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Precision is how much of a date an expression states.
type Precision int

// Precisions, finest first. The zero Precision is not used by Find.
const (
	Day   Precision = iota + 1 // a calendar day
	Week                       // a week ("last week"); never resolved
	Month                      // a month: Date is its first day
	Year                       // a year: Date is January 1
)

func (p Precision) String() string {
	switch p {
	case Day:
		return "day"
	case Week:
		return "week"
	case Month:
		return "month"
	case Year:
		return "year"
	}
	return "unknown"
}

// Mention is one date expression found in the text.
type Mention struct {
	Block, Start, End int       // index into the text slice; byte offsets of Text in it
	Text              string    // the expression as written
	Date              time.Time // UTC midnight; first of the month or year when coarser; zero when unresolved
	Precision         Precision
	Inferred          bool // the year, or the day itself, came from the publication date

	month   uint8 // stated month, 0 if none
	day     uint8 // stated day of month, 0 if none
	weekday uint8 // stated weekday, valid when hasWD
	hasWD   bool

	Sentence string // the sentence containing the expression
}

// setMonthDay records the month and day the expression states.
func (m *Mention) setMonthDay(mo time.Month, d int) { m.month, m.day = uint8(mo), uint8(d) }

// MonthDay returns the month and day the expression states, even when its
// year is unknown and Date is zero.
func (m Mention) MonthDay() (time.Month, int, bool) {
	if m.month == 0 || m.day == 0 {
		return 0, 0, false
	}
	return time.Month(m.month), int(m.day), true
}

// Weekday returns the weekday the expression names ("on Monday").
func (m Mention) Weekday() (time.Weekday, bool) { return time.Weekday(m.weekday), m.hasWD }

// Find returns the date expressions in text, block by block and left to
// right. published is the article's publication date, zero when unknown.
func Find(text []string, published time.Time) []Mention {
	var pub time.Time
	if !published.IsZero() {
		pub = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, time.UTC)
	}
	f := finderPool.Get().(*finder)
	defer f.release()
	for _, s := range text {
		f.tokenize(s)
	}
	low := string(f.buf)
	start := 0
	for bi, s := range text {
		b := block{toks: f.toks[start:f.ends[bi]], s: s, low: low}
		start = f.ends[bi]
		f.sents = f.sents[:0]
		for i := 0; i < len(b.toks); {
			if !b.toks[i].cand {
				i++
				continue
			}
			m, n := b.match(i, pub)
			if n == 0 {
				i++
				continue
			}
			m.Block = bi
			m.Text = s[m.Start:m.End]
			if len(f.sents) == 0 {
				f.sents = b.sentences(s, f.sents)
			}
			m.Sentence = sentenceAt(s, f.sents, m.Start)
			f.out = append(f.out, m)
			i += n
		}
	}
	if len(f.out) == 0 {
		return nil
	}
	return slices.Clone(f.out)
}

// finder is the working memory of a Find, which the next Find reuses.
type finder struct {
	toks  []token   // the tokens of every block, one block after another
	ends  []int     // where each block's tokens end in toks
	buf   []byte    // the lower case of the words that have capitals (see token)
	sents []span    // the sentences of the block at hand
	out   []Mention // the mentions found so far
}

var finderPool = sync.Pool{New: func() any { return new(finder) }}

// release returns f to the pool, emptied; unless a huge text made it huge.
func (f *finder) release() {
	clear(f.out) // let go of the text
	if cap(f.buf) > 1<<20 || cap(f.toks) > 1<<18 || cap(f.out) > 1<<12 {
		return
	}
	f.toks, f.ends, f.buf, f.sents, f.out = f.toks[:0], f.ends[:0], f.buf[:0], f.sents[:0], f.out[:0]
	finderPool.Put(f)
}

// token is a word, a number or one punctuation rune of a block.
type token struct {
	start, end int32 // byte offsets in the block
	lo, hi     int32 // a word with capitals: its lower case, block.low[lo:hi]; else hi is 0
	kind       byte  // 'w' word, 'n' number, 'p' punctuation
	cap        bool  // word starting with an upper-case letter
	space      bool  // white space before it
	cand       bool  // a date expression may begin here (see isStarter)
}

// set makes t the token of s[start:end], a block (see token). It writes
// the fields one by one, which compiles to plain stores.
func (t *token) set(start, end, lo, hi int, kind byte, cap, space, cand bool) {
	t.start, t.end, t.lo, t.hi = int32(start), int32(end), int32(lo), int32(hi)
	t.kind, t.cap, t.space, t.cand = kind, cap, space, cand
}

// block is one block of text as the patterns read it.
type block struct {
	toks []token
	s    string // the block
	low  string // holds the lower case of the words with capitals
}

// lower returns the text of token i, lower-cased if a word.
func (b *block) lower(i int) string {
	t := &b.toks[i]
	if t.hi == 0 {
		return b.s[t.start:t.end] // in lower case as written
	}
	return b.low[t.lo:t.hi]
}

// tokenize appends the tokens of s to f.toks, and to f.buf the lower case
// of the words that are not written in lower case.
func (f *finder) tokenize(s string) {
	n := len(f.toks)
	toks := slices.Grow(f.toks, len(s))[:n+len(s)] // a token takes a byte at least
	space := true
	for i := 0; i < len(s); {
		c := s[i]
		k := charClass[c]
		if k&cHigh != 0 {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsSpace(r):
				space = true
				i += size
				continue
			case unicode.IsLetter(r):
				j := wordEnd(s, i)
				f.word(&toks[n], s, i, j, unicode.IsUpper(r), space)
				i = j
			default:
				toks[n].set(i, i+size, 0, 0, 'p', false, space, false)
				i += size
			}
			n++
			space = false
			continue
		}
		switch {
		case k&cSpace != 0:
			space = true
			i++
			continue
		case k&cLetter != 0:
			j, all := i+1, k
			for j < len(s) {
				k := charClass[s[j]]
				if k&cLetter == 0 {
					break
				}
				all |= k
				j++
			}
			if j < len(s) && s[j] >= utf8.RuneSelf && wordEnd(s, j) > j {
				// Letters or marks beyond ASCII follow: the slow way.
				j = wordEnd(s, j)
				f.word(&toks[n], s, i, j, k&cUpper != 0, space)
			} else if all&cUpper != 0 {
				lo := len(f.buf)
				f.buf = append(f.buf, s[i:j]...)
				w := f.buf[lo:]
				for x := range w {
					w[x] |= 0x20
				}
				toks[n].set(i, j, lo, len(f.buf), 'w', k&cUpper != 0, space, mayStart(w) && isStarter(w))
			} else {
				w := s[i:j]
				toks[n].set(i, j, 0, 0, 'w', false, space, mayStart(w) && isStarter(w))
			}
			i = j
		case k&cDigit != 0:
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			toks[n].set(i, j, 0, 0, 'n', false, space, true)
			i = j
		default:
			toks[n].set(i, i+1, 0, 0, 'p', false, space, false)
			i++
		}
		n++
		space = false
		if i < len(s) && s[i] == ' ' {
			space = true // one space between tokens: the common case
			i++
		}
	}
	f.toks = toks[:n]
	f.ends = append(f.ends, n)
}

// word makes t the token of the word s[i:j], which has letters beyond
// ASCII, and appends its lower case (strings.ToLower) to f.buf.
func (f *finder) word(t *token, s string, i, j int, cap, space bool) {
	lo := len(f.buf)
	for _, r := range s[i:j] {
		f.buf = utf8.AppendRune(f.buf, unicode.ToLower(r))
	}
	w := f.buf[lo:]
	t.set(i, j, lo, len(f.buf), 'w', cap, space, mayStart(w) && isStarter(w))
}

// wordEnd returns where the letters and combining marks at s[i:] end.
func wordEnd(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if charClass[c]&cLetter == 0 {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			break
		}
		i += n
	}
	return i
}

// Character classes of bytes, for the tokenizer's ASCII fast path.
const (
	cSpace  = 1 << iota // white space
	cLetter             // a letter
	cUpper              // an upper-case letter
	cDigit              // a digit
	cHigh               // starts a multi-byte rune
)

var charClass = func() (t [256]uint8) {
	for c := range t {
		r := rune(c)
		switch {
		case c >= utf8.RuneSelf:
			t[c] = cHigh
		case unicode.IsSpace(r):
			t[c] = cSpace
		case unicode.IsLetter(r):
			t[c] = cLetter
			if unicode.IsUpper(r) {
				t[c] |= cUpper
			}
		case '0' <= r && r <= '9':
			t[c] = cDigit
		}
	}
	return t
}()

var monthNames = map[string]time.Month{
	"january": time.January, "february": time.February, "march": time.March,
	"april": time.April, "may": time.May, "june": time.June, "july": time.July,
	"august": time.August, "september": time.September, "october": time.October,
	"november": time.November, "december": time.December,
}

// monthAbbrevs are short forms, accepted only beside a day or year:
// "Jan" alone is more often a name than a month.
var monthAbbrevs = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"jun": time.June, "jul": time.July, "aug": time.August, "sep": time.September,
	"sept": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
}

// monthContext are the words after which a bare month name ("in June") is a
// date rather than a name or a verb ("Theresa May", "March on").
var monthContext = set("in", "of", "since", "until", "till", "by", "from", "before",
	"after", "during", "through", "throughout", "between", "for", "to", "and", "or",
	"early", "late", "mid", "end", "beginning", "start", "last", "next", "this")

// monthInContext reports whether the word before a bare month makes it a
// date. "May" is also a name ("Theresa May and ..."), so it needs a
// preposition.
func (b *block) monthInContext(i int, mo time.Month) bool {
	if i == 0 {
		return false
	}
	w := b.lower(i - 1)
	if mo == time.May && (w == "and" || w == "or" || w == "to") {
		return false
	}
	return monthContext[w]
}

// yearContext are the words after which a four-digit number is a year.
var yearContext = set("in", "since", "until", "till", "by", "from", "before", "after",
	"during", "through", "throughout", "of", "early", "late", "mid", "year", "end", "beginning", "start")

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// starters are the words a date expression can begin with, besides
// numbers: month and weekday names and the words of modifiers, relative
// expressions and "ago" counts.
var starters = func() map[string]bool {
	m := set("early", "late", "last", "next", "this", "mid", "end", "beginning", "start",
		"yesterday", "today", "tonight", "tomorrow", "few", "several", "some", "many")
	for _, names := range []map[string]time.Month{monthNames, monthAbbrevs} {
		for w := range names {
			m[w] = true
		}
	}
	for w := range weekdays {
		m[w] = true
	}
	for w := range numberWords {
		m[w] = true
	}
	return m
}()

// mayStart reports whether w, a word, has the length and shape of a
// starter: a quick test before isStarter.
func mayStart[S string | []byte](w S) bool {
	return len(w) <= maxStarter && starterShape[shapeOf(w)]&(1<<len(w)) != 0
}

// isStarter reports whether w, a lower-cased word that passes mayStart, is
// one of the starters: a date expression may begin at a number or a
// starter, and nowhere else.
func isStarter[S string | []byte](w S) bool {
	for _, s := range startersByShape[shapeOf(w)] {
		if s == string(w) {
			return true
		}
	}
	return false
}

// starterShape holds, by first and last byte of a word (see shapeOf), a
// bit for each length of a starter with that shape, and startersByShape
// the starters of each shape: starters are told apart from other words
// without a map look-up.
var starterShape, startersByShape, maxStarter = func() (shape [1024]uint16, words [1024][]string, longest int) {
	for w := range starters {
		shape[shapeOf(w)] |= 1 << len(w)
		words[shapeOf(w)] = append(words[shapeOf(w)], w)
		longest = max(longest, len(w))
	}
	return shape, words, longest
}()

// shapeOf returns the shape of a word by its first and last byte, the
// same for upper and lower case.
func shapeOf[S string | []byte](w S) int { return int(w[0]&31)<<5 | int(w[len(w)-1]&31) }

// modifier recognizes a qualifier before a month, year or week at token i
// ("late", "mid-", "the end of") and returns its kind and length in tokens.
func (b *block) modifier(i int) (string, int) {
	toks := b.toks
	if i >= len(toks) || toks[i].kind != 'w' {
		return "", 0
	}
	switch w := b.lower(i); w {
	case "early", "late", "last", "next", "this":
		return w, 1
	case "mid":
		if i+1 < len(toks) && b.lower(i+1) == "-" && !toks[i+1].space {
			return w, 2
		}
		return w, 1
	case "end", "beginning", "start":
		if i+1 < len(toks) && b.lower(i+1) == "of" {
			return w, 2
		}
	}
	return "", 0
}

// match tries every pattern at token i and returns the mention with the
// number of tokens it consumed, or n == 0.
func (b *block) match(i int, pub time.Time) (Mention, int) {
	mod, k := b.modifier(i)
	if k > 0 {
		if m, n := b.matchAt(i+k, pub, mod); n > 0 {
			m.Start = int(b.toks[i].start)
			return m, n + k
		}
	}
	return b.matchAt(i, pub, "")
}

func (b *block) matchAt(i int, pub time.Time, mod string) (Mention, int) {
	if i >= len(b.toks) {
		return Mention{}, 0
	}
	t := &b.toks[i]
	switch t.kind {
	case 'n':
		switch mod {
		case "":
			if m, n := b.isoDate(i); n > 0 {
				return m, n
			}
			if m, n := b.dayMonth(i, pub); n > 0 {
				return m, n
			}
			if m, n := b.bareYear(i, mod); n > 0 {
				return m, n
			}
			return b.agoPhrase(i, pub)
		case "early", "late", "mid", "end", "beginning", "start":
			return b.bareYear(i, mod) // "mid-2011", "the end of 2011"
		}
	case 'w':
		if t.cap {
			w := b.lower(i)
			if mo, ok := monthNames[w]; ok {
				return b.monthFirst(i, mo, true, pub, mod)
			}
			if mo, ok := monthAbbrevs[w]; ok {
				return b.monthFirst(i, mo, false, pub, mod)
			}
			if wd, ok := weekdays[w]; ok {
				return b.weekday(i, wd, pub, mod)
			}
		}
		if mod == "" {
			if m, n := b.relative(i, pub); n > 0 {
				return m, n
			}
			return b.agoPhrase(i, pub)
		}
		if mod == "last" || mod == "next" || mod == "this" {
			return b.relativeUnit(i, pub, mod)
		}
	}
	return Mention{}, 0
}

// is reports whether token i exists and is w, lower-cased.
func (b *block) is(i int, w string) bool { return i < len(b.toks) && b.lower(i) == w }

// number returns the value of numeric token i with 1 to width digits.
func (b *block) number(i, width int) (int, bool) {
	t := &b.toks[i]
	if t.kind != 'n' || int(t.end-t.start) > width {
		return 0, false
	}
	v := 0
	for _, c := range []byte(b.s[t.start:t.end]) {
		v = v*10 + int(c-'0')
	}
	return v, true
}

// yearAt reads a plausible four-digit year at token i.
func (b *block) yearAt(i int) (int, bool) {
	if i >= len(b.toks) || b.toks[i].kind != 'n' || len(b.lower(i)) != 4 {
		return 0, false
	}
	y, _ := b.number(i, 4)
	if y < 1800 || y > 2199 || b.numberGoesOn(i) {
		return 0, false
	}
	return y, true
}

// numberGoesOn reports whether the number at token i continues ("400,000",
// "2.5", "18:30", "2011-12" as part of something longer, "18%").
func (b *block) numberGoesOn(i int) bool {
	toks := b.toks
	if i+1 >= len(toks) || toks[i+1].space {
		return false
	}
	switch b.lower(i + 1) {
	case ",", ".", ":", "/":
		return i+2 < len(toks) && toks[i+2].kind == 'n' && !toks[i+2].space
	case "%":
		return true
	}
	return toks[i+1].kind == 'n'
}

// joinedBefore reports whether token i is glued to a word, number or
// hyphen before it ("S-300", "A4"), which makes a number part of a name.
func (b *block) joinedBefore(i int) bool {
	if i == 0 || b.toks[i].space {
		return false
	}
	if b.toks[i-1].kind != 'p' {
		return true
	}
	switch b.lower(i - 1) {
	case "-", "/", ".", ",":
		return true
	}
	return false
}

func validDay(y int, mo time.Month, d int) bool {
	if d < 1 || d > 31 || mo < 1 || mo > 12 {
		return false
	}
	if y == 0 {
		y = 2000 // a leap year: February 29 stays possible
	}
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Day() == d
}

// isoDate matches "2016-07-15".
func (b *block) isoDate(i int) (Mention, int) {
	toks := b.toks
	if i+4 >= len(toks) || len(b.lower(i)) != 4 || b.joinedBefore(i) {
		return Mention{}, 0
	}
	for k := i + 1; k <= i+4; k++ {
		if toks[k].space {
			return Mention{}, 0
		}
	}
	if b.lower(i+1) != "-" || b.lower(i+3) != "-" {
		return Mention{}, 0
	}
	y, _ := b.number(i, 4)
	mo, ok1 := b.number(i+2, 2)
	d, ok2 := b.number(i+4, 2)
	if !ok1 || !ok2 || !validDay(y, time.Month(mo), d) || b.numberGoesOn(i+4) {
		return Mention{}, 0
	}
	if i+5 < len(toks) && !toks[i+5].space && (b.lower(i+5) == "-" || toks[i+5].kind == 'w') {
		return Mention{}, 0
	}
	m := Mention{Start: int(toks[i].start), End: int(toks[i+4].end), Precision: Day}
	m.setMonthDay(time.Month(mo), d)
	m.Date = time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	return m, 5
}

// dayNumber reads a day of month at token i, with an optional ordinal
// suffix, and returns the value and tokens used.
func (b *block) dayNumber(i int) (int, int) {
	toks := b.toks
	if i >= len(toks) || toks[i].kind != 'n' || b.joinedBefore(i) {
		return 0, 0
	}
	d, ok := b.number(i, 2)
	if !ok || d < 1 || d > 31 {
		return 0, 0
	}
	n := 1
	if i+1 < len(toks) && !toks[i+1].space && toks[i+1].kind == 'w' {
		switch b.lower(i + 1) {
		case "st", "nd", "rd", "th":
			n = 2
		default:
			return 0, 0 // "17nation", "3rdparty"
		}
	} else if b.numberGoesOn(i) {
		return 0, 0
	}
	if i+n < len(toks) && !toks[i+n].space && b.lower(i+n) == "-" &&
		i+n+1 < len(toks) && toks[i+n+1].kind == 'w' && !toks[i+n+1].space {
		return 0, 0 // "17-nation"
	}
	return d, n
}

// optYear reads ", 2016" or " 2016" at token i and returns the year and
// tokens used.
func (b *block) optYear(i int) (int, int) {
	if i < len(b.toks) && b.lower(i) == "," {
		if y, ok := b.yearAt(i + 1); ok {
			return y, 2
		}
		return 0, 0
	}
	if y, ok := b.yearAt(i); ok {
		return y, 1
	}
	return 0, 0
}

// monthFirst matches "December 18", "Dec. 18, 2015", "March 2011" and, in
// context, a bare "June".
func (b *block) monthFirst(i int, mo time.Month, full bool, pub time.Time, mod string) (Mention, int) {
	toks := b.toks
	j := i + 1
	if !full && j < len(toks) && b.lower(j) == "." && !toks[j].space {
		j++
	}
	if mod == "" {
		if d, n := b.dayNumber(j); n > 0 {
			y, yn := b.optYear(j + n)
			if !validDay(y, mo, d) {
				return Mention{}, 0
			}
			end := j + n + yn
			m := Mention{Start: int(toks[i].start), End: int(toks[end-1].end), Precision: Day}
			m.setMonthDay(mo, d)
			m.Date, m.Inferred = resolveDay(y, mo, d, pub)
			return m, end - i
		}
	}
	if y, ok := b.yearAt(j); ok {
		m := Mention{Start: int(toks[i].start), End: int(toks[j].end), Precision: Month, month: uint8(mo)}
		m.Date = time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
		return m, j + 1 - i
	}
	if !full {
		return Mention{}, 0
	}
	possessive := false
	if i+2 < len(toks) && !toks[i+1].space && b.lower(i+2) == "s" {
		a := b.lower(i + 1)
		possessive = a == "'" || a == "’"
	}
	if mod == "" && !possessive && !b.monthInContext(i, mo) {
		return Mention{}, 0
	}
	m := Mention{Start: int(toks[i].start), End: int(toks[i].end), Precision: Month, month: uint8(mo)}
	m.Date, m.Inferred = resolveMonth(mo, pub, mod)
	return m, 1
}

// dayMonth matches "15 July 2016" and "18th of December".
func (b *block) dayMonth(i int, pub time.Time) (Mention, int) {
	toks := b.toks
	d, n := b.dayNumber(i)
	if n == 0 {
		return Mention{}, 0
	}
	j := i + n
	if j < len(toks) && b.lower(j) == "of" {
		j++
	}
	if j >= len(toks) || toks[j].kind != 'w' || !toks[j].cap {
		return Mention{}, 0
	}
	mo, ok := monthNames[b.lower(j)]
	if !ok {
		if mo, ok = monthAbbrevs[b.lower(j)]; !ok {
			return Mention{}, 0
		}
		if j+1 < len(toks) && b.lower(j+1) == "." && !toks[j+1].space {
			j++
		}
	}
	y, yn := b.optYear(j + 1)
	if !validDay(y, mo, d) {
		return Mention{}, 0
	}
	end := j + 1 + yn
	m := Mention{Start: int(toks[i].start), End: int(toks[end-1].end), Precision: Day}
	m.setMonthDay(mo, d)
	m.Date, m.Inferred = resolveDay(y, mo, d, pub)
	return m, end - i
}

// bareYear matches a year standing alone where only a year fits: "in 2011",
// "since 2011", "mid-2011".
func (b *block) bareYear(i int, mod string) (Mention, int) {
	toks := b.toks
	y, ok := b.yearAt(i)
	if !ok || (mod == "" && b.joinedBefore(i)) {
		return Mention{}, 0
	}
	if mod == "" && (i == 0 || !yearContext[b.lower(i-1)]) {
		return Mention{}, 0
	}
	if i+1 < len(toks) && !toks[i+1].space && b.lower(i+1) == "-" {
		return Mention{}, 0 // "2011-style", handled as a range start elsewhere or not at all
	}
	m := Mention{Start: int(toks[i].start), End: int(toks[i].end), Precision: Year}
	m.Date = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return m, 1
}

// maxGap bounds how far from publication an inferred year may put a day:
// six months, which any month and day but February 29 can meet.
const maxGap = 184 * 24 * time.Hour

// resolveDay gives a stated day its date: the stated year, or else the year
// that puts it nearest pub (ties go to the past).
func resolveDay(y int, mo time.Month, d int, pub time.Time) (time.Time, bool) {
	if y != 0 {
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), false
	}
	if pub.IsZero() {
		return time.Time{}, false
	}
	var best time.Time
	var bestDist time.Duration
	for _, cy := range []int{pub.Year() - 1, pub.Year(), pub.Year() + 1} {
		if !validDay(cy, mo, d) {
			continue
		}
		c := time.Date(cy, mo, d, 0, 0, 0, 0, time.UTC)
		dist := c.Sub(pub)
		if dist < 0 {
			dist = -dist
		}
		if dist <= maxGap && (best.IsZero() || dist < bestDist) {
			best, bestDist = c, dist
		}
	}
	return best, !best.IsZero()
}

// resolveMonth gives a month without a year its year: strictly before pub
// for "last", strictly after for "next", pub's year for "this", else the
// nearest (ties go to the past).
func resolveMonth(mo time.Month, pub time.Time, mod string) (time.Time, bool) {
	if pub.IsZero() {
		return time.Time{}, false
	}
	cur := pub.Year()*12 + int(pub.Month()) - 1
	best := 0
	switch mod {
	case "last":
		best = cur - 1
		for best%12 != int(mo)-1 {
			best--
		}
	case "next":
		best = cur + 1
		for best%12 != int(mo)-1 {
			best++
		}
	case "this":
		best = pub.Year()*12 + int(mo) - 1
	default:
		best = cur - 6
		for best%12 != int(mo)-1 {
			best++
		}
	}
	return time.Date(best/12, time.Month(best%12+1), 1, 0, 0, 0, 0, time.UTC), true
}

// weekday matches "Monday", "on Monday", "last Monday", "next Monday".
func (b *block) weekday(i int, wd time.Weekday, pub time.Time, mod string) (Mention, int) {
	switch mod {
	case "", "last", "next", "this", "early", "late":
	default:
		return Mention{}, 0
	}
	toks := b.toks
	m := Mention{Start: int(toks[i].start), End: int(toks[i].end), Precision: Day, weekday: uint8(wd), hasWD: true}
	if mod == "" && i > 0 && b.lower(i-1) == "on" {
		m.Start = int(toks[i-1].start)
	}
	if !pub.IsZero() {
		// Unmarked sentences are read as past, as news usually is; "this
		// Monday" looks ahead unless the sentence is in the past.
		dir := -1
		switch t := b.tense(i); {
		case mod == "last":
		case mod == "next", t > 0, mod == "this" && t == 0:
			dir = 1
		}
		delta := (int(wd) - int(pub.Weekday()) + 7) % 7 // days forward to wd
		if dir < 0 && delta != 0 {
			delta -= 7
		}
		if delta == 0 && (mod == "last" || mod == "next") {
			delta = 7 * dir
		}
		m.Date = pub.AddDate(0, 0, delta)
		m.Inferred = true
		m.setMonthDay(m.Date.Month(), m.Date.Day())
	}
	return m, 1
}

var futureWords = set("will", "ll", "shall", "would", "upcoming", "scheduled", "planned",
	"plans", "plan", "expected", "due", "set", "going", "next", "tomorrow")

var pastWords = set("said", "told", "met", "was", "were", "had", "did", "came", "went",
	"held", "made", "took", "gave", "saw", "spoke", "began", "left", "ago", "last", "yesterday")

var beWords = set("is", "are", "am")

// tense reads the words before the weekday at token i, back to the start
// of the sentence, and returns +1 for future, -1 for past and 0 when no
// marker is found. The nearest marker decides: "is to meet on Monday" is
// future, "said on Monday" past.
func (b *block) tense(i int) int {
	toks := b.toks
	for k := i - 1; k >= 0 && i-k <= 20; k-- {
		t := &toks[k]
		w := b.lower(k)
		if t.kind == 'p' && (w == "." || w == "!" || w == "?" || w == ";") {
			break
		}
		if t.kind != 'w' {
			continue
		}
		if futureWords[w] {
			return 1
		}
		if beWords[w] && k+1 < i && (b.lower(k+1) == "to" || strings.HasSuffix(b.lower(k+1), "ing")) {
			return 1 // "is to meet", "are meeting"
		}
		if pastWords[w] || (len(w) > 4 && strings.HasSuffix(w, "ed")) {
			return -1
		}
	}
	return 0
}

// relative matches "yesterday", "today", "tonight", "tomorrow" and "this
// morning" and the like.
func (b *block) relative(i int, pub time.Time) (Mention, int) {
	toks := b.toks
	off, n := 0, 1
	switch b.lower(i) {
	case "yesterday":
		off = -1
	case "today", "tonight":
	case "tomorrow":
		off = 1
	case "this":
		if i+1 >= len(toks) {
			return Mention{}, 0
		}
		switch b.lower(i + 1) {
		case "morning", "afternoon", "evening":
			n = 2
		default:
			return Mention{}, 0
		}
	default:
		return Mention{}, 0
	}
	m := Mention{Start: int(toks[i].start), End: int(toks[i+n-1].end), Precision: Day}
	if !pub.IsZero() {
		m.Date = pub.AddDate(0, 0, off)
		m.Inferred = true
		m.setMonthDay(m.Date.Month(), m.Date.Day())
	}
	return m, n
}

// relativeUnit matches the unit of "last week", "next month", "this year".
// Weeks are reported unresolved.
func (b *block) relativeUnit(i int, pub time.Time, mod string) (Mention, int) {
	toks := b.toks
	if i >= len(toks) || toks[i].kind != 'w' {
		return Mention{}, 0
	}
	step := 0
	switch mod {
	case "last":
		step = -1
	case "next":
		step = 1
	}
	m := Mention{Start: int(toks[i].start), End: int(toks[i].end)}
	switch b.lower(i) {
	case "week":
		m.Precision = Week
	case "month":
		m.Precision = Month
		if !pub.IsZero() {
			m.Date = time.Date(pub.Year(), pub.Month()+time.Month(step), 1, 0, 0, 0, 0, time.UTC)
			m.Inferred = true
		}
	case "year":
		m.Precision = Year
		if !pub.IsZero() {
			m.Date = time.Date(pub.Year()+step, 1, 1, 0, 0, 0, 0, time.UTC)
			m.Inferred = true
		}
	default:
		return Mention{}, 0
	}
	return m, 1
}

// agoPhrase matches "three days ago", "2 years ago", "a few weeks ago".
func (b *block) agoPhrase(i int, pub time.Time) (Mention, int) {
	toks := b.toks
	if !b.is(i+2, "ago") && !b.is(i+3, "ago") {
		return Mention{}, 0 // "ago" ends the phrase, two or three tokens on
	}
	j := i
	count, known := 0, true
	t := &toks[j]
	w := b.lower(j)
	switch {
	case t.kind == 'n':
		v, ok := b.number(j, 3)
		if !ok || b.joinedBefore(j) {
			return Mention{}, 0
		}
		count = v
	case numberWords[w] > 0:
		count = numberWords[w]
		if w == "a" && j+1 < len(toks) && b.lower(j+1) == "few" {
			j++
			known = false
		}
	case w == "few" || w == "several" || w == "some" || w == "many":
		known = false
	default:
		return Mention{}, 0
	}
	if j+2 >= len(toks) || b.lower(j+2) != "ago" {
		return Mention{}, 0
	}
	unit := strings.TrimSuffix(b.lower(j+1), "s")
	m := Mention{Start: int(t.start), End: int(toks[j+2].end)}
	var dy, dm, dd int
	switch unit {
	case "day":
		m.Precision, dd = Day, -count
	case "week":
		m.Precision, dd = Week, -7*count
	case "month":
		m.Precision, dm = Month, -count
	case "year":
		m.Precision, dy = Year, -count
	default:
		return Mention{}, 0
	}
	if known && !pub.IsZero() && m.Precision != Week {
		d := pub.AddDate(dy, dm, dd)
		switch m.Precision {
		case Month:
			d = time.Date(pub.Year(), pub.Month()+time.Month(dm), 1, 0, 0, 0, 0, time.UTC)
		case Year:
			d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		case Day:
			m.setMonthDay(d.Month(), d.Day())
		}
		m.Date, m.Inferred = d, true
	}
	return m, j + 3 - i
}

// span is a sentence's byte range in a block.
type span struct{ start, end int }

// abbrevs end with a period that does not end a sentence.
var abbrevs = set("mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "gov",
	"sen", "rep", "prof", "jr", "sr", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul",
	"aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd")

// sentences splits block s at ". ", "! " and "? " (closing quotes allowed)
// followed by an upper-case letter, digit or opening quote, except after an
// abbreviation or a single letter ("U.S. officials", "J. Okafor"). It
// appends the sentences to out. Every ".", "!" and "?" is a token of its
// own: those are the places it examines.
func (b *block) sentences(s string, out []span) []span {
	start := 0
	for x := range b.toks {
		t := &b.toks[x]
		if t.kind != 'p' || t.end-t.start != 1 {
			continue
		}
		i := int(t.start)
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if r == '"' || r == '\'' || r == '”' || r == '’' || r == ')' {
				j += n
				continue
			}
			break
		}
		if j >= len(s) || s[j] != ' ' {
			continue
		}
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k >= len(s) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' && r != '“' && r != '\'' && r != '‘' {
			continue
		}
		if c == '.' {
			w := i
			for w > start {
				r, n := utf8.DecodeLastRuneInString(s[:w])
				if !unicode.IsLetter(r) {
					break
				}
				w -= n
			}
			word := s[w:i]
			if isAbbrev(word) || utf8.RuneCountInString(word) == 1 {
				continue
			}
		}
		out = append(out, span{start, j})
		start = k
	}
	if start < len(s) {
		out = append(out, span{start, len(s)})
	}
	return out
}

// isAbbrev reports abbrevs[strings.ToLower(w)], without allocating for
// ASCII.
func isAbbrev(w string) bool {
	var b [4]byte // the longest abbreviation
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return abbrevs[strings.ToLower(w)]
		}
		if i < len(b) {
			b[i] = c | 0x20 // w is letters
		}
	}
	return len(w) <= len(b) && abbrevs[string(b[:len(w)])]
}

func sentenceAt(s string, sents []span, off int) string {
	for _, sp := range sents {
		if off < sp.end {
			return strings.TrimSpace(s[sp.start:sp.end])
		}
	}
	return strings.TrimSpace(s)
}
