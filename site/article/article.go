// Package article defines the typed data that flows out of the parse stage:
// one Article per source file, whatever its format.
//
// An Article is plain data. Readers (package clip for .txt clippings, package
// markdown for .md files) fill it in; the extract, index, pages and render
// stages only read it.
package article

import (
	"fmt"
	"html/template"
	"time"
)

// Format is the source format an article was read from.
type Format string

// Source formats.
const (
	Clipping Format = "txt" // a raw news clipping: headline, then paragraphs
	Markdown Format = "md"  // Markdown with YAML or TOML front matter
)

// Article is one parsed source file.
type Article struct {
	ID     string // file base name without extension, unique within a site
	Path   string // slash-separated path relative to the content directory
	Format Format

	// Metadata. Clippings get these from a sidecar file; Markdown from front matter.
	Title   string
	Slug    string    // requested URL slug; empty means derived from Title
	Date    time.Time // publication date (UTC midnight); zero when unknown
	Source  string    // publication name
	URL     string    // original address of the article
	Summary string
	Author  string // byline
	Draft   bool

	// Hints that correct or complete extraction.
	Participants []string // names to add as participants
	Exclude      []string // names never to treat as participants
	Topics       []string // topic ids to assign

	Dateline Dateline  // opening "PLACE (AGENCY) -", if any
	Captions []Caption // photo captions and credits
	Blocks   []Block   // the body, in order
	Removed  []Removed // lines kept out of the body, with the reason

	// HTML is the rendered body of a Markdown article; use Body, which
	// also renders a clipping's Blocks.
	HTML template.HTML
}

// BlockKind tells what a body block is.
type BlockKind string

// Kinds of body blocks.
const (
	Paragraph BlockKind = "paragraph"
	Heading   BlockKind = "heading"
	Quote     BlockKind = "quote"
	ListItem  BlockKind = "item"
	Code      BlockKind = "code"
)

// Block is one unit of body text. Text is plain (no markup), verbatim for
// clippings; it is what extraction reads and snippets quote.
type Block struct {
	Kind BlockKind
	Text string
	Line int // 1-based line in the source file where the block starts
}

// Caption is a photo caption and/or its credit ("Reuters", "AFP").
type Caption struct {
	Text   string
	Credit string
	Line   int
}

// Dateline is the "MOSCOW (AFP) -" opening of a news story.
type Dateline struct {
	Place  string
	Agency string
}

// Removed records a source line that was kept out of the body.
type Removed struct {
	Line   int    // 1-based line number
	Text   string // the line as read (after normalization)
	Reason string // the rule that matched, e.g. "caption", "share-prompt"
}

// Text returns the article's headline and body blocks as one string per
// block, the input extraction reads. Index 0 is the title.
func (a *Article) Text() []string {
	return a.AppendText(make([]string, 0, len(a.Blocks)+1))
}

// AppendText appends what Text returns to dst.
func (a *Article) AppendText(dst []string) []string {
	dst = append(dst, a.Title)
	for _, b := range a.Blocks {
		dst = append(dst, b.Text)
	}
	return dst
}

// Error is a problem in one source file, reported as "path:line: message".
type Error struct {
	Path  string
	Line  int // 0 when the problem has no single line
	Field string
	Msg   string
}

func (e *Error) Error() string {
	loc := e.Path
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// Errors is a list of problems, all reported at once.
type Errors []*Error

func (es Errors) Error() string {
	s := ""
	for i, e := range es {
		if i > 0 {
			s += "\n"
		}
		s += e.Error()
	}
	return s
}

// Err returns es as an error, or nil when it is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
