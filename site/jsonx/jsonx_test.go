package jsonx

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// cases holds the cases escaping can get wrong.
var cases = func() []string {
	s := []string{
		"", "plain", "</script>", "<!--", "-->", `"`, `\`, `\"`, "a&b", "\x7f", "\u2028", "\u2029",
		"\u2028\u2029x", "\xff", "\xc3", "\xc3(", "\xe2\x80", "\xe2\x80\xa8", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xef\xbf\xbd", "😀", "👩‍👩‍👧", "e\u0301", "\u00a0", "\ufeff", "mixed <b>\"ü\"</b>\n\t\u2028 \xff end",
	}
	for c := 0; c < 0x20; c++ {
		s = append(s, string(rune(c)), "a"+string(rune(c))+"b")
	}
	return s
}()

func TestAppendString(t *testing.T) {
	for _, s := range cases {
		check(t, s)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range cases {
		f.Add(s)
	}
	f.Fuzz(check)
}

// check reports whether AppendString writes s as json.Marshal does, for a
// string and for a byte slice, after what b held.
func check(t *testing.T, s string) {
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	prefix := []byte("x=")
	if got := AppendString(bytes.Clone(prefix), s); !bytes.Equal(got, append(prefix, want...)) {
		t.Errorf("AppendString(%q) = %s, want %s", s, got[len(prefix):], want)
	}
	if got := AppendString(nil, []byte(s)); !bytes.Equal(got, want) {
		t.Errorf("AppendString([]byte(%q)) = %s, want %s", s, got, want)
	}
}

func TestAppendStringAllocs(t *testing.T) {
	b := make([]byte, 0, 1024)
	src := []byte("ü😀\xff\u2028<\"\n")
	if n := testing.AllocsPerRun(10, func() {
		b = AppendString(b[:0], "ü😀\xff\u2028<\"\n")
		b = AppendString(b, src)
	}); n != 0 {
		t.Errorf("AppendString allocated %v times", n)
	}
}

func TestAppendStringPositions(t *testing.T) {
	for _, p := range cases {
		for before := range 17 {
			for _, after := range []int{0, 1, 7, 8, 9} {
				check(t, string(bytes.Repeat([]byte{'a'}, before))+p+string(bytes.Repeat([]byte{'b'}, after)))
			}
		}
	}
}

func TestUnsafe8(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var w [8]byte
	test := func() {
		first := 8
		for i, c := range w {
			if c >= utf8.RuneSelf || !safe[c] {
				first = i
				break
			}
		}
		m := unsafe8(binary.LittleEndian.Uint64(w[:]))
		if got := bits.TrailingZeros64(m) / 8; m != 0 && got != first || m == 0 && first != 8 {
			t.Fatalf("unsafe8(% x) = %#x, want the first unsafe byte at %d", w, m, first)
		}
	}
	for range 200000 {
		for i := range w {
			if rng.IntN(4) == 0 {
				w[i] = byte(rng.IntN(256))
			} else {
				w[i] = byte(' ' + rng.IntN(utf8.RuneSelf-' '))
			}
		}
		test()
		// Every value at every position after safe bytes, and before any.
		p, c := rng.IntN(8), byte(rng.IntN(256))
		for i := range p {
			w[i] = 'a'
		}
		w[p] = c
		test()
	}
}

func BenchmarkAppendString(b *testing.B) {
	const text = "Foreign ministers of the Association of Southeast Asian Nations said on Tuesday that they backed the peace plan, in a \"joint statement\" issued after talks."
	buf := make([]byte, 0, 1024)
	for b.Loop() {
		buf = AppendString(buf[:0], text)
	}
	b.SetBytes(int64(len(text)))
}

// TestAppendArray holds AppendArray of strings to encoding/json: a nil
// list is null, an empty one [].
func TestAppendArray(t *testing.T) {
	for _, list := range [][]string{nil, {}, {""}, {"a"}, cases[:5], cases} {
		want, err := json.Marshal(list)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendArray([]byte("x"), list, AppendString); string(got) != "x"+string(want) {
			t.Errorf("AppendArray(%q) = %s, want x%s", list, got, want)
		}
	}
}
