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
	Inferred          bool   // the year, or the day itself, came from the publication date
	Sentence          string // the sentence containing the expression

	month   time.Month   // stated month, 0 if none
	day     int          // stated day of month, 0 if none
	weekday time.Weekday // stated weekday, valid when hasWD
	hasWD   bool
}

// MonthDay returns the month and day the expression states, even when its
// year is unknown and Date is zero.
func (m Mention) MonthDay() (time.Month, int, bool) {
	if m.month == 0 || m.day == 0 {
		return 0, 0, false
	}
	return m.month, m.day, true
}

// Weekday returns the weekday the expression names ("on Monday").
func (m Mention) Weekday() (time.Weekday, bool) { return m.weekday, m.hasWD }

// Find returns the date expressions in text, block by block and left to
// right. published is the article's publication date, zero when unknown.
func Find(text []string, published time.Time) []Mention {
	var pub time.Time
	if !published.IsZero() {
		pub = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, time.UTC)
	}
	var out []Mention
	bp := tokenPool.Get().(*[]token)
	toks := (*bp)[:0]
	defer func() {
		clear(toks) // let go of the text
		*bp = toks[:0]
		tokenPool.Put(bp)
	}()
	for b, s := range text {
		toks = tokenize(s, toks[:0])
		var sents []span
		for i := 0; i < len(toks); {
			if !canStart(toks[i]) {
				i++
				continue
			}
			m, n := match(toks, i, pub)
			if n == 0 {
				i++
				continue
			}
			m.Block = b
			m.Text = s[m.Start:m.End]
			if sents == nil {
				sents = sentences(s)
			}
			m.Sentence = sentenceAt(s, sents, m.Start)
			out = append(out, m)
			i += n
		}
	}
	return out
}

// token is a word, a number or one punctuation rune of a block.
type token struct {
	start, end int
	kind       byte   // 'w' word, 'n' number, 'p' punctuation
	lower      string // lower-cased text for words, text otherwise
	cap        bool   // word starting with an upper-case letter
	space      bool   // white space before it
}

