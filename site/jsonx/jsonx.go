// Package jsonx appends JSON without reflection, byte for byte as
// encoding/json writes it with its defaults.
package jsonx

import (
	"math/bits"
	"unicode/utf8"
)

// safe holds true for the ASCII bytes that a JSON string holds as they are
// when HTML escaping is on: not control characters, '"', '\\', '<', '>' or
// '&'.
var safe = func() (safe [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		safe[c] = true
	}
	for _, c := range `"\<>&` {
		safe[c] = false
	}
	return safe
}()

// load8 returns the first eight bytes of s, little-endian.
func load8[S ~string | ~[]byte](s S) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// unsafe8 returns 0 if the eight bytes of x, first byte lowest, are all
// safe; otherwise its lowest set bit is the high bit of the first byte
// that is not. A byte of v is below n, for n at most 0x80, where (v-n*ones)
// &^ v has its high bit set, if no byte before it is; a byte equal to c is
// a zero byte of x^c*ones.
func unsafe8(x uint64) uint64 {
	const ones = 0x0101010101010101
	q, bs, lt, gt, amp := x^'"'*ones, x^'\\'*ones, x^'<'*ones, x^'>'*ones, x^'&'*ones
	bad := x | (x-' '*ones)&^x | (q-ones)&^q | (bs-ones)&^bs | (lt-ones)&^lt | (gt-ones)&^gt | (amp-ones)&^amp
	return bad & (0x80 * ones)
}

// AppendString appends s to b as a JSON string, quoted and escaped as
// encoding/json's Marshal and Encoder do by default: '"' and '\\' escaped
// with a backslash; \b, \f, \n, \r and \t as such; other control
// characters, '<', '>' and '&' as \u00XX; U+2028 and U+2029 as \u2028 and
// \u2029; each byte of invalid UTF-8 as \ufffd.
func AppendString[S ~string | ~[]byte](b []byte, s S) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			// Skip eight safe bytes, or up to the first that is not.
			m := unsafe8(load8(s[i : i+8]))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		}
		if c := s[i]; c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		// A short conversion stays on the stack when s is a byte slice.
		r, size := utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendArray appends list as a JSON array, each element appended by
// each; a nil list is null, as encoding/json writes it.
func AppendArray[T any](b []byte, list []T, each func(b []byte, x T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, x)
	}
	return append(b, ']')
}
