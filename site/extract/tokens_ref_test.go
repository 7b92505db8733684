package extract

// The tokenizer and folding as first written, straightforwardly, rune by
// rune: the definition the fast ones (tables, an ASCII path, one dictionary
// lookup per word) must agree with, token for token.

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// refToken is a token of refTokenize, with its fold.
type refToken struct {
	start, end int
	fold       string
	flags      tflag
}

func (t *refToken) has(f tflag) bool { return t.flags&f != 0 }

// refTokenize is the tokenizer as first written, rune by rune: the
// definition the fast one must agree with.
func refTokenize(s string, buf []refToken) []refToken {
	toks := buf
	base := len(buf)
	sep := fSent | fBreak // what lies between the previous token and the next
	for i := 0; i < len(s); {
		r, n := decode(s, i)
		if !isWordRune(r) {
			// A separator: read it whole, then classify it.
			k := i
			for k < len(s) {
				r2, n2 := decode(s, k)
				if isWordRune(r2) {
					break
				}
				k += n2
			}
			if isHyphen(r) && k == i+n && k < len(s) && len(toks) > base && toks[len(toks)-1].end == i {
				sep |= fHyphen
				i = k
				continue
			}
			open, comma, other := false, false, false
			for _, r2 := range s[i:k] {
				if r2 == ',' {
					comma = true
				} else if r2 != ' ' {
					other = true
				}
				if r2 != '\n' && (unicode.IsSpace(r2) || r2 == '\u200b' || r2 == '\u200c' || r2 == '\u200d' || r2 == '\ufeff') {
					continue
				}
				switch r2 {
				case '.', '!', '?', ':', ';', '\n', '"', '\u201c', '\u201d', '\u00ab', '\u00bb', '\u2014', '\u2013', '\u2026':
					sep |= fSent | fBreak
				case '(', '[':
					sep |= fBreak
					open = true
					continue
				case ')', ']':
					if len(toks) > base && !open {
						toks[len(toks)-1].flags |= fCloseParen
					}
					sep |= fBreak
				default:
					sep |= fBreak
				}
				open = false
			}
			if open {
				sep |= fOpenParen
			}
			if comma && !other {
				sep |= fComma
			}
			i = k
			continue
		}
		// A word: letters and digits, with inner apostrophes and abbreviation periods.
		start, end := i, i
		var flags tflag
		nLetters, nUpper, nLower := 0, 0, 0
		j := i
	word:
		for j < len(s) {
			r2, n2 := decode(s, j)
			if r2 < 0x80 && ('a' <= r2 && r2 <= 'z' || 'A' <= r2 && r2 <= 'Z') {
				// ASCII letter: the common case.
				upper := r2 <= 'Z'
				if nLetters == 0 {
					if upper {
						flags |= fCap
					} else {
						flags |= fLower
					}
				}
				nLetters++
				if upper {
					nUpper++
				} else {
					nLower++
				}
				j++
				end = j
				continue
			}
			switch {
			case isWordRune(r2):
				if unicode.IsLetter(r2) {
					if nLetters == 0 {
						if unicode.IsUpper(r2) {
							flags |= fCap
						} else if unicode.IsLower(r2) {
							flags |= fLower
						}
					}
					nLetters++
					if unicode.IsUpper(r2) {
						nUpper++
					} else if unicode.IsLower(r2) {
						nLower++
					}
				} else if unicode.IsDigit(r2) {
					flags |= fDigit
				}
				j += n2
				end = j
			case isApos(r2):
				k := j + n2
				r3, n3 := utf8.DecodeRuneInString(s[k:])
				if k < len(s) && unicode.IsLetter(r3) {
					if (r3 == 's' || r3 == 'S') && !nextIsWord(s, k+n3) {
						flags |= fPoss
						j = k + n3
						break word
					}
					j = k // O'Neil, I'll
					continue
				}
				if j > start && (s[j-1] == 's' || s[j-1] == 'S') {
					flags |= fPoss // plural possessive: "Allies'"
					j = k
				}
				break word
			case r2 == '.':
				// U.S., U.N., H., Mr.: keep the period inside the token.
				w := s[start:j]
				if (nLetters == 1 && nUpper == 1) || isDottedInitials(w) || abbrevs[strings.ToLower(w)] {
					j++
					end = j
					if j+1 < len(s) && s[j] >= 'A' && s[j] <= 'Z' && s[j+1] == '.' && isDottedInitials(s[start:j+1]) {
						continue // the next letter of U.S.
					}
					if nLetters == 1 {
						flags |= fInitial
					}
					// "U.N.'s"
					if r3, n3 := utf8.DecodeRuneInString(s[j:]); j < len(s) && isApos(r3) && j+n3 < len(s) && (s[j+n3] == 's' || s[j+n3] == 'S') && !nextIsWord(s, j+n3+1) {
						flags |= fPoss
						j += n3 + 1
					}
				}
				break word
			default:
				break word
			}
		}
		if nLetters >= 2 && nLower == 0 && nUpper >= 2 {
			flags |= fAllCaps
			flags &^= fInitial
		}
		flags |= sep
		if flags&fHyphen != 0 {
			flags &^= fBreak | fSent
		}
		toks = append(toks, refToken{start: start, end: end, fold: refFoldToken(s[start:end]), flags: flags})
		sep = 0
		i = j
	}
	return toks
}

