package extract

import (
	"math/bits"
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
// possessive ending), where its folded form is, and its shape. It holds no
// pointer: the garbage collector has nothing to scan in a slice of tokens,
// and writing one needs no write barrier.
type token struct {
	start, end int32
	// The fold: bytes fa to fb of what the folder wrote (see folds), or,
	// when fa < 0, the word itself: text[start:end] of block ^fa.
	fa, fb int32
	flags  tflag
	cls    wclass
	nw     int32 // Extract only: the word's id in the names trie, 0 for none
	tw     int32 // Extract only: the id of its stem in the terms trie, 0 for none
}

func (t *token) has(f tflag) bool { return t.flags&f != 0 }

// foldLen returns the length of the fold of t.
func (t *token) foldLen() int {
	if t.fa < 0 {
		return int(t.end - t.start)
	}
	return int(t.fb - t.fa)
}

// foldOf returns the fold of t, a token of the blocks in text whose folder
// wrote folds.
func foldOf(t *token, text []string, folds string) string {
	if t.fa < 0 {
		return text[^t.fa][t.start:t.end]
	}
	return folds[t.fa:t.fb]
}

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

// tokenizeWith splits s into word tokens and appends them to buf. The
// folder folds each word into its buffer and, unless raw, classifies it
// (see folder.tokenize), without allocating. ASCII is read byte by byte
// through tables; other text rune by rune.
func tokenizeWith(s string, buf []token, fw *folder) []token {
	if !fw.raw {
		return fw.tokenize(s, buf)
	}
	toks := buf
	base := len(buf)
	sep := fSent | fBreak // what lies between the previous token and the next
	for i := 0; i < len(s); {
		c := s[i]
		if c-'a' < 26 || c-'A' < 26 {
			// A capital or a lower-case letter, then lower-case letters,
			// ASCII, ending plainly: most words.
			j := lowerEnd(s, i+1)
			if plainEnd(s, i, j) {
				toks = append(toks, token{start: int32(i), end: int32(j), flags: sep | shapeOf(c)})
				fw.word(&toks[len(toks)-1], s, i, j, len(toks)-1, false)
				sep = 0
				i = j
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
		toks = append(toks, token{start: int32(i), end: int32(w.end), flags: w.flags | sep})
		fw.word(&toks[len(toks)-1], s, i, w.end, len(toks)-1, w.clean)
		sep = 0
		i = w.next
	}
	return toks
}

// shapeOf is the shape flag of a word of ASCII letters that starts with c.
func shapeOf(c byte) tflag {
	if c < 'a' {
		return fCap
	}
	return fLower
}

// lowerEnd returns the end of the run of ASCII lower-case letters at s[j:],
// reading eight bytes at a time.
func lowerEnd(s string, j int) int {
	for j+8 <= len(s) {
		r := lowerRun(le64(s[j:]))
		j += r
		if r < 8 {
			return j
		}
	}
	for j < len(s) && s[j]-'a' < 26 {
		j++
	}
	return j
}

// lowerRun returns how many of the eight bytes in v (read little-endian)
// are ASCII lower-case letters before the first that is not.
func lowerRun(v uint64) int {
	const hi = 0x8080808080808080
	return bits.TrailingZeros64(^lowerMask(v)&hi) >> 3
}

// lowerMask sets the high bit of each byte of v that is an ASCII
// lower-case letter, and clears every other bit.
func lowerMask(v uint64) uint64 {
	const hi = 0x8080808080808080
	x := v &^ hi // bytes below 0x80: adding less than 0x80 carries into no other byte
	return (x + 0x1f1f1f1f1f1f1f1f) &^ (x + 0x0505050505050505) &^ v & hi
}

// What may follow a word of ASCII letters (see plainEnd).
const (
	endWord   = iota // a letter, a digit, an apostrophe or a byte not ASCII: the word may go on
	endPlain         // space or punctuation: the word ends
	endPeriod        // a period: the word ends, unless it is an abbreviation or an initial
)

var asciiEnd = func() (t [256]uint8) {
	for c := 0; c < 0x80; c++ {
		if asciiKind[c]&kAlnum == 0 && c != '\'' && c != '`' {
			t[c] = endPlain
		}
	}
	t['.'] = endPeriod
	return t
}()

// periodEnds reports whether a period after w, ASCII letters whose first
// is c, ends the word: w is no abbreviation, nor an initial.
func periodEnds(w string, c byte) bool {
	return (len(w) > 1 || c >= 'a') && !isAbbrev(w)
}

// plainEnd reports whether the word s[i:j] of ASCII letters (a capital or a
// lower-case letter, then lower-case letters) is a token of its own with no
// flags but its shape: scanWord would read it so.
func plainEnd(s string, i, j int) bool {
	if j == len(s) {
		return true
	}
	switch asciiEnd[s[j]] {
	case endPlain:
		return true
	case endPeriod:
		return periodEnds(s[i:j], s[i])
	}
	return false
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
	// A hyphen alone between two words joins them: the second is no
	// break and starts no sentence.
	if r, n := decode(s, i); isHyphen(r) && k == i+n && k < len(s) && len(toks) > base && int(toks[len(toks)-1].end) == i {
		return k, (before | fHyphen) &^ (fBreak | fSent)
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
		if r == '\u2019' {
			i += n // an apostrophe, which folding drops
			continue
		}
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
	ks.fw.buf = ks.fw.buf[:0]
	ks.toks = tokenizeWith(name, ks.toks[:0], &ks.fw)
}

// fold returns the fold of token i.
func (ks *keyScratch) fold(i int) []byte {
	t := &ks.toks[i]
	return ks.fw.buf[t.fa:t.fb]
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
