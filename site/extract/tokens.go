package extract

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tflag describes one token's shape and what separates it from the previous one.
type tflag uint16

const (
	fCap        tflag = 1 << iota // first letter is upper case
	fAllCaps                      // two or more letters, none lower case
	fLower                        // first letter is lower case
	fDigit                        // contains a digit
	fPoss                         // followed by a possessive 's or '
	fHyphen                       // joined to the previous token by a hyphen
	fBreak                        // punctuation other than a joining hyphen before it
	fSent                         // starts a sentence, quote or block
	fInitial                      // one letter and a period ("H.")
	fOpenParen                    // an opening bracket just before it
	fCloseParen                   // a closing bracket just after it
	fComma                        // a comma (and nothing else but spaces) before it
	fStop                         // a . ! ? or … between it and the token before it
)

// token is one word of a block: byte offsets into the block (without a
// possessive ending), its folded form and its shape.
type token struct {
	start, end int
	fold       string
	flags      tflag
	cls        wclass
	nw         int32 // Extract only: the word's id in the names trie, 0 for none
	tw         int32 // Extract only: the id of its stem in the terms trie, 0 for none
}

func (t *token) has(f tflag) bool { return t.flags&f != 0 }

func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// decode reads the rune at s[i:], quickly for ASCII.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < 0x80 {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func decodeRune(s string, i int) rune {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isApos(r rune) bool { return r == '\'' || r == '\u2019' || r == '`' || r == '\u00b4' }

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// abbrevs end with a period that does not end the sentence.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "lt": true, "col": true,
	"sgt": true, "capt": true, "maj": true, "adm": true, "brig": true, "sen": true, "rep": true, "gov": true,
	"st": true, "jr": true, "sr": true, "rev": true, "messrs": true, "vs": true, "inc": true, "corp": true,
	"co": true, "ltd": true, "dept": true, "mt": true, "ft": true, "no": true, "gens": true, "cmdr": true,
}

// tokenize splits s into word tokens and appends them to buf.
func tokenize(s string, buf []token) []token { return tokenizeWith(s, buf, nil) }

// tokenizeWith is tokenize; with a folder, the folder folds and classifies
// each word (see folder.word), without allocating. ASCII is read byte by
// byte through tables; other text rune by rune.
func tokenizeWith(s string, buf []token, fw *folder) []token {
	toks := buf
	base := len(buf)
	sep := fSent | fBreak // what lies between the previous token and the next
	// The dictionary, for words of ASCII lower-case letters alone.
	var slots []dictSlot
	var shift uint
	var termRoot []int32
	if fw != nil && !fw.raw {
		slots, shift, termRoot = fw.dict.slots, fw.dict.shift, fw.termRoot
	}
	mask := len(slots) - 1
	for i := 0; i < len(s); {
		c := s[i]
		if c-'A' < 26 {
			// A capital and lower-case letters, ASCII, ending plainly: a
			// name, or the first word of a sentence.
			j := i + 1
			for j < len(s) && s[j]-'a' < 26 {
				j++
			}
			if j == len(s) || s[j] < 0x80 && asciiKind[s[j]]&kAlnum == 0 && s[j] != '\'' && s[j] != '`' && s[j] != '.' {
				flags := fCap | sep
				if flags&fHyphen != 0 {
					flags &^= fBreak | fSent
				}
				toks = append(toks, token{start: i, end: j, flags: flags})
				if t := &toks[len(toks)-1]; fw != nil {
					fw.word(t, s, i, j, len(toks)-1, false)
				} else {
					t.fold = foldToken(s[i:j])
				}
				sep = 0
				i = j
				continue
			}
		}
		if c-'a' < 26 {
			// A word of ASCII lower-case letters alone: the common case.
			j := i + 1
			for j < len(s) && s[j]-'a' < 26 {
				j++
			}
			if j == len(s) || s[j] < 0x80 && asciiKind[s[j]]&kAlnum == 0 && s[j] != '\'' && s[j] != '`' && s[j] != '.' {
				flags := fLower | sep
				if flags&fHyphen != 0 {
					flags &^= fBreak | fSent
				}
				if len(toks) == cap(toks) {
					toks = slices.Grow(toks, 1)
				}
				toks = toks[:len(toks)+1]
				t := &toks[len(toks)-1]
				t.start, t.end, t.fold, t.flags = i, j, s[i:j], flags
				t.cls, t.nw, t.tw = 0, 0, 0
				if n := j - i; fw == nil {
					// nothing to look up
				} else if n <= 8 && i+8 <= len(s) && !fw.raw {
					// The dictionary lookup, inline: lookup for a short key.
					key := le64(s[i:]) & keyMask(n)
					for k := int(shortHash(key, n) >> shift); ; k = (k + 1) & mask {
						sl := &slots[k]
						if sl.key == key && int(sl.n) == n+1 {
							t.cls, t.nw, t.tw = sl.info.cls, sl.info.nw, sl.info.tw
							if t.cls&cParticle == 0 {
								fw.marks[k] = fw.stamp
							}
							if t.cls&verbClasses != 0 {
								fw.verbs = append(fw.verbs, int32(len(toks)-1))
							}
							if tw := t.tw; tw != 0 && int(tw) < len(termRoot) && termRoot[tw] != 0 {
								fw.starts = append(fw.starts, int32(len(toks)-1))
							}
							break
						}
						if sl.n == 0 {
							fw.unknownLower(t, s[i:j], key, len(toks)-1)
							break
						}
					}
				} else {
					fw.word(t, s, i, j, len(toks)-1, true)
				}
				sep = 0
				i = j
				// One space before the next word: skip it here.
				if j+1 < len(s) && s[j] == ' ' && s[j+1] < 0x80 && asciiKind[s[j+1]]&kAlnum != 0 {
					i = j + 1
				}
				continue
			}
		} else if c < 0x80 {
			if asciiKind[c]&kAlnum == 0 {
				if c == ' ' && i+1 < len(s) && s[i+1] < 0x80 && asciiKind[s[i+1]]&kAlnum != 0 {
					i++ // one space between words: the common case
					continue
				}
				i, sep = separator(s, i, sep, toks, base)
				continue
			}
		} else if !isWordRune(decodeRune(s, i)) {
			i, sep = separator(s, i, sep, toks, base)
			continue
		}
		w := scanWord(s, i)
		flags := w.flags | sep
		if flags&fHyphen != 0 {
			flags &^= fBreak | fSent
		}
		toks = append(toks, token{start: i, end: w.end, flags: flags})
		if t := &toks[len(toks)-1]; fw != nil {
			fw.word(t, s, i, w.end, len(toks)-1, w.clean)
		} else {
			t.fold = foldToken(s[i:w.end])
		}
		sep = 0
		i = w.next
	}
	return toks
}