func tokenize(s string, toks []token) []token {
	space := true
	var lower []byte                 // the capitalized ASCII words lower-cased, one after another
	var spans []int                  // for each of them: its token, where it starts in lower
	toks = slices.Grow(toks, len(s)) // a token takes a byte at least
	for i := 0; i < len(s); {
		c := s[i]
		k := charClass[c]
		if k&cHigh != 0 {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsSpace(r):
				space = true
				i += n
				continue
			case unicode.IsLetter(r):
				j := wordEnd(s, i)
				toks = append(toks, token{start: i, end: j, kind: 'w', lower: strings.ToLower(s[i:j]), cap: unicode.IsUpper(r), space: space})
				i = j
			default:
				toks = append(toks, token{start: i, end: i + n, kind: 'p', lower: s[i : i+n], space: space})
				i += n
			}
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
				toks = append(toks, token{start: i, end: j, kind: 'w', lower: strings.ToLower(s[i:j]), cap: k&cUpper != 0, space: space})
				i = j
				break
			}
			if all&cUpper != 0 {
				// strings.ToLower, with one allocation for the block.
				spans = append(spans, len(toks), len(lower))
				for x := i; x < j; x++ {
					lower = append(lower, s[x]|0x20)
				}
			}
			toks = toks[:len(toks)+1]
			t := &toks[len(toks)-1] // set field by field: a struct literal costs more
			t.start, t.end, t.kind, t.lower, t.cap, t.space = i, j, 'w', s[i:j], k&cUpper != 0, space
			i = j
		case k&cDigit != 0:
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			toks = append(toks, token{start: i, end: j, kind: 'n', lower: s[i:j], space: space})
			i = j
		default:
			toks = toks[:len(toks)+1]
			t := &toks[len(toks)-1]
			t.start, t.end, t.kind, t.lower, t.cap, t.space = i, i+1, 'p', s[i:i+1], false, space
			i++
		}
		space = false
	}
	if len(spans) > 0 {
		l := string(lower)
		for x := 0; x < len(spans); x += 2 {
			t := &toks[spans[x]]
			at := spans[x+1]
			t.lower = l[at : at+t.end-t.start]
		}
	}
	return toks
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
func monthInContext(toks []token, i int, mo time.Month) bool {
	if i == 0 {
		return false
	}
	w := toks[i-1].lower
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

// canStart reports whether a date expression may begin at t: a cheap
// filter before the patterns are tried.
func canStart(t token) bool {
	if t.kind == 'n' {
		return true
	}
	if t.kind != 'w' || len(t.lower) > maxStarter || starterShape[shapeOf(t.lower)]&(1<<len(t.lower)) == 0 {
		return false
	}
	return starters[t.lower]
}

// starterShape holds, by first and last byte of a word (see shapeOf), a
// bit for each length of a starter with that shape: most words are told
// apart from the starters without a map look-up.
var starterShape, maxStarter = func() (shape [1024]uint16, longest int) {
	for w := range starters {
		shape[shapeOf(w)] |= 1 << len(w)
		longest = max(longest, len(w))
	}
	return shape, longest
}()

func shapeOf(w string) int { return int(w[0]&31)<<5 | int(w[len(w)-1]&31) }

var tokenPool = sync.Pool{New: func() any { return new([]token) }}

// modifier recognizes a qualifier before a month, year or week at toks[i:]
// ("late", "mid-", "the end of") and returns its kind and length in tokens.
func modifier(toks []token, i int) (string, int) {
	if i >= len(toks) || toks[i].kind != 'w' {
		return "", 0
	}
	switch w := toks[i].lower; w {
	case "early", "late", "last", "next", "this":
		return w, 1
	case "mid":
		if i+1 < len(toks) && toks[i+1].lower == "-" && !toks[i+1].space {
			return w, 2
		}
		return w, 1
	case "end", "beginning", "start":
		if i+1 < len(toks) && toks[i+1].lower == "of" {
			return w, 2
		}
	}
	return "", 0
}

// match tries every pattern at toks[i] and returns the mention with the
// number of tokens it consumed, or n == 0.
func match(toks []token, i int, pub time.Time) (Mention, int) {
	mod, k := modifier(toks, i)
	if k > 0 {
		if m, n := matchAt(toks, i+k, pub, mod); n > 0 {
			m.Start = toks[i].start
			return m, n + k
		}
	}
	return matchAt(toks, i, pub, "")
}

func matchAt(toks []token, i int, pub time.Time, mod string) (Mention, int) {
	if i >= len(toks) {
		return Mention{}, 0
	}
	t := toks[i]
	switch t.kind {
	case 'n':
		switch mod {
		case "":
			if m, n := isoDate(toks, i); n > 0 {
				return m, n
			}
			if m, n := dayMonth(toks, i, pub); n > 0 {
				return m, n
			}
			if m, n := bareYear(toks, i, mod); n > 0 {
				return m, n
			}
			return agoPhrase(toks, i, pub)
		case "early", "late", "mid", "end", "beginning", "start":
			return bareYear(toks, i, mod) // "mid-2011", "the end of 2011"
		}
	case 'w':
		if mo, ok := monthNames[t.lower]; ok && t.cap {
			return monthFirst(toks, i, mo, true, pub, mod)
		}
		if mo, ok := monthAbbrevs[t.lower]; ok && t.cap {
			return monthFirst(toks, i, mo, false, pub, mod)
		}
		if wd, ok := weekdays[t.lower]; ok && t.cap {
			return weekday(toks, i, wd, pub, mod)
		}
		if mod == "" {
			if m, n := relative(toks, i, pub); n > 0 {
				return m, n
			}
			return agoPhrase(toks, i, pub)
		}
		if mod == "last" || mod == "next" || mod == "this" {
			return relativeUnit(toks, i, pub, mod)
		}
	}
	return Mention{}, 0
}

// number returns the value of a numeric token with 1 to width digits.
func number(t token, width int) (int, bool) {
	if t.kind != 'n' || len(t.lower) > width {
		return 0, false
	}
	v := 0
	for _, c := range []byte(t.lower) {
		v = v*10 + int(c-'0')
	}
	return v, true
}

// yearAt reads a plausible four-digit year at toks[i].
func yearAt(toks []token, i int) (int, bool) {
	if i >= len(toks) || toks[i].kind != 'n' || len(toks[i].lower) != 4 {
		return 0, false
	}
	y, _ := number(toks[i], 4)
	if y < 1800 || y > 2199 || numberGoesOn(toks, i) {
		return 0, false
	}
	return y, true
}

// numberGoesOn reports whether the number at toks[i] continues ("400,000",
// "2.5", "18:30", "2011-12" as part of something longer, "18%").
func numberGoesOn(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i+1].space {
		return false
	}
	switch toks[i+1].lower {
	case ",", ".", ":", "/":
		return i+2 < len(toks) && toks[i+2].kind == 'n' && !toks[i+2].space
	case "%":
		return true
	}
	return toks[i+1].kind == 'n'
}

