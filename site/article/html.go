package article

import (
	"html/template"
	"strings"
)

// Body returns the article's body as HTML: for Markdown, the HTML its
// reader made; for a clipping, its blocks as escaped <p> and <h2>
// elements, one a line, made on each call rather than kept.
func (a *Article) Body() template.HTML {
	if a.HTML != "" || a.Format == Markdown {
		return a.HTML
	}
	n := 0
	for _, b := range a.Blocks {
		n += len(b.Text) + len("<h2></h2>\n")
	}
	var b strings.Builder
	b.Grow(n + n/16)
	writeHTML(&b, a.Blocks)
	return template.HTML(b.String())
}

// writeHTML writes blocks as escaped <p> and <h2> elements, one a line.
func writeHTML(w *strings.Builder, blocks []Block) {
	for i, b := range blocks {
		if i > 0 {
			w.WriteByte('\n')
		}
		open, end := "<p>", "</p>"
		if b.Kind == Heading {
			open, end = "<h2>", "</h2>"
		}
		w.WriteString(open)
		writeEscaped(w, b.Text)
		w.WriteString(end)
	}
}

// htmlEscapes are the replacements html.EscapeString makes, by byte.
var htmlEscapes = [256]string{'<': "&lt;", '>': "&gt;", '&': "&amp;", '\'': "&#39;", '"': "&#34;"}

var htmlSpecial = [256]bool{'<': true, '>': true, '&': true, '\'': true, '"': true}

// unescaped returns the length of the start of s that html.EscapeString
// leaves alone. It reads eight bytes at a time.
func unescaped(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		lt, gt, amp := w^'<'*ones, w^'>'*ones, w^'&'*ones
		apos, quot := w^'\''*ones, w^'"'*ones
		// x has a zero byte if and only if (x-ones)&^x has a top bit set.
		if ((lt-ones)&^lt|(gt-ones)&^gt|(amp-ones)&^amp|(apos-ones)&^apos|(quot-ones)&^quot)&highs != 0 {
			break
		}
	}
	for i < len(s) && !htmlSpecial[s[i]] {
		i++
	}
	return i
}

// writeEscaped writes html.EscapeString(s) to w.
func writeEscaped(w *strings.Builder, s string) {
	for {
		i := unescaped(s)
		w.WriteString(s[:i])
		if i == len(s) {
			return
		}
		w.WriteString(htmlEscapes[s[i]])
		s = s[i+1:]
	}
}