// wordScan is a word read by scanWord.
type wordScan struct {
	end, next int   // where the word ends, and where reading goes on (after a possessive)
	flags     tflag // its shape
	clean     bool  // ASCII, lower case, no period or apostrophe: its own fold
}

// scanWord reads the word at s[i]: letters and digits, with inner
// apostrophes and abbreviation periods.
func scanWord(s string, i int) wordScan {
	start, end := i, i
	var flags tflag
	nLetters, nUpper, nLower := 0, 0, 0
	clean := true // ASCII, lower case, no period or apostrophe: its own fold
	j := i
word:
	for j < len(s) {
		// Runs of ASCII lower-case letters, capitals or digits.
		switch c := s[j]; {
		case c-'a' < 26:
			j0 := j
			for j++; j < len(s) && s[j]-'a' < 26; j++ {
			}
			if nLetters == 0 {
				flags |= fLower
			}
			nLetters += j - j0
			nLower += j - j0
			end = j
			continue
		case c-'A' < 26:
			j0 := j
			for j++; j < len(s) && s[j]-'A' < 26; j++ {
			}
			if nLetters == 0 {
				flags |= fCap
			}
			nLetters += j - j0
			nUpper += j - j0
			end = j
			clean = false
			continue
		case c-'0' < 10:
			for j++; j < len(s) && s[j]-'0' < 10; j++ {
			}
			flags |= fDigit
			end = j
			continue
		case c < 0x80 && c != '\'' && c != '`' && c != '.':
			break word // a space or punctuation
		}
		r2, n2 := decode(s, j)
		switch {
		case r2 >= 0x80 && isWordRune(r2):
			clean = false
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
				clean = false
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
			if (nLetters == 1 && nUpper == 1) || isDottedInitials(w) || isAbbrev(w) {
				j++
				end = j
				clean = false
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
	return wordScan{end: end, next: j, flags: flags, clean: clean}
}

// ASCII character kinds for the tokenizer.
const (
	kLetter = 1 << iota
	kUpper
	kDigit
	kAlnum = kLetter | kDigit
)

var asciiKind = func() (t [128]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = kLetter
		t[c-'a'+'A'] = kLetter | kUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = kDigit
	}
	return t
}()

// What a separator character does.
const (
	sepSpace = iota // spaces and invisible characters: nothing
	sepSent         // ends a sentence, opens or closes a quote or a paragraph
	sepOpen         // an opening bracket
	sepClose        // a closing bracket
	sepOther        // any other punctuation
)

var asciiSep = func() (t [128]uint8) {
	for c := range t {
		t[c] = sepOther
	}
	for _, c := range "\t\v\f\r " {
		t[c] = sepSpace
	}
	for _, c := range ".!?:;\n\"" {
		t[c] = sepSent
	}
	t['('], t['['] = sepOpen, sepOpen
	t[')'], t[']'] = sepClose, sepClose
	return t
}()

func sepKind(r rune) uint8 {
	if r < 0x80 {
		return asciiSep[r]
	}
	if unicode.IsSpace(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' {
		return sepSpace
	}
	switch r {
	case '\u201c', '\u201d', '\u00ab', '\u00bb', '\u2014', '\u2013', '\u2026':
		return sepSent
	}
	return sepOther
}

// separator reads the characters between words from s[i], and returns
// where the next word starts and the flags it gets for what came before.
// A closing bracket marks the word before it (toks[base:] are the words of s).
func separator(s string, i int, sep tflag, toks []token, base int) (int, tflag) {
	before := sep
	open, comma, other := false, false, false
	k := i
	for k < len(s) {
		r, n := rune(s[k]), 1
		if r < 0x80 {
			if asciiKind[r]&kAlnum != 0 {
				break
			}
		} else if r, n = utf8.DecodeRuneInString(s[k:]); isWordRune(r) {
			break
		}
		if r == ',' {
			comma = true
		} else if r != ' ' {
			other = true
			if (r == '.' || r == '!' || r == '?' || r == '\u2026') && len(toks) > base {
				sep |= fStop
			}
		}
		switch sepKind(r) {
		case sepSpace:
			k += n
			continue
		case sepSent:
			sep |= fSent | fBreak
		case sepOpen:
			sep |= fBreak
			open = true
			k += n
			continue
		case sepClose:
			if len(toks) > base && !open {
				toks[len(toks)-1].flags |= fCloseParen
			}
			sep |= fBreak
		default:
			sep |= fBreak
		}
		open = false
		k += n
	}
	// A hyphen alone between two words joins them.
	if r, n := decode(s, i); isHyphen(r) && k == i+n && k < len(s) && len(toks) > base && toks[len(toks)-1].end == i {
		return k, before | fHyphen
	}
	if open {
		sep |= fOpenParen
	}
	if comma && !other {
		sep |= fComma
	}
	return k, sep
}

// isAbbrev reports abbrevs[strings.ToLower(w)], quickly for ASCII: the
// words are at most six letters.
func isAbbrev(w string) bool {
	if len(w) > 6 {
		for i := 0; i < len(w); i++ {
			if w[i] >= 0x80 {
				return abbrevs[strings.ToLower(w)]
			}
		}
		return false
	}
	var b [6]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return abbrevs[strings.ToLower(w)]
		}
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	switch string(b[:len(w)]) {
	case "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "brig", "sen", "rep", "gov",
		"st", "jr", "sr", "rev", "messrs", "vs", "inc", "corp", "co", "ltd", "dept", "mt", "ft", "no", "gens", "cmdr":
		return true
	}
	return false
}

func nextIsWord(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// isDottedInitials reports whether w looks like "U.S" or "U.N" (an initialism
// being read one letter at a time).
func isDottedInitials(w string) bool {
	if len(w) < 3 {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i%2 == 0 && !(c >= 'A' && c <= 'Z') {
			return false
		}
		if i%2 == 1 && c != '.' {
			return false
		}
	}
	return len(w)%2 == 1
}

// foldToken lower-cases a token, removes diacritics and drops periods and
// apostrophes ("U.S." -> "us", "O'Neil" -> "oneil", "Çavuşoğlu" -> "cavusoglu").
func foldToken(w string) string {
	clean := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 || (c >= 'A' && c <= 'Z') || c == '.' || c == '\'' || c == '`' {
			clean = false
			break
		}
	}
	if clean {
		return w
	}
	var buf [64]byte
	return string(appendFold(buf[:0], w))
}

// appendFold appends the fold of w (see foldToken) to dst. ASCII is folded
// byte by byte, Latin letters through a table, anything else by slowFold.
func appendFold(dst []byte, w string) []byte {
	start := len(dst)
	dst = slices.Grow(dst, len(w))
	b := dst[start : start+len(w)] // an ASCII fold is no longer than the word
	k := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 0x80:
			return appendFoldRunes(dst[:start+k], w, i, start)
		case c-'A' < 26:
			c += 'a' - 'A'
		case c == '.' || c == '\'' || c == '`':
			continue
		}
		b[k] = c
		k++
	}
	return dst[:start+k]
}

