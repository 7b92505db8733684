package slug

import (
	"strings"
	"testing"
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
		if got != "" && Make(got) != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, Make(got))
		}
	})
}
