package events

import (
	"math"
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
// participants and dates.
func features(d *Doc) map[string]float64 {
	words := make(map[string]float64, 256)
	names := make(map[string]float64, 64)
	midCaps := map[string]bool{}
	blocks := make([][]tok, len(d.Text))
	for b, s := range d.Text {
		blocks[b] = tokenize(s, nil)
		if b == 0 {
			continue // headlines are title case: they say nothing about names
		}
		for _, t := range blocks[b] {
			if t.cap && !t.initial {
				midCaps[t.lower] = true
			}
		}
	}
	var run []string
	for b, toks := range blocks {
		weight := 1.0
		if b == 0 {
			weight = 2 // the headline names the event
		}
		flush := func() {
			for len(run) > 0 && class[run[len(run)-1]]&connector != 0 {
				run = run[:len(run)-1]
			}
			prev := ""
			for _, w := range run {
				if class[w]&connector != 0 {
					continue
				}
				names[w] += weight
				if prev != "" {
					names[prev+" "+w] += weight
				}
				prev = w
			}
			run = run[:0]
		}
		for _, t := range toks {
			if t.breaks {
				flush()
			}
			c := class[t.lower]
			short := utf8.RuneCountInString(t.lower) < 2
			// A capitalized word is a name where nothing else explains the
			// capital: inside a body sentence, or at a sentence start or in
			// the (title-case) headline when the article also capitalizes it
			// inside a sentence.
			isName := t.cap && !t.digit && c&calendar == 0 && !short &&
				((!t.initial && b > 0) || (c&stopword == 0 && midCaps[t.lower]))
			st := stem(t.lower)
			switch {
			case isName:
				run = append(run, st)
			case len(run) > 0 && c&connector != 0:
				run = append(run, t.lower)
			default:
				flush()
			}
			if c&(stopword|calendar) == 0 && !short {
				words[st] += weight
			}
		}
		flush()
	}
	counts := make(map[string]float64, len(words)+len(names)+len(d.Participants)+8)
	for k, c := range words {
		counts[nsWord+k] = 1 + math.Log(c)
	}
	for k, c := range names {
		counts[nsName+k] = 1 + math.Log(c)
	}
	for _, p := range d.Participants {
		if p != "" {
			counts[nsParticipant+p] = 1
		}
	}
	for _, m := range dates.Find(d.Text, d.Date) {
		if mo, day, ok := m.MonthDay(); ok {
			counts[nsDay+monthDay(mo, day)] = 1
		}
		if wd, ok := m.Weekday(); ok {
			counts[nsWeekday+strings.ToLower(wd.String())] = 1
		}
	}
	for _, t := range d.Dates {
		if !t.IsZero() {
			counts[nsDay+monthDay(t.Month(), t.Day())] = 1
		}
	}
	return counts
}

func monthDay(m time.Month, d int) string {
	return string([]byte{byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)})
}

// tok is one word of a block.
type tok struct {
	lower   string
	cap     bool // first letter upper case
	allCaps bool // two or more letters, all upper case
	digit   bool // starts with a digit
	initial bool // starts a block, sentence, quote or bracket
	breaks  bool // punctuation other than a hyphen or an apostrophe separates it from the previous word
}

func tokenize(s string, out []tok) []tok {
	initial, breaks := true, true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			switch {
			case unicode.IsSpace(r), r == '-', r == '\'', r == '’':
			case r == '.' || r == '!' || r == '?' || r == ':' || r == ';' || r == '"' ||
				r == '“' || r == '”' || r == '(' || r == '[' || r == '‘' || r == '—' || r == '–':
				initial, breaks = true, true
			default:
				breaks = true
			}
			i += n
			continue
		}
		j := i
		upper, letters := 0, 0
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r2) {
				break
			}
			if unicode.IsLetter(r2) {
				letters++
				if unicode.IsUpper(r2) {
					upper++
				}
			}
			j += n2
		}
		w := s[i:j]
		out = append(out, tok{
			lower:   strings.ToLower(w),
			cap:     unicode.IsUpper(r),
			allCaps: letters >= 2 && upper == letters,
			digit:   unicode.IsDigit(r),
			initial: initial,
			breaks:  breaks,
		})
		initial, breaks = false, false
		i = j
	}
	return out
}

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