// appendFoldRunes goes on with appendFold from w[i], the first byte not
// ASCII; the fold of the word starts at dst[start].
func appendFoldRunes(dst []byte, w string, i, start int) []byte {
	for i < len(w) {
		c := w[i]
		if c < 0x80 {
			switch {
			case c >= 'A' && c <= 'Z':
				dst = append(dst, c+'a'-'A')
			case c == '.' || c == '\'' || c == '`':
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:])
		if r >= foldTabEnd {
			return append(dst[:start], slowFold(w)...)
		}
		foldTabOnce.Do(initFoldTab)
		dst = append(dst, foldTab[r-0x80]...)
		i += n
	}
	return dst
}

// foldTab holds the folds of the runes U+0080 to U+024F (Latin-1 and Latin
// Extended), made by slowFold. A word of such runes folds rune by rune as
// slowFold folds it whole: NFKD decomposes each rune on its own and only
// reorders combining marks, which folding drops.
const foldTabEnd = 0x250

var (
	foldTabOnce sync.Once
	foldTab     [foldTabEnd - 0x80]string
)

func initFoldTab() {
	for r := rune(0x80); r < foldTabEnd; r++ {
		foldTab[r-0x80] = slowFold(string(r))
	}
}

// special letters that do not decompose under NFKD.
var special = strings.NewReplacer(
	"ı", "i", "ł", "l", "Ł", "L", "ø", "o", "Ø", "O", "đ", "d", "Đ", "D", "ß", "ss",
	"æ", "ae", "Æ", "AE", "œ", "oe", "Œ", "OE", "ð", "d", "þ", "th",
)

