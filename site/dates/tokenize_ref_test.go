package dates

// The reference tokenizer: the plain implementation Find used before its
// ASCII fast path. TestTokenizeMatchesReference and FuzzTokenize hold the
// fast one to it, token for token.

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refToken is a token as the reference tokenizer makes it: with its
// lower-cased text, and whether a date may begin there.
type refToken struct {
	start, end int
	kind       byte
	lower      string
	cap, space bool
	cand       bool
}

func refTokenize(s string, toks []refToken) []refToken {
	space := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += n
			continue
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) && !unicode.Is(unicode.Mn, r2) {
					break
				}
				j += n2
			}
			lower := strings.ToLower(s[i:j])
			toks = append(toks, refToken{start: i, end: j, kind: 'w', lower: lower, cap: unicode.IsUpper(r), space: space, cand: starters[lower]})
			i = j
		case r >= '0' && r <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			toks = append(toks, refToken{start: i, end: j, kind: 'n', lower: s[i:j], space: space, cand: true})
			i = j
		default:
			toks = append(toks, refToken{start: i, end: i + n, kind: 'p', lower: s[i : i+n], space: space})
			i += n
		}
		space = false
	}
	return toks
}

var tokenizeCases = []string{
	"Kerry will meet Lavrov in Paris on Monday, an official said Friday.",
	"They met on July 15, 2016 and again on 15 July 2016 (2016-07-15).",
	"Since March 2011, more than 400,000 people; S-300; the 17-nation group; mid-2011.",
	"DEC. 18, Sept 3rd, the 18th of December, this evening, next week",
	"Ça va à Zürich: Élysée, O’Brien, al-Assad, Maŕch 5, FRİDAY, Kelvin, ́Monday",
	"\xff\xfeMonday \u00a0Tuesday\u2003meeting \u2014 \u201cWednesday\u201d \u0661\u0662 December",
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
	"",
}

func TestTokenizeMatchesReference(t *testing.T) {
	for _, s := range tokenizeCases {
		checkTokenize(t, s)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range tokenizeCases {
		f.Add(s)
	}
	f.Fuzz(checkTokenize)
}

// tokenize tokenizes s with a finder, as Find does, after a block of
// other text.
func tokenize(s string) []refToken {
	var f finder
	f.tokenize("Earlier TEXT, 2016 Çavuşoğlu")
	f.tokenize(s)
	b := block{toks: f.toks[f.ends[0]:], s: s, low: string(f.buf)}
	var out []refToken
	for i, t := range b.toks {
		out = append(out, refToken{int(t.start), int(t.end), t.kind, b.lower(i), t.cap, t.space, t.cand})
	}
	return out
}

func checkTokenize(t *testing.T, s string) {
	got, want := tokenize(s), refTokenize(s, nil)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tokenize(%q):\n got %+v\nwant %+v", s, got, want)
	}
}