// joinedBefore reports whether toks[i] is glued to a word, number or hyphen
// before it ("S-300", "A4"), which makes a number part of a name.
func joinedBefore(toks []token, i int) bool {
	if i == 0 || toks[i].space {
		return false
	}
	p := toks[i-1]
	return p.kind != 'p' || p.lower == "-" || p.lower == "/" || p.lower == "." || p.lower == ","
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
func isoDate(toks []token, i int) (Mention, int) {
	if i+4 >= len(toks) || len(toks[i].lower) != 4 || joinedBefore(toks, i) {
		return Mention{}, 0
	}
	for k := i + 1; k <= i+4; k++ {
		if toks[k].space {
			return Mention{}, 0
		}
	}
	if toks[i+1].lower != "-" || toks[i+3].lower != "-" {
		return Mention{}, 0
	}
	y, _ := number(toks[i], 4)
	mo, ok1 := number(toks[i+2], 2)
	d, ok2 := number(toks[i+4], 2)
	if !ok1 || !ok2 || !validDay(y, time.Month(mo), d) || numberGoesOn(toks, i+4) {
		return Mention{}, 0
	}
	if i+5 < len(toks) && !toks[i+5].space && (toks[i+5].lower == "-" || toks[i+5].kind == 'w') {
		return Mention{}, 0
	}
	m := Mention{Start: toks[i].start, End: toks[i+4].end, Precision: Day, month: time.Month(mo), day: d}
	m.Date = time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	return m, 5
}

// dayNumber reads a day of month at toks[i], with an optional ordinal
// suffix, and returns the value and tokens used.
func dayNumber(toks []token, i int) (int, int) {
	if i >= len(toks) || toks[i].kind != 'n' || joinedBefore(toks, i) {
		return 0, 0
	}
	d, ok := number(toks[i], 2)
	if !ok || d < 1 || d > 31 {
		return 0, 0
	}
	n := 1
	if i+1 < len(toks) && !toks[i+1].space && toks[i+1].kind == 'w' {
		switch toks[i+1].lower {
		case "st", "nd", "rd", "th":
			n = 2
		default:
			return 0, 0 // "17nation", "3rdparty"
		}
	} else if numberGoesOn(toks, i) {
		return 0, 0
	}
	if i+n < len(toks) && !toks[i+n].space && toks[i+n].lower == "-" &&
		i+n+1 < len(toks) && toks[i+n+1].kind == 'w' && !toks[i+n+1].space {
		return 0, 0 // "17-nation"
	}
	return d, n
}

// optYear reads ", 2016" or " 2016" at toks[i] and returns the year and
// tokens used.
func optYear(toks []token, i int) (int, int) {
	if i < len(toks) && toks[i].lower == "," {
		if y, ok := yearAt(toks, i+1); ok {
			return y, 2
		}
		return 0, 0
	}
	if y, ok := yearAt(toks, i); ok {
		return y, 1
	}
	return 0, 0
}

// monthFirst matches "December 18", "Dec. 18, 2015", "March 2011" and, in
// context, a bare "June".
func monthFirst(toks []token, i int, mo time.Month, full bool, pub time.Time, mod string) (Mention, int) {
	j := i + 1
	if !full && j < len(toks) && toks[j].lower == "." && !toks[j].space {
		j++
	}
	if mod == "" {
		if d, n := dayNumber(toks, j); n > 0 {
			y, yn := optYear(toks, j+n)
			if !validDay(y, mo, d) {
				return Mention{}, 0
			}
			end := j + n + yn
			m := Mention{Start: toks[i].start, End: toks[end-1].end, Precision: Day, month: mo, day: d}
			m.Date, m.Inferred = resolveDay(y, mo, d, pub)
			return m, end - i
		}
	}
	if y, ok := yearAt(toks, j); ok {
		m := Mention{Start: toks[i].start, End: toks[j].end, Precision: Month, month: mo}
		m.Date = time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
		return m, j + 1 - i
	}
	if !full {
		return Mention{}, 0
	}
	possessive := i+2 < len(toks) && (toks[i+1].lower == "'" || toks[i+1].lower == "’") && toks[i+2].lower == "s" && !toks[i+1].space
	if mod == "" && !possessive && !monthInContext(toks, i, mo) {
		return Mention{}, 0
	}
	m := Mention{Start: toks[i].start, End: toks[i].end, Precision: Month, month: mo}
	m.Date, m.Inferred = resolveMonth(mo, pub, mod)
	return m, 1
}

// dayMonth matches "15 July 2016" and "18th of December".
func dayMonth(toks []token, i int, pub time.Time) (Mention, int) {
	d, n := dayNumber(toks, i)
	if n == 0 {
		return Mention{}, 0
	}
	j := i + n
	if j < len(toks) && toks[j].lower == "of" {
		j++
	}
	if j >= len(toks) || toks[j].kind != 'w' || !toks[j].cap {
		return Mention{}, 0
	}
	mo, ok := monthNames[toks[j].lower]
	if !ok {
		if mo, ok = monthAbbrevs[toks[j].lower]; !ok {
			return Mention{}, 0
		}
		if j+1 < len(toks) && toks[j+1].lower == "." && !toks[j+1].space {
			j++
		}
	}
	y, yn := optYear(toks, j+1)
	if !validDay(y, mo, d) {
		return Mention{}, 0
	}
	end := j + 1 + yn
	m := Mention{Start: toks[i].start, End: toks[end-1].end, Precision: Day, month: mo, day: d}
	m.Date, m.Inferred = resolveDay(y, mo, d, pub)
	return m, end - i
}

// bareYear matches a year standing alone where only a year fits: "in 2011",
// "since 2011", "mid-2011".
func bareYear(toks []token, i int, mod string) (Mention, int) {
	y, ok := yearAt(toks, i)
	if !ok || (mod == "" && joinedBefore(toks, i)) {
		return Mention{}, 0
	}
	if mod == "" && (i == 0 || !yearContext[toks[i-1].lower]) {
		return Mention{}, 0
	}
	if i+1 < len(toks) && !toks[i+1].space && toks[i+1].lower == "-" {
		return Mention{}, 0 // "2011-style", handled as a range start elsewhere or not at all
	}
	m := Mention{Start: toks[i].start, End: toks[i].end, Precision: Year}
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
func weekday(toks []token, i int, wd time.Weekday, pub time.Time, mod string) (Mention, int) {
	switch mod {
	case "", "last", "next", "this", "early", "late":
	default:
		return Mention{}, 0
	}
	m := Mention{Start: toks[i].start, End: toks[i].end, Precision: Day, weekday: wd, hasWD: true}
	if mod == "" && i > 0 && toks[i-1].lower == "on" {
		m.Start = toks[i-1].start
	}
	if !pub.IsZero() {
		// Unmarked sentences are read as past, as news usually is; "this
		// Monday" looks ahead unless the sentence is in the past.
		dir := -1
		switch t := tense(toks, i); {
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
		m.month, m.day = m.Date.Month(), m.Date.Day()
	}
	return m, 1
}

var futureWords = set("will", "ll", "shall", "would", "upcoming", "scheduled", "planned",
	"plans", "plan", "expected", "due", "set", "going", "next", "tomorrow")

var pastWords = set("said", "told", "met", "was", "were", "had", "did", "came", "went",
	"held", "made", "took", "gave", "saw", "spoke", "began", "left", "ago", "last", "yesterday")

var beWords = set("is", "are", "am")

// tense reads the words before the weekday at toks[i], back to the start
// of the sentence, and returns +1 for future, -1 for past and 0 when no
// marker is found. The nearest marker decides: "is to meet on Monday" is
// future, "said on Monday" past.
func tense(toks []token, i int) int {
	for k := i - 1; k >= 0 && i-k <= 20; k-- {
		t := toks[k]
		if t.kind == 'p' && (t.lower == "." || t.lower == "!" || t.lower == "?" || t.lower == ";") {
			break
		}
		if t.kind != 'w' {
			continue
		}
		if futureWords[t.lower] {
			return 1
		}
		if beWords[t.lower] && k+1 < i && (toks[k+1].lower == "to" || strings.HasSuffix(toks[k+1].lower, "ing")) {
			return 1 // "is to meet", "are meeting"
		}
		if pastWords[t.lower] || (len(t.lower) > 4 && strings.HasSuffix(t.lower, "ed")) {
			return -1
		}
	}
	return 0
}

// relative matches "yesterday", "today", "tonight", "tomorrow" and "this
// morning" and the like.
func relative(toks []token, i int, pub time.Time) (Mention, int) {
	t := toks[i]
	off, n := 0, 1
	switch t.lower {
	case "yesterday":
		off = -1
	case "today", "tonight":
	case "tomorrow":
		off = 1
	case "this":
		if i+1 >= len(toks) {
			return Mention{}, 0
		}
		switch toks[i+1].lower {
		case "morning", "afternoon", "evening":
			n = 2
		default:
			return Mention{}, 0
		}
	default:
		return Mention{}, 0
	}
	m := Mention{Start: t.start, End: toks[i+n-1].end, Precision: Day}
	if !pub.IsZero() {
		m.Date = pub.AddDate(0, 0, off)
		m.Inferred = true
		m.month, m.day = m.Date.Month(), m.Date.Day()
	}
	return m, n
}

// relativeUnit matches the unit of "last week", "next month", "this year".
// Weeks are reported unresolved.
func relativeUnit(toks []token, i int, pub time.Time, mod string) (Mention, int) {
	if i >= len(toks) || toks[i].kind != 'w' {
		return Mention{}, 0
	}
	step := map[string]int{"last": -1, "next": 1, "this": 0}[mod]
	m := Mention{Start: toks[i].start, End: toks[i].end}
	switch toks[i].lower {
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
func agoPhrase(toks []token, i int, pub time.Time) (Mention, int) {
	j := i
	count, known := 0, true
	t := toks[j]
	switch {
	case t.kind == 'n':
		v, ok := number(t, 3)
		if !ok || joinedBefore(toks, j) {
			return Mention{}, 0
		}
		count = v
	case numberWords[t.lower] > 0:
		count = numberWords[t.lower]
		if t.lower == "a" && j+1 < len(toks) && toks[j+1].lower == "few" {
			j++
			known = false
		}
	case t.lower == "few" || t.lower == "several" || t.lower == "some" || t.lower == "many":
		known = false
	default:
		return Mention{}, 0
	}
	if j+2 >= len(toks) || toks[j+2].lower != "ago" {
		return Mention{}, 0
	}
	unit := strings.TrimSuffix(toks[j+1].lower, "s")
	m := Mention{Start: t.start, End: toks[j+2].end}
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
			m.month, m.day = d.Month(), d.Day()
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

// sentences splits a block at ". ", "! " and "? " (closing quotes allowed)
// followed by an upper-case letter, digit or opening quote, except after an
// abbreviation or a single letter ("U.S. officials", "J. Okafor").
func sentences(s string) []span {
	var out []span
	start := 0
	for i := 0; i < len(s); i++ {
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
			if abbrevs[strings.ToLower(word)] || utf8.RuneCountInString(word) == 1 {
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

func sentenceAt(s string, sents []span, off int) string {
	for _, sp := range sents {
		if off < sp.end {
			return strings.TrimSpace(s[sp.start:sp.end])
		}
	}
	return strings.TrimSpace(s)
}
