// Package search makes the index of the site's search page: one compact
// entry per article, loaded by the page's script from a static file, so
// that searching needs no server.
package search

import (
	"bytes"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"briefing/site/index"
	"briefing/site/jsonx"
	"briefing/site/output"
	"briefing/site/pages"
)

// File is the index's path, relative to the site root, before the build
// fingerprints it like the theme's scripts (search/index.<hash>.js). It is
// a script that sets window.BRIEFING_SEARCH, loaded with a script element
// and Subresource Integrity.
const File = "search/index.js"

// Sizes of an entry.
const (
	SnippetLength = 160 // characters of the summary or first paragraph, at most
	Participants  = 5   // participants listed per article, the first mentioned
)

// Index is what the script reads: the articles in site order.
type Index struct {
	Articles []Entry `json:"a"`
}

// Entry is one article. Keys are short: the index grows with the site.
// Files writes entries with appendEntry, which follows these tags.
type Entry struct {
	Title        string   `json:"t"`
	URL          string   `json:"u"`
	Date         string   `json:"d,omitempty"` // YYYY-MM-DD
	Snippet      string   `json:"s,omitempty"`
	Participants []string `json:"p,omitempty"`
	Topics       []string `json:"c,omitempty"`
}

// The index file is this head, the Index as JSON and this tail.
const (
	head = "window.BRIEFING_SEARCH="
	tail = ";\n"
)

// Files returns the search index of s.
func Files(s *index.Site, r pages.Router) ([]output.File, error) {
	b := make([]byte, 0, indexSize(s, r))
	b = append(b, head...)
	b = append(b, `{"a":[`...)
	var text []byte // an article's snippet
	for i, a := range s.Articles {
		if i > 0 {
			b = append(b, ',')
		}
		text = appendSnippet(text[:0], a)
		b = appendEntry(b, a, r.Href(r.Path(pages.ArticlePage, a.Slug)), text)
	}
	b = append(b, "]}"...)
	b = append(b, tail...)
	return []output.File{{Path: File, Data: b}}, nil
}

// appendEntry appends the Entry of article a, with its link and snippet,
// as encoding/json writes it: the fields in order, the empty ones with
// omitempty left out.
func appendEntry(b []byte, a *index.Article, url string, snippet []byte) []byte {
	b = append(b, `{"t":`...)
	b = jsonx.AppendString(b, a.Title)
	b = append(b, `,"u":`...)
	b = jsonx.AppendString(b, url)
	if !a.Date.IsZero() {
		// Digits and '-' only: nothing to escape.
		b = append(b, `,"d":"`...)
		b = a.Date.AppendFormat(b, time.DateOnly)
		b = append(b, '"')
	}
	if len(snippet) > 0 {
		b = append(b, `,"s":`...)
		b = jsonx.AppendString(b, snippet)
	}
	if ps := a.Participants[:min(len(a.Participants), Participants)]; len(ps) > 0 {
		b = jsonx.AppendArray(append(b, `,"p":`...), ps, func(b []byte, app *index.Appearance) []byte {
			return jsonx.AppendString(b, app.Participant.Name)
		})
	}
	n := 0
	for _, t := range a.Topics {
		if t.Fallback {
			continue
		}
		if n == 0 {
			b = append(b, `,"c":[`...)
		} else {
			b = append(b, ',')
		}
		b = jsonx.AppendString(b, t.Topic.Name)
		n++
	}
	if n > 0 {
		b = append(b, ']')
	}
	return append(b, '}')
}

// indexSize is about the length of the index of s, more unless many
// characters need escaping or snippets have many bytes a character.
func indexSize(s *index.Site, r pages.Router) int {
	link := len(r.Href(r.Path(pages.Articles, ""))) + len("/")
	n := len(head) + len(`{"a":[]}`) + len(tail)
	for _, a := range s.Articles {
		n += len(`{"t":"","u":"","d":"2006-01-02","s":"","p":[],"c":[]},`) + len(a.Title) + link + len(a.Slug) + SnippetLength + len("…")
		for _, app := range a.Participants[:min(len(a.Participants), Participants)] {
			n += len(`"",`) + len(app.Participant.Name)
		}
		for _, t := range a.Topics {
			n += len(`"",`) + len(t.Topic.Name)
		}
	}
	return n + n/32
}

// snippetSource is the text an article's snippet is made from: its
// summary, or else its first paragraph that is not blank.
func snippetSource(a *index.Article) string {
	if a.Summary != "" {
		return a.Summary
	}
	for _, b := range a.Blocks {
		if strings.TrimSpace(b.Text) != "" {
			return b.Text
		}
	}
	return ""
}

// appendSnippet appends the snippet of article a to b: its snippet source
// with runs of white space made single spaces and none at the ends, cut at
// a word after SnippetLength characters. Bytes of invalid UTF-8 count as a
// character each; in a cut snippet they become U+FFFD.
func appendSnippet(b []byte, a *index.Article) []byte {
	s := snippetSource(a)
	start := len(b)
	n := 0 // characters appended
	for {
		s = s[spaceEnd(s):]
		if s == "" {
			return b
		}
		if n == SnippetLength {
			return cutSnippet(b, start)
		}
		if n > 0 {
			b = append(b, ' ')
			n++
		}
		end, chars := wordEnd(s, SnippetLength-n)
		b = append(b, s[:end]...)
		n += chars
		s = s[end:]
	}
}

// spaceEnd returns the length of the white space that s starts with.
func spaceEnd(s string) int {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// wordEnd returns the length in bytes and in characters of the word that
// s starts with, or of its first limit characters.
func wordEnd(s string, limit int) (end, chars int) {
	for end < len(s) && chars < limit {
		if c := s[end]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				break
			}
			end++
			chars++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[end:])
		if unicode.IsSpace(r) {
			break
		}
		end += size
		chars++
	}
	return end, chars
}

// asciiSpace holds true for the ASCII bytes that unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// cutSnippet ends the snippet b[start:], the first SnippetLength characters
// of a longer text: at its last space if that is past byte SnippetLength/2,
// and with an ellipsis.
func cutSnippet(b []byte, start int) []byte {
	if !utf8.Valid(b[start:]) {
		b = append(b[:start], string([]rune(string(b[start:])))...)
	}
	if i := bytes.LastIndexByte(b[start:], ' '); i > SnippetLength/2 {
		b = b[:start+i]
	}
	return append(b, "…"...)
}