// refFoldToken lower-cases a token, removes diacritics and drops periods and
// apostrophes ("U.S." -> "us", "O'Neil" -> "oneil", "Çavuşoğlu" -> "cavusoglu").
func refFoldToken(w string) string {
	ascii, clean := true, true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		if (c >= 'A' && c <= 'Z') || c == '.' || c == '\'' || c == '`' {
			clean = false
		}
	}
	if ascii {
		if clean {
			return w
		}
		b := make([]byte, 0, len(w))
		for i := 0; i < len(w); i++ {
			c := w[i]
			switch {
			case c >= 'A' && c <= 'Z':
				b = append(b, c+'a'-'A')
			case c == '.' || c == '\'' || c == '`':
			default:
				b = append(b, c)
			}
		}
		return string(b)
	}
	w = special.Replace(w)
	w = norm.NFKD.String(w)
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '.' || isApos(r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// refKey folds a name into the key shared across articles: NFC, diacritics
// removed, lower case, punctuation as spaces, possessives and leading
// honorifics or titles ("Mr.", "President") dropped. A name of one word
// behind particles keeps only that word ("al-Assad" -> "assad").
func refKey(name string) string {
	name = norm.NFC.String(name)
	var buf [16]refToken
	toks := refTokenize(name, buf[:0])
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		parts = append(parts, t.fold)
	}
	for len(parts) > 1 && keyTitles[parts[0]] {
		parts = parts[1:]
	}
	if len(parts) > 1 && parts[0] == "the" {
		parts = parts[1:]
	}
	nonParticle := 0
	for _, p := range parts {
		if !lex.particle[p] {
			nonParticle++
		}
	}
	if nonParticle == 1 {
		for len(parts) > 1 && lex.particle[parts[0]] {
			parts = parts[1:]
		}
	}
	return strings.Join(parts, " ")
}