// slowFold is the definition of folding: special letters replaced,
// compatibility decomposition, combining marks, periods and apostrophes
// removed, lower case.
func slowFold(w string) string {
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

// Key folds a name into the key shared across articles: NFC, diacritics
// removed, lower case, punctuation as spaces, possessives and leading
// honorifics or titles ("Mr.", "President") dropped. A name of one word
// behind particles keeps only that word ("al-Assad" -> "assad").
func Key(name string) string {
	ks := keyPool.Get().(*keyScratch)
	var b [64]byte
	k := string(ks.appendKey(b[:0], name))
	keyPool.Put(ks)
	return k
}

var keyPool = sync.Pool{New: func() any { return new(keyScratch) }}

// keyScratch is the memory computing keys needs, kept from one key to the
// next.
type keyScratch struct {
	toks []token
	fw   folder // folds only: the fold of token i is fold(i)
}

// tokenize tokenizes name, folding its words into the buffer.
func (ks *keyScratch) tokenize(name string) {
	ks.fw.raw = true
	ks.fw.buf, ks.fw.pending = ks.fw.buf[:0], ks.fw.pending[:0]
	ks.toks = tokenizeWith(name, ks.toks[:0], &ks.fw)
}

// fold returns the fold of token i.
func (ks *keyScratch) fold(i int) []byte {
	p := ks.fw.pending[i]
	return ks.fw.buf[p.a:p.b]
}

// appendKey appends Key(name) to dst.
func (ks *keyScratch) appendKey(dst []byte, name string) []byte {
	ks.tokenizeNFC(name)
	return appendKeyParts(dst, len(ks.toks), ks.fold, ks.class)
}

// class returns the classes of token i's fold.
func (ks *keyScratch) class(i int) wclass { return lex.class[string(ks.fold(i))] }

// tokenizeNFC tokenizes name in NFC, as Key reads it.
func (ks *keyScratch) tokenizeNFC(name string) {
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			name = norm.NFC.String(name)
			break
		}
	}
	ks.tokenize(name)
}

// appendKeyParts appends the key of a name whose n words fold to part(0)
// to part(n-1), of classes class(0) to class(n-1): the words after leading
// titles (keyTitles), "the" and, before a single word, particles
// (lex.particle), joined by spaces.
func appendKeyParts[P string | []byte](dst []byte, n int, part func(int) P, class func(int) wclass) []byte {
	const particle = cParticle | cHyphenParticle
	p := 0
	for n-p > 1 && class(p)&cKeyTitle != 0 {
		p++
	}
	if n-p > 1 && string(part(p)) == "the" {
		p++
	}
	nonParticle := 0
	for i := p; i < n; i++ {
		if class(i)&particle == 0 {
			nonParticle++
		}
	}
	if nonParticle == 1 {
		for n-p > 1 && class(p)&particle != 0 {
			p++
		}
	}
	for i := p; i < n; i++ {
		if i > p {
			dst = append(dst, ' ')
		}
		dst = append(dst, part(i)...)
	}
	return dst
}

