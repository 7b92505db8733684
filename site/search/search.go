// Package search makes the index of the site's search page: one compact
// entry per article, loaded by the page's script from a static file, so
// that searching needs no server.
package search

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"briefing/site/index"
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
type Entry struct {
	Title        string   `json:"t"`
	URL          string   `json:"u"`
	Date         string   `json:"d,omitempty"` // YYYY-MM-DD
	Snippet      string   `json:"s,omitempty"`
	Participants []string `json:"p,omitempty"`
	Topics       []string `json:"c,omitempty"`
}

// Files returns the search index of s.
func Files(s *index.Site, r pages.Router) ([]output.File, error) {
	idx := Index{Articles: make([]Entry, len(s.Articles))}
	for i, a := range s.Articles {
		e := Entry{Title: a.Title, URL: r.Href(r.Path(pages.ArticlePage, a.Slug)), Date: index.Date(a.Date), Snippet: snippet(a)}
		for _, app := range a.Participants {
			if len(e.Participants) == Participants {
				break
			}
			e.Participants = append(e.Participants, app.Participant.Name)
		}
		for _, t := range a.Topics {
			if !t.Fallback {
				e.Topics = append(e.Topics, t.Topic.Name)
			}
		}
		idx.Articles[i] = e
	}
	var buf bytes.Buffer
	buf.WriteString("window.BRIEFING_SEARCH=")
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(idx); err != nil {
		return nil, err
	}
	buf.Truncate(buf.Len() - 1) // the encoder's newline
	buf.WriteString(";\n")
	return []output.File{{Path: File, Data: buf.Bytes()}}, nil
}

// snippet is the article's summary, or the start of its first paragraph,
// cut at a word.
func snippet(a *index.Article) string {
	s := a.Summary
	if s == "" {
		for _, b := range a.Blocks {
			if strings.TrimSpace(b.Text) != "" {
				s = b.Text
				break
			}
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= SnippetLength {
		return s
	}
	cut := []rune(s)[:SnippetLength]
	if i := strings.LastIndexByte(string(cut), ' '); i > SnippetLength/2 {
		return string(cut)[:i] + "…"
	}
	return string(cut) + "…"
}