// checkTokens compares the tokenizers on s: raw (folds only), and with the
// folder of x, as Extract calls it: s is block 2 of an article, after
// tokens of other blocks, in memory that held other tokens.
func checkTokens(t *testing.T, x *Extractor, s string) {
	t.Helper()
	want := refTokenize(s, nil)
	var ks keyScratch
	ks.tokenize(s)
	got := ks.toks
	var fw folder
	fw.reset(x)
	fw.block = 2
	const before = 3
	buf := make([]token, before, before+len(s)/2+1)
	for i := range buf[:cap(buf)] {
		buf[:cap(buf)][i] = token{start: -1, end: -1, fa: 7, fb: 9, flags: ^tflag(0), cls: ^wclass(0), nw: -1, tw: -1}
	}
	withFolder := tokenizeWith(s, buf, &fw)[before:]
	folds := fw.folds()
	text := []string{"", "", s}
	if len(got) != len(want) || len(withFolder) != len(want) {
		t.Fatalf("%q: %d and %d tokens, want %d", s, len(got), len(withFolder), len(want))
	}
	for i := range want {
		w, g, f := want[i], got[i], withFolder[i]
		gFold, fFold := string(ks.fold(i)), foldOf(&f, text, folds)
		// fStop is new: the text between the tokens says what it must be.
		stop := i > 0 && strings.ContainsAny(s[want[i-1].end:w.start], ".!?\u2026")
		if g.has(fStop) != stop || f.has(fStop) != stop {
			t.Fatalf("%q: token %d: fStop %v, want %v", s, i, g.has(fStop), stop)
		}
		g.flags &^= fStop
		f.flags &^= fStop
		if int(g.start) != w.start || int(g.end) != w.end || g.flags != w.flags || gFold != w.fold {
			t.Fatalf("%q: token %d = %+v %q, want %+v", s, i, g, gFold, w)
		}
		if int(f.start) != w.start || int(f.end) != w.end || f.flags != w.flags || fFold != w.fold || f.foldLen() != len(w.fold) {
			t.Fatalf("%q: with folder, token %d = %+v %q, want %+v", s, i, f, fFold, w)
		}
		if c, nw, tw := lex.class[w.fold], x.names.ids[w.fold], x.terms.ids[stem(w.fold)]; f.cls != c || f.nw != nw || f.tw != tw {
			t.Fatalf("%q: token %d (%q): class %b names %d terms %d, want %b %d %d", s, i, w.fold, f.cls, f.nw, f.tw, c, nw, tw)
		}
	}
	checkLists(t, x, &fw, s, want, before)
}

// checkLists compares the lists the folder keeps with their definitions:
// the speech verbs, the words that start a term, the tokens after a . ! ?
// or … (stops), and the words written in lower case, known (marked) or not
// (lowerMiss). The tokens want of s follow before others.
func checkLists(t *testing.T, x *Extractor, fw *folder, s string, want []refToken, before int) {
	t.Helper()
	var verbs, starts, stops, lowerMiss []int32
	for i, w := range want {
		ti := int32(before + i)
		if i > 0 && strings.ContainsAny(s[want[i-1].end:w.start], ".!?\u2026") {
			stops = append(stops, ti)
		}
		c, tw := lex.class[w.fold], x.terms.ids[stem(w.fold)]
		if c&verbClasses != 0 {
			verbs = append(verbs, ti)
		}
		if int(tw) < len(x.terms.root) && x.terms.root[tw] != 0 && tw != 0 {
			starts = append(starts, ti)
		}
		if !w.has(fLower) || c&cParticle != 0 {
			continue
		}
		key, rest := wordKey(w.fold)
		if _, slot := x.dict.lookup(key, len(w.fold), rest); slot < 0 {
			// Compared below as a set: the order is not kept.
			lowerMiss = append(lowerMiss, ti)
		} else if !fw.marked(slot) {
			t.Fatalf("%q: token %d (%q) written in lower case, not marked", s, i, w.fold)
		}
	}
	if !slices.Equal(fw.verbs, verbs) || !slices.Equal(fw.starts, starts) || !slices.Equal(fw.stops, stops) {
		t.Fatalf("%q: verbs %v starts %v stops %v, want %v %v %v", s, fw.verbs, fw.starts, fw.stops, verbs, starts, stops)
	}
	got := slices.Sorted(slices.Values(fw.lowerMiss))
	if !slices.Equal(got, lowerMiss) {
		t.Fatalf("%q: lowerMiss %v, want %v", s, got, lowerMiss)
	}
}

var tokenSamples = []string{
	"", " ", "U.S.'s", "U.N.’s H. Mr. Smith", "al- -al ’s (CSTO) [ISIL] ) ( - -- — Al-",
	"Ki-moon Su-24 S-300 ÇAVUŞOĞLU Çavuşoğlu's İstanbul ß ﬁ \xff\xfe",
	"O'Neil I'll Allies' rock 'n' roll ``quoted'' O´Neil été Kelvin İnc. Corp. no. 5",
	"Sanctions, ceasefires; cease-fire talks (peace process) “war” «truce» … embargoes",
	"a​b c d e\tf\ng,h , i ,j", "Hoffsen’s ʻOkina ẞ æøå Œuvre łódź",
	"O’Neil d’Estaing DON’T won’t Ça’ré l’Élysée ’tis ’Ο’ x’ǅ’y",
}

