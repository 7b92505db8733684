package events

// The reference feature extraction: the plain implementation Group used
// before features were interned (see extractor). TestFeaturesMatchReference
// holds the fast one to it, feature for feature and weight for weight.

import (
	"maps"
	"math"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"briefing/site/dates"
)

// refFeatures returns a document's raw feature weights: 1+ln(count) for words
// and names, with headline occurrences counted twice, and 1 for
// participants and dates.
func refFeatures(d *Doc) map[string]float64 {
	words := make(map[string]float64, 256)
	names := make(map[string]float64, 64)
	midCaps := map[string]bool{}
	blocks := make([][]refTok, len(d.Text))
	for b, s := range d.Text {
		blocks[b] = refTokenize(s, nil)
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

// refTok is one word of a block.
type refTok struct {
	lower   string
	cap     bool // first letter upper case
	allCaps bool // two or more letters, all upper case
	digit   bool // starts with a digit
	initial bool // starts a block, sentence, quote or bracket
	breaks  bool // punctuation other than a hyphen or an apostrophe separates it from the previous word
}

func refTokenize(s string, out []refTok) []refTok {
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
		out = append(out, refTok{
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

// TestFeaturesMatchReference holds the interning extractor to the plain
// implementation: the same features with the same weights, bit for bit,
// on generated clippings (dated and not), the synthetic corpus, the seeds
// and text made to trip it up.
func TestFeaturesMatchReference(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 100
	}
	syn, _ := synthetic(n, 2)
	var docs []Doc
	docs = append(docs, corpusDocs(t, n)...)
	docs = append(docs, datedCorpusDocs(t, n)...)
	docs = append(docs, syn...)
	docs = append(docs, seedDocs(t)...)
	for _, m := range corpus {
		docs = append(docs, m.doc())
	}
	pub := time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, text := range [][]string{
		{"FRİDAY talks", "They met on FrİDAY and on \u212aing Day, then on Monday’s eve."},
		{"x", "Dec18 and December2015, 18December, 2016-07-15, 3rd-party, S-300, 17-nation group."},
		{"x", "\u0301Monday the 4th; Mar. 3 and 4 Mar 2016. She left three days ago, yesterday and this morning."},
		{"x", "A \u00a0Tuesday\u2003meeting — “Wednesday” (Thursday) [Friday] ‘Saturday’ – Sunday."},
		{"x", "Ça va à Zürich: Élysée Palace, O’Brien, al-Assad of the Joint Chiefs of Staff, Bashar al-Assad."},
		{"x", "١٢ December; Ⅻ March 3; ＭＯＮＤＡＹ; \xff\xfeMonday; March\u0301 5"},
		{"x", "She left three days ago.", "It rained yesterday.", "They meet this morning.", "TODAY.", "Tonight?", "Tomorrow!"},
		{"x", "Talks 2016-07-15.", "2011-12 and 300-400."},
		{"x", "They met. Monday was quiet. He will go; Tuesday is set. It was said! Wednesday? Yes. Thursday.", "They will meet envoys, Tuesday talks."},
		{"x", "He left on Dec. 18 and came back 18 Dec. Then he rested. In 2011. Then three. Days ago. Last. Monday."},
		{"x", "The talks will start. On Monday the envoys left. Early. March 3 was set. End. Of 2016."},
		{"x", "It was this. Morning talks. They met two days. Ago. Mid. December 5. Jan. 5, 2016. Sept. Friday."},
		{"x", "On the 18th of December.", "December 18th.", "the 18 December talks", "in December, 2016", "Dec. 3 and 4 Jan", "of May 5", "May of 2016 and 5 of May"},
		{"x", "Mid-December 5 and December's 6th; December 2016 in March 2016; 3rd Mar; Mar 3rd."},
		{"", ""},
		{},
	} {
		docs = append(docs, Doc{Text: text}, Doc{Text: text, Date: pub, Dates: []time.Time{pub}, Participants: []string{"a", "", "a", "b c"}})
	}
	x := newExtractor()
	for k := range docs {
		d := &docs[k]
		want := refFeatures(d)
		x.extract(d)
		got := make(map[string]float64, len(x.out))
		for _, f := range x.out {
			if _, dup := got[x.keys[f.id]]; dup {
				t.Errorf("doc %d: feature %q twice", k, x.keys[f.id])
			}
			got[x.keys[f.id]] = weight(f.count)
		}
		if !maps.Equal(got, want) {
			for key, w := range want {
				if g, ok := got[key]; !ok || g != w {
					t.Errorf("doc %d (%.40q): %q = %v, want %v", k, d.Title, key, g, w)
				}
			}
			for key, g := range got {
				if _, ok := want[key]; !ok {
					t.Errorf("doc %d (%.40q): unwanted %q = %v", k, d.Title, key, g)
				}
			}
		}
	}
}

// FuzzFeatures holds the extractor to the plain implementation on any
// text, dated and not.
func FuzzFeatures(f *testing.F) {
	for _, s := range []string{
		"Lind and Okafor sign Arctic fisheries accord in Oslo\n\nOSLO (Nordic Press) - Foreign Minister Mara Lind met Tomas Okafor on Monday.",
		"x\n\nThey met. Monday was quiet. He will go; Tuesday is set. Dec. 18 and 18 Dec. Then 2016-07-15.",
		"x\n\nÇa va à Zürich: Élysée Palace, O’Brien, al-Assad of the Joint Chiefs of Staff; FRİDAY; \u212aing.",
		"x\n\nShe left three days ago, yesterday and this morning. Mid-December 5 and December's 6th.",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, dated bool) {
		d := Doc{Text: strings.Split(s, "\n\n"), Participants: []string{"a", "b"}}
		if dated {
			d.Date = time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC)
		}
		got, want := features(&d), refFeatures(&d)
		if !maps.Equal(got, want) {
			t.Errorf("features(%q) =\n%v\nwant\n%v", s, got, want)
		}
	})
}
