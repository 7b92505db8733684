package textnorm

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bom", "\xEF\xBB\xBFTitle\n", "Title\n"},
		{"crlf", "a\r\nb\r\n", "a\nb\n"},
		{"lone cr", "a\rb\r\rc", "a\nb\n\nc"},
		{"nbsp", "with\u00a0Russian\u00a0 \n", "with Russian\n"},
		{"curly quotes kept", "Assad\u2019s \u201cplan\u201d", "Assad\u2019s \u201cplan\u201d"},
		{"nfc", "C\u0327avus\u0327og\u0306lu", "Çavuşoğlu"},
		{"zero width space", "Ker\u200bry", "Kerry"},
		{"joiner inside a word", "Sm\u200dith and Jo\u200cnes", "Smith and Jones"},
		{"joiners kept in emoji and Persian", "\U0001F468\u200D\U0001F469 \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\U0001F468\u200D\U0001F469 \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"},
		{"bidi overrides", "\u202Eevil\u202C name \u2067isolated\u2069", "evil name isolated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize("a.txt", []byte(tt.in))
			if err != nil || got != tt.want {
				t.Fatalf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"invalid utf8", "ok\nline two \xff\n", "seeds/a.txt:2: text is not valid UTF-8"},
		{"utf16", "\xFF\xFEa\x00", "seeds/a.txt: file is UTF-16"},
		{"nul", "a\n\x00", "seeds/a.txt:2: file contains a NUL byte"},
		{"binary", "\x7fELF\x02\x01\x01\x00\x00\xf8", "seeds/a.txt:1: file contains a NUL byte; it is not a text file"},
		{"image", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "seeds/a.txt: not a text file: it looks like image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Normalize("seeds/a.txt", []byte(tt.in))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// reference is Normalize written the plain way, line by line; the fast
// version must agree with it on every input.
func reference(src string) string {
	var b strings.Builder
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRuneInString(src[i:])
		i += n
		switch r {
		case '\r':
			b.WriteByte('\n')
			if i < len(src) && src[i] == '\n' {
				i++
			}
		case '\u00A0', '\u2007', '\u202F', '\u2000', '\u2001', '\u2002', '\u2003',
			'\u2004', '\u2005', '\u2006', '\u2008', '\u2009', '\u200A', '\u3000', '\t':
			b.WriteByte(' ')
		case '\u200B', '\u2060', '\uFEFF', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
			'\u2066', '\u2067', '\u2068', '\u2069':
		case '\u200C', '\u200D':
			out := b.String()
			if !(len(out) > 0 && isLetter(out[len(out)-1]) || i < len(src) && isLetter(src[i])) {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return norm.NFC.String(strings.Join(lines, "\n"))
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"a \t\r\nb  \n", "C\u0327a\u00a0 \r", "x\u200by\uFEFF \n\n", "é\u0301 \u3000\r\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || strings.HasPrefix(s, "\uFEFF") ||
			strings.HasPrefix(s, "\xfe\xff") || strings.HasPrefix(s, "\xff\xfe") {
			return
		}
		got, err := Normalize("f", []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		if want := reference(s); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzIsNFC holds isNFC, which checks only the text around characters
// beyond ASCII, to the check of the whole text.
func FuzzIsNFC(f *testing.F) {
	for _, s := range []string{"e\u0301", "Ç", "C\u0327a", "a\u0327\u0301b", "\u1100\u1161x", "\uac00\u11a8",
		"x\u0301\u0301\u0301y", "\u2019s \u201cq\u201d", "o\u0308\u0304", "\u0958a", "abcdefgh\u0301ijklmnop"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := isNFC([]byte(s)), norm.NFC.IsNormalString(s); got != want {
			t.Fatalf("isNFC(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestNormalizeAtEveryOffset holds Normalize to the reference on tricky
// snippets placed at every offset within eight-byte words, which the fast
// paths read at once.
func TestNormalizeAtEveryOffset(t *testing.T) {
	snippets := []string{" \n", "  \n", "\t", "\r\n", "\r", " ", "\u00a0\n", "x\u00a0y", "\u200b \n", "e\u0301",
		"\u2019s", " \u3000 ", "\n\n", "a \u2060\nb", "C\u0327", "\u00e9\u0301", " \r\n "}
	for _, sn := range snippets {
		for pre := range 17 {
			for post := range 10 {
				s := strings.Repeat("ab", pre)[:pre] + sn + strings.Repeat("yz", post)[:post]
				for _, s := range []string{s, s + " ", s + "\n", "\u00e7" + s} {
					got, err := Normalize("f", []byte(s))
					if want := reference(s); err != nil || got != want {
						t.Fatalf("Normalize(%q) = %q, %v; want %q", s, got, err, want)
					}
				}
			}
		}
	}
}