func checkKey(t *testing.T, s string) {
	t.Helper()
	if got, want := Key(s), refKey(s); got != want {
		t.Fatalf("Key(%q) = %q, want %q", s, got, want)
	}
}

func TestTokenizeMatchesReference(t *testing.T) {
	x := mustNew(t, Options{Topics: defaultTopics()})
	for _, s := range tokenSamples {
		checkTokens(t, x, s)
		checkKey(t, s)
	}
	for _, a := range frozenArticles(t) {
		for _, s := range a.Text() {
			checkTokens(t, x, s)
			checkKey(t, s)
			for _, w := range strings.Fields(s) {
				checkKey(t, w)
			}
		}
	}
	for _, r := range lex.rules {
		checkKey(t, r.Name)
	}
	// Every rune of the folding table, alone and inside words.
	for r := rune(0); r < 0x300; r++ {
		checkTokens(t, x, string(r))
		checkTokens(t, x, "A"+string(r)+"b "+string(r)+"Z. x"+string(r))
		if got, want := foldToken("x"+string(r)+"Y"), refFoldToken("x"+string(r)+"Y"); got != want {
			t.Fatalf("foldToken(%U) = %q, want %q", r, got, want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range tokenSamples {
		f.Add(s)
	}
	x, err := New(Options{Topics: benchTopics})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTokens(t, x, s)
		if got, want := foldToken(s), refFoldToken(s); got != want {
			t.Fatalf("foldToken(%q) = %q, want %q", s, got, want)
		}
		if got, want := Key(s), refKey(s); got != want {
			t.Fatalf("Key(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestDictMatchesLists checks the dictionary against its definition: the
// word lists, the names trie's ids, and the terms trie's id of the stem.
func TestDictMatchesLists(t *testing.T) {
	for _, topics := range [][]Topic{nil, benchTopics, defaultTopics()} {
		x := mustNew(t, Options{Topics: topics})
		words := map[string]bool{}
		for w := range lex.class {
			words[w] = true
		}
		for w := range x.names.ids {
			words[w] = true
		}
		for w := range x.terms.ids {
			for _, f := range []string{w, w + "s", w + "es", strings.TrimSuffix(w, "y") + "ies"} {
				words[f] = true
			}
		}
		for w := range words {
			e, ok := x.dict.get(w)
			want := wordInfo{cls: lex.class[w], nw: x.names.ids[w], tw: x.terms.ids[stem(w)]}
			_, inLex := lex.class[w]
			known := inLex || x.names.ids[w] != 0 || x.terms.ids[w] != 0
			if ok != known || e != want && ok {
				t.Fatalf("%d topics: dict[%q] = %+v, %v; want %+v, %v", len(topics), w, e, ok, want, known)
			}
			if !ok && want.tw != 0 {
				var fw folder
				fw.reset(x)
				key, _ := wordKey(w)
				if got := fw.stemID(w, key); got != want.tw {
					t.Fatalf("stemID(%q) = %d, want %d", w, got, want.tw)
				}
			}
		}
	}
}

// refStem is stem as first written.
func refStem(w string) string {
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
		return w
	case w[n-1] == 's':
		return w[:n-1]
	}
	return w
}

func TestStemAndAbbrevs(t *testing.T) {
	words := []string{"", "s", "is", "bus", "buses", "ponies", "classes", "boxes", "churches", "wishes", "sanctions",
		"status", "analysis", "talks", "ies", "xies", "glass", "abbess", "cease-fires", "truces"}
	for w := range lex.class {
		words = append(words, w, w+"s", w+"es")
	}
	for _, w := range words {
		if got, want := stem(w), refStem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
	for _, w := range []string{"Mr", "MRS", "Messrs", "Ms", "dr", "Gens", "Cmdr", "no", "No", "mx", "Mrx", "messrsx", "", "\u0130nc", "\u212ao", "St", "CO", "Inc"} {
		if got, want := isAbbrev(w), abbrevs[strings.ToLower(w)]; got != want {
			t.Errorf("isAbbrev(%q) = %v, want %v", w, got, want)
		}
	}
	for w := range abbrevs {
		if !isAbbrev(w) || !isAbbrev(strings.ToUpper(w)) {
			t.Errorf("isAbbrev(%q) = false", w)
		}
	}
}
