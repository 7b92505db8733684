// Package slug turns names into URL path segments.
//
// A slug keeps Unicode letters and digits, lower-cased and in NFC, and joins
// runs of everything else with a single hyphen: "Bashar al-Assad" becomes
// "bashar-al-assad", "Çavuşoğlu" stays "çavuşoğlu". It never contains "/",
// "." or "..", so it is always safe as one path segment.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLen caps a slug's length in bytes; longer slugs are cut at a rune boundary.
const MaxLen = 80

// Make returns the slug of s, or "" when s has no letter or digit.
func Make(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			if b.Len()+4 > MaxLen {
				break
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if r == '\'' || r == '’' {
			continue // "Kerry's" -> "kerrys", not "kerry-s"
		}
		pendingHyphen = true
	}
	// Dropping an apostrophe or lower-casing can leave combining marks out
	// of their canonical order ("0\u0344'\u0324"): normalize again, and
	// should that lengthen the slug past MaxLen, cut it shorter.
	out := norm.NFC.String(strings.TrimRight(b.String(), "-"))
	for len(out) > MaxLen {
		_, n := utf8.DecodeLastRuneInString(out)
		out = norm.NFC.String(strings.TrimRight(out[:len(out)-n], "-"))
	}
	return out
}

// Valid reports whether s is already a well-formed slug.
func Valid(s string) bool {
	return s != "" && Make(s) == s
}
