package article

import (
	"html"
	"strings"
	"testing"
)

// FuzzWriteEscaped checks writeEscaped against html.EscapeString.
func FuzzWriteEscaped(f *testing.F) {
	f.Add(`a <b> & 'c' "d" é`)
	f.Add(`abcdefgh<ijklmnopq&rstuvwxyz'0123456789"ABCDEFG>HIJKLMNOPQRSTUVWX`)
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		b.WriteString("x")
		writeEscaped(&b, s)
		if got, want := b.String(), "x"+html.EscapeString(s); got != want {
			t.Fatalf("writeEscaped(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestBody checks that a clipping's body is rendered from its blocks and a
// Markdown article's is the HTML its reader made.
func TestBody(t *testing.T) {
	clip := &Article{Format: Clipping, Blocks: []Block{
		{Kind: Paragraph, Text: "Talks & more <soon>."},
		{Kind: Heading, Text: "Next"},
		{Kind: Paragraph, Text: `"Quoted"`},
	}}
	if got, want := string(clip.Body()), "<p>Talks &amp; more &lt;soon&gt;.</p>\n<h2>Next</h2>\n<p>&#34;Quoted&#34;</p>"; got != want {
		t.Errorf("clipping Body() = %q, want %q", got, want)
	}
	md := &Article{Format: Markdown, HTML: "<pre>x</pre>", Blocks: []Block{{Kind: Code, Text: "x"}}}
	if got := md.Body(); got != "<pre>x</pre>" {
		t.Errorf("Markdown Body() = %q", got)
	}
	if got := (&Article{Format: Markdown, Blocks: []Block{{Kind: Paragraph, Text: "x"}}}).Body(); got != "" {
		t.Errorf("empty Markdown Body() = %q, want the reader's (empty) HTML", got)
	}
}