// keyTitles are leading words Key drops: honorifics and person titles that
// never open an organization's name.
var keyTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "miss": true, "dr": true, "prof": true, "sir": true,
	"dame": true, "president": true, "premier": true, "sen": true, "senator": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "sgt": true, "capt": true, "adm": true, "sheikh": true, "emir": true,
	"ayatollah": true, "spokesman": true, "spokeswoman": true, "ambassador": true, "envoy": true,
}

// Surname returns the last word of a person key, ignoring particles and
// suffixes such as "jr"; "" when the key has fewer than two such words.
func Surname(key string) string {
	f := strings.Fields(key)
	for len(f) > 0 && lex.suffix[f[len(f)-1]] {
		f = f[:len(f)-1]
	}
	n := 0
	for _, w := range f {
		if !lex.particle[w] {
			n++
		}
	}
	if n < 2 {
		return ""
	}
	return f[len(f)-1]
}

// folder folds and classifies the words of one article as they are
// tokenized: one lookup in the extractor's dictionary per word, and the
// folds that differ from the text written into one buffer that becomes one
// string when the article is done (finish). It also notes which words the
// article writes in lower case (see writesLower): known words by a mark on
// their slot, others in a list.
type folder struct {
	raw       bool // fold every word into the buffer, and look nothing up
	dict      *dict
	stems     bool // whether stems matter: the extractor has topics
	buf       []byte
	pending   []pendingFold
	marks     []uint8 // per dictionary slot: stamp when the article writes the word in lower case
	stamp     uint8
	lowerMiss []int32 // tokens written in lower case that the dictionary does not know
	termRoot  []int32 // the terms trie's root
	verbs     []int32 // tokens of verbClasses
	starts    []int32 // tokens that may start a term
}

// pendingFold is a token whose fold is buf[a:b].
type pendingFold struct{ tok, a, b int32 }

func (f *folder) reset(x *Extractor) {
	f.dict, f.stems, f.termRoot = &x.dict, len(x.topics) > 0, x.terms.root
	f.buf, f.pending, f.lowerMiss = f.buf[:0], f.pending[:0], f.lowerMiss[:0]
	f.verbs, f.starts = f.verbs[:0], f.starts[:0]
	if len(f.marks) != len(f.dict.slots) {
		f.marks = make([]uint8, len(f.dict.slots))
		f.stamp = 0
	}
	if f.stamp++; f.stamp == 0 {
		clear(f.marks)
		f.stamp = 1
	}
}

// found records the lookup of token i, found in slot (or -1): its place in
// the lists of verbs and of words that start a term, and whether the
// article writes the word in lower case.
func (f *folder) found(t *token, slot int, i int) {
	if t.cls&verbClasses != 0 {
		f.verbs = append(f.verbs, int32(i))
	}
	if tw := t.tw; tw != 0 && int(tw) < len(f.termRoot) && f.termRoot[tw] != 0 {
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

// word sets the fold, classes and trie ids of token t (index i of the
// article), the word s[start:end]; clean says it is its own fold.
func (f *folder) word(t *token, s string, start, end, i int, clean bool) {
	if f.raw {
		a := len(f.buf)
		f.buf = appendFold(f.buf, s[start:end])
		f.pending = append(f.pending, pendingFold{int32(i), int32(a), int32(len(f.buf))})
		return
	}
	if clean {
		w := s[start:end]
		t.fold = w
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
	f.pending = append(f.pending, pendingFold{int32(i), int32(a), int32(b)})
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

// unknownLower is word for token i, a word of ASCII lower-case letters
// alone not in the dictionary, whose key is key.
func (f *folder) unknownLower(t *token, w string, key uint64, i int) {
	if f.stems && w[len(w)-1] == 's' {
		t.tw = f.stemID(w, key)
		if tw := t.tw; tw != 0 && int(tw) < len(f.termRoot) && f.termRoot[tw] != 0 {
			f.starts = append(f.starts, int32(i))
		}
	}
	f.lowerMiss = append(f.lowerMiss, int32(i))
}

// verbClasses are the classes of the words that may be speech verbs or
// open "according to": findEvents reads only those (and mentions).
const verbClasses = cQuoteVerb | cQuotePart | cAccording

// marked reports whether the article writes the dictionary's word in slot
// in lower case.
func (f *folder) marked(slot int) bool { return f.marks[slot] == f.stamp }

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

// finish gives the tokens their folds from the buffer.
func (f *folder) finish(toks []token) {
	if len(f.pending) == 0 {
		return
	}
	s := string(f.buf)
	for _, p := range f.pending {
		toks[p.tok].fold = s[p.a:p.b]
	}
}
