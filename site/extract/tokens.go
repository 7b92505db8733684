package extract

import (
	"strings"
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
)

// token is one word of a block: byte offsets into the block (without a
// possessive ending), its folded form and its shape.
type token struct {
	start, end int
	fold       string
	flags      tflag
	cls        wclass
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
func tokenize(s string, buf []token) []token {
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
		toks = append(toks, token{start: start, end: end, fold: foldToken(s[start:end]), flags: flags})
		sep = 0
		i = j
	}
	return toks
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

// special letters that do not decompose under NFKD.
var special = strings.NewReplacer(
	"ı", "i", "ł", "l", "Ł", "L", "ø", "o", "Ø", "O", "đ", "d", "Đ", "D", "ß", "ss",
	"æ", "ae", "Æ", "AE", "œ", "oe", "Œ", "OE", "ð", "d", "þ", "th",
)

// foldToken lower-cases a token, removes diacritics and drops periods and
// apostrophes ("U.S." -> "us", "O'Neil" -> "oneil", "Çavuşoğlu" -> "cavusoglu").
func foldToken(w string) string {
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

// Key folds a name into the key shared across articles: NFC, diacritics
// removed, lower case, punctuation as spaces, possessives and leading
// honorifics or titles ("Mr.", "President") dropped. A name of one word
// behind particles keeps only that word ("al-Assad" -> "assad").
func Key(name string) string {
	name = norm.NFC.String(name)
	var buf [16]token
	toks := tokenize(name, buf[:0])
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
