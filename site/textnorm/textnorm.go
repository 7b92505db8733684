// Package textnorm turns the bytes of a source file into clean text that
// every reader can rely on: valid UTF-8, no byte order mark, "\n" line
// endings, ordinary spaces, Unicode NFC.
package textnorm

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize validates and normalizes src, the content of the file at path.
//
// It strips a UTF-8 byte order mark, turns CRLF and lone CR line endings into
// "\n", replaces no-break and other fixed-width spaces with a plain space,
// drops zero-width spaces, removes trailing white space from every line
// and composes the text to NFC. Curly quotes and other punctuation are kept
// as written. Text that is not valid UTF-8 (including UTF-16) is an error
// naming the file and the line of the first bad byte.
func Normalize(path string, src []byte) (string, error) {
	if bytes.HasPrefix(src, []byte{0xFE, 0xFF}) || bytes.HasPrefix(src, []byte{0xFF, 0xFE}) {
		return "", fmt.Errorf("%s: file is UTF-16; save it as UTF-8", path)
	}
	src = bytes.TrimPrefix(src, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(src) {
		bad := len(src)
		for i := 0; i < len(src); {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				bad = i
				break
			}
			i += n
		}
		line := 1 + bytes.Count(src[:bad], []byte{'\n'})
		return "", fmt.Errorf("%s:%d: text is not valid UTF-8 (byte 0x%02X at offset %d)", path, line, src[bad], bad)
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line := 1 + bytes.Count(src[:i], []byte{'\n'})
		return "", fmt.Errorf("%s:%d: file contains a NUL byte; it is not a text file", path, line)
	}
	out := make([]byte, 0, len(src))
	spaces := 0 // spaces seen but not yet written: dropped at a line's end
	ascii := true
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\t':
				spaces++
				continue
			case '\r':
				if i < len(src) && src[i] == '\n' {
					i++
				}
				c = '\n'
			}
			if c == '\n' {
				spaces = 0
			} else {
				out = appendSpaces(out, spaces)
				spaces = 0
			}
			out = append(out, c)
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		i += n
		switch r {
		case '\u00A0', '\u2007', '\u202F', '\u2000', '\u2001', '\u2002', '\u2003',
			'\u2004', '\u2005', '\u2006', '\u2008', '\u2009', '\u200A', '\u3000':
			spaces++
		case '\u200B', '\u2060', '\uFEFF':
			// zero-width characters carry nothing a reader can see
		default:
			ascii = false
			out = appendSpaces(out, spaces)
			spaces = 0
			out = utf8.AppendRune(out, r)
		}
	}
	if ascii || norm.NFC.IsNormal(out) {
		return string(out), nil
	}
	return string(norm.NFC.Bytes(out)), nil
}

func appendSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}
