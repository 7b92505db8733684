// Package textnorm turns the bytes of a source file into clean text that
// every reader can rely on: valid UTF-8, no byte order mark, "\n" line
// endings, ordinary spaces, Unicode NFC.
package textnorm

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize validates and normalizes src, the content of the file at path.
//
// It strips a UTF-8 byte order mark, turns CRLF and lone CR line endings into
// "\n", replaces no-break and other fixed-width spaces with a plain space,
// drops characters a reader cannot see (see invisible), removes trailing white space
// from every line and composes the text to NFC. Curly quotes and other
// punctuation are kept as written. A file with a NUL byte, or that is not
// valid UTF-8 (including UTF-16), is an error naming the file and the line
// of the first bad byte.
func Normalize(path string, src []byte) (string, error) {
	if bytes.HasPrefix(src, []byte{0xFE, 0xFF}) || bytes.HasPrefix(src, []byte{0xFF, 0xFE}) {
		return "", fmt.Errorf("%s: file is UTF-16; save it as UTF-8", path)
	}
	src = bytes.TrimPrefix(src, []byte{0xEF, 0xBB, 0xBF})
	if i := bytes.IndexByte(src, 0); i >= 0 {
		if kind := http.DetectContentType(src); !strings.HasPrefix(kind, "text/") && kind != "application/octet-stream" {
			kind, _, _ = strings.Cut(kind, ";")
			return "", fmt.Errorf("%s: not a text file: it looks like %s", path, kind)
		}
		line := 1 + bytes.Count(src[:i], []byte{'\n'})
		return "", fmt.Errorf("%s:%d: file contains a NUL byte; it is not a text file", path, line)
	}
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
		return "", fmt.Errorf("%s:%d: text is not valid UTF-8 (byte 0x%02X at offset %d); save the file as UTF-8", path, line, src[bad], bad)
	}
	if i, nfc := unchanged(src); i < len(src) {
		return rewrite(src, i), nil
	} else if !nfc {
		return string(norm.NFC.Bytes(src)), nil
	}
	return string(src), nil
}

// unchanged returns the length of the start of src, valid UTF-8 without a
// byte order mark, that Normalize leaves as it is but for NFC: up to the
// first carriage return or tab, space of another kind, zero-width
// character, or space before a line end or the end of the text. When that
// is all of src, it also reports whether src is in NFC.
func unchanged(src []byte) (n int, nfc bool) {
	nfc = true
	for i := 0; ; {
		i += plainPrefix(src[i:])
		if i == len(src) {
			if i > 0 && src[i-1] == ' ' {
				return i - 1, nfc
			}
			return i, nfc
		}
		switch c := src[i]; c {
		case '\n':
			if i > 0 && src[i-1] == ' ' {
				return i, nfc
			}
			i++
			continue
		case '\t', '\r':
			return i, nfc
		}
		// A run of characters beyond ASCII.
		j := i
		for j < len(src) && src[j] >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(src[j:])
			if isSpace(r) || invisible(r, before(src, j), after(src, j+size)) {
				return j, false
			}
			j += size
		}
		nfc = nfc && norm.NFC.IsNormal(src[max(i-1, 0):j])
		i = j
	}
}

// rewrite is Normalize for valid text whose first n bytes are unchanged.
func rewrite(src []byte, n int) string {
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	out := append((*bp)[:0], src[:n]...)
	for i := n; i < len(src); {
		k := plainPrefix(src[i:])
		out = append(out, src[i:i+k]...)
		if i += k; i == len(src) {
			break
		}
		c := src[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case '\t':
				out = append(out, ' ')
				continue
			case '\r':
				if i < len(src) && src[i] == '\n' {
					i++
				}
			}
			out = append(trimSpaces(out), '\n')
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case isSpace(r):
			out = append(out, ' ')
		case invisible(r, before(out, len(out)), after(src, i+size)):
			// carries nothing a reader can see
		default:
			out = append(out, src[i:i+size]...)
		}
		i += size
	}
	out = trimSpaces(out)
	if cap(out) <= maxPooled {
		*bp = out
	}
	if !isNFC(out) {
		return string(norm.NFC.Bytes(out))
	}
	return string(out)
}

// bufPool holds the buffers of rewrite.
var bufPool = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled is the capacity of the largest buffer kept for reuse.
const maxPooled = 1 << 20

// trimSpaces removes the spaces that end b.
func trimSpaces(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// isSpace reports whether r is a no-break or fixed-width space, which
// Normalize makes a plain space.
func isSpace(r rune) bool {
	switch r {
	case '\u00A0', '\u2007', '\u202F', '\u2000', '\u2001', '\u2002', '\u2003',
		'\u2004', '\u2005', '\u2006', '\u2008', '\u2009', '\u200A', '\u3000':
		return true
	}
	return false
}

// invisible reports whether Normalize drops r, given the bytes just before
// and after it (0 at either end of the text): zero-width spaces and word
// joiners, a byte order mark inside the text, the bidirectional embedding,
// override and isolate controls (which can make text display in an order
// other than the one it is read in), and a zero-width joiner or non-joiner
// next to an ASCII letter, where it can only split a word. Joiners between
// other characters, as in emoji sequences or Persian words, are kept.
func invisible(r rune, before, after byte) bool {
	switch {
	case r == '\u200B', r == '\u2060', r == '\uFEFF':
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	case r == '\u200C', r == '\u200D':
		return isASCIILetter(before) || isASCIILetter(after)
	}
	return false
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// before returns the byte before b[i], or 0 at the start.
func before(b []byte, i int) byte {
	if i == 0 {
		return 0
	}
	return b[i-1]
}

// after returns b[i], or 0 at the end.
func after(b []byte, i int) byte {
	if i >= len(b) {
		return 0
	}
	return b[i]
}

// isNFC reports whether b is in NFC. An ASCII character neither combines
// with nor reorders around what comes before it, so only the runs of
// other characters need the check, each with the character before it.
func isNFC(b []byte) bool {
	for i := 0; i < len(b); {
		if i += asciiPrefix(b[i:]); i == len(b) {
			break
		}
		j := i + 1
		for j < len(b) && b[j] >= utf8.RuneSelf {
			j++
		}
		if !norm.NFC.IsNormal(b[max(i-1, 0):j]) {
			return false
		}
		i = j
	}
	return true
}

// plainPrefix returns the length of the bytes that begin b and that
// Normalize copies as they are, whatever surrounds them: ASCII but for
// tabs and line ends.
func plainPrefix(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		// x has a zero byte if and only if (x-ones)&^x has a top bit set.
		t, r, n := w^'\t'*ones, w^'\r'*ones, w^'\n'*ones
		zero := (t-ones)&^t | (r-ones)&^r | (n-ones)&^n
		if (w|zero)&highs != 0 {
			break
		}
	}
	for i < len(b) && plain[b[i]] {
		i++
	}
	return i
}

// asciiPrefix returns the length of the ASCII bytes that begin b.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// plain are the bytes of plainPrefix.
var plain = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c != '\t' && c != '\r' && c != '\n'
	}
	return t
}()
