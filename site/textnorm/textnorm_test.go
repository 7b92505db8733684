package textnorm

import (
	"strings"
	"testing"
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
