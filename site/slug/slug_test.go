package slug

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"John Kerry", "john-kerry"},
		{"Bashar al-Assad", "bashar-al-assad"},
		{"  Kerry's  agenda!! ", "kerrys-agenda"},
		{"Çavuşoğlu", "çavuşoğlu"},
		{"C\u0327avus\u0327og\u0306lu", "çavuşoğlu"}, // decomposed input composes
		{"../../etc/passwd", "etc-passwd"},
		{"U.S. State Department", "u-s-state-department"},
		{"000_f2abb09f69393f1b", "000-f2abb09f69393f1b"},
		{"!!!", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMakeCapsLength(t *testing.T) {
	long := ""
	for i := 0; i < 100; i++ {
		long += "word "
	}
	if got := Make(long); len(got) > MaxLen || got[len(got)-1] == '-' {
		t.Fatalf("Make(long) = %q (%d bytes)", got, len(got))
	}
}

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{"a-b": true, "A-b": false, "a/b": false, "..": false, "": false, "-a": false} {
		if Valid(s) != want {
			t.Errorf("Valid(%q) = %v", s, !want)
		}
	}
}

func FuzzMake(f *testing.F) {
	f.Add("Bashar al-Assad")
	f.Add("../x")
	f.Add("C\u0327avus\u0327og\u0306lu \u0130stanbul \u03d2 \u01c5 \u212b \xff\xfe ..\\%2e%2e/")
	f.Add("\u0301\u0301 \u00a0\u2028 -- __ 'x' \u2019s")
	f.Add(strings.Repeat("\u00e9", 50))
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if len(got) > MaxLen {
			t.Fatalf("too long: %q", got)
		}
		for _, bad := range []string{"/", "\\", ".", "--"} {
			if strings.Contains(got, bad) {
				t.Fatalf("Make(%q) = %q contains %q", s, got, bad)
			}
		}
		if !utf8.ValidString(got) || strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") {
			t.Fatalf("Make(%q) = %q: invalid UTF-8 or an outer hyphen", s, got)
		}
		for _, r := range got {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
				t.Fatalf("Make(%q) = %q contains %q", s, got, r)
			}
			if unicode.ToLower(r) != r {
				t.Fatalf("Make(%q) = %q is not lower-cased", s, got)
			}
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Make(%q) = %q is not in NFC", s, got)
		}
		kept := strings.ContainsFunc(norm.NFC.String(s), func(r rune) bool {
			return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		})
		if (got != "") != kept {
			t.Fatalf("Make(%q) = %q", s, got)
		}
		if got != "" && (Make(got) != got || !Valid(got)) {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, Make(got))
		}
	})
}
