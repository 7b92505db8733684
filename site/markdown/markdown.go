// Package markdown reads .md articles: front matter (YAML between "---"
// lines or TOML between "+++" lines, checked by package meta) and a Markdown
// body rendered by goldmark.
//
// The body is GitHub-flavoured Markdown (tables, strikethrough, autolinks,
// task lists) with footnotes, typographic punctuation and automatic heading
// IDs. Articles are untrusted text, so the renderer never passes raw HTML
// through: HTML blocks and inline tags are shown escaped, as written, and
// links or images whose address has a scheme other than http, https, mailto
// or tel (javascript:, vbscript:, data:, ...) are reduced to their text.
// Nothing it writes carries a style attribute: a table column's alignment is
// a class (align-left, align-center, align-right) that the theme styles.
// Fenced code with a language chroma knows is highlighted with CSS classes;
// Stylesheet returns the matching CSS.
package markdown

import (
	"bytes"
	"errors"
	"html/template"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"briefing/site/article"
	"briefing/site/meta"
	"briefing/site/textnorm"
)

// Reader turns .md files into articles. Build it once with NewReader; it is
// safe for concurrent use.
type Reader struct {
	md goldmark.Markdown
}

// NewReader returns a Reader with the house Markdown dialect.
func NewReader() *Reader {
	return &Reader{md: goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			// Real characters, not entities, so that the plain text of
			// Blocks and titles reads like the rendered page.
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
				extension.LeftSingleQuote:  "‘",
				extension.RightSingleQuote: "’",
				extension.LeftDoubleQuote:  "“",
				extension.RightDoubleQuote: "”",
				extension.EnDash:           "–",
				extension.EmDash:           "—",
				extension.Ellipsis:         "…",
				extension.LeftAngleQuote:   "«",
				extension.RightAngleQuote:  "»",
				extension.Apostrophe:       "’",
			})),
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkGuard{}, 100), util.Prioritized(tableAlign{}, 200)),
		),
		goldmark.WithRendererOptions(
			// Alignment as a class (see tableAlign), never a style
			// attribute, which the pages' Content-Security-Policy blocks.
			extension.WithTableCellAlignMethod(extension.TableCellAlignNone),
			// Below the default renderers' 1000: ours win for the kinds
			// they register.
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		),
	)}
}

// Read parses the .md file at path (as given; it becomes Article.Path) with
// content src.
//
// The title comes from the front matter or else from the first level-1
// heading, which is then left out of Blocks and HTML. Every problem is
// reported at once as an article.Errors ("path:line: field: problem", lines
// counted from the top of the file); a file that is not valid UTF-8 gets
// textnorm's error instead. On error the article is nil.
func (r *Reader) Read(path string, src []byte) (*article.Article, error) {
	txt, err := textnorm.Normalize(path, src)
	if err != nil {
		return nil, err
	}
	m, body, bodyLine, err := frontMatter(path, txt)
	var errs article.Errors
	if err != nil {
		if !errors.As(err, &errs) {
			return nil, err
		}
		if body == "" && bodyLine == 0 { // no usable body (unclosed fence)
			return nil, errs
		}
	}

	a := &article.Article{ID: baseID(path), Path: path, Format: article.Markdown}
	m.Apply(a)

	source := []byte(body)
	// "main" is taken by the layout's landmark, which the skip link targets.
	pc := parser.NewContext(parser.WithIDs(&headingIDs{used: map[string]bool{"main": true}}))
	doc := r.md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	w := &walker{src: source, firstLine: bodyLine, newlines: newlines(source)}

	if !m.Has("title") {
		if h := firstH1(doc); h != nil {
			a.Title = strings.TrimSpace(w.inline(h))
			doc.RemoveChild(doc, h)
		}
		if a.Title == "" && !mayHaveTitle(errs) {
			errs = append(errs, &article.Error{Path: path, Line: 1, Field: "title",
				Msg: `missing (add a title field or a "# heading")`})
		}
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *article.Error) int { return a.Line - b.Line })
		return nil, errs
	}

	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		w.block(c)
	}
	a.Blocks = w.blocks
	demoteHeadings(doc)

	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, source, doc); err != nil {
		return nil, &article.Error{Path: path, Msg: "rendering Markdown: " + err.Error()}
	}
	a.HTML = template.HTML(buf.String())
	return a, nil
}

// demoteHeadings moves every heading one level down (# becomes <h2>), as
// the article's title is the page's only <h1>.
func demoteHeadings(doc ast.Node) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
			h.Level++
		}
		return ast.WalkContinue, nil
	})
}

// frontMatter splits txt into its front matter, parsed, and the body, which
// starts on line bodyLine of the file. Without front matter, the whole text
// is the body. An unclosed fence is an error with bodyLine 0.
func frontMatter(path, txt string) (m meta.Meta, body string, bodyLine int, err error) {
	first, rest, _ := strings.Cut(txt, "\n")
	if first != "---" && first != "+++" {
		return m, txt, 1, nil
	}
	// Find the closing fence: a line equal to the opening one.
	end, line := -1, 2
	for i := 0; i <= len(rest); line++ {
		j := strings.IndexByte(rest[i:], '\n')
		if j < 0 {
			j = len(rest) - i
		}
		if rest[i:i+j] == first {
			end = i
			break
		}
		i += j + 1
	}
	if end < 0 {
		return m, "", 0, article.Errors{{Path: path, Line: 1, Field: "front matter", Msg: `no closing "` + first + `"`}}
	}
	fm := rest[:end]
	body = rest[min(len(rest), end+len(first)+1):]
	if first == "---" {
		m, err = meta.ParseYAML(path, fm, 2)
	} else {
		m, err = meta.ParseTOML(path, fm, 2)
	}
	return m, body, line + 1, err
}

// baseID is the file name without directory and extension.
func baseID(p string) string {
	b := path.Base(strings.ReplaceAll(p, `\`, "/"))
	return strings.TrimSuffix(b, path.Ext(b))
}

// mayHaveTitle reports whether the front matter problems errs may hide a
// title (a bad title, a misspelled "title" field, a syntax error), so that
// "title: missing" would only add noise.
func mayHaveTitle(errs article.Errors) bool {
	for _, e := range errs {
		if e.Field == "title" || strings.Contains(e.Msg, `"title"`) || strings.HasPrefix(e.Msg, "invalid ") {
			return true
		}
	}
	return false
}

// firstH1 returns the first top-level heading of level 1, or nil.
func firstH1(doc ast.Node) *ast.Heading {
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if h, ok := c.(*ast.Heading); ok && h.Level == 1 {
			return h
		}
	}
	return nil
}

// headingIDs makes heading IDs that keep Unicode letters and digits
// ("Ünïcode héading" → "ünïcode-héading"), unique within a document.
type headingIDs struct{ used map[string]bool }

// Generate implements parser.IDs. value is the heading's source text.
func (ids *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(string(value)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case unicode.IsSpace(r) || r == '-' || r == '_':
			dash = true
		}
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	for i, base := 1, id; ids.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	ids.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs: id is taken.
func (ids *headingIDs) Put(id []byte) { ids.used[string(id)] = true }

// newlines returns the offsets of the line breaks in src.
func newlines(src []byte) []int {
	var nl []int
	for i, c := range src {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

// walker collects the plain text of the body's blocks.
type walker struct {
	src       []byte
	firstLine int   // line of the file where src starts
	newlines  []int // offsets of "\n" in src
	blocks    []article.Block
}

// lineAt is the file line of byte offset off in src.
func (w *walker) lineAt(off int) int {
	return w.firstLine + sort.SearchInts(w.newlines, off)
}

// line is the file line where block n starts, or 0 if unknown.
func (w *walker) line(n ast.Node) int {
	if n.Type() != ast.TypeBlock {
		return 0
	}
	if fc, ok := n.(*ast.FencedCodeBlock); ok {
		// Pos is the opening fence; without it, the line before the code.
		if p := fc.Pos(); p >= 0 {
			return w.lineAt(p)
		}
		if fc.Lines().Len() > 0 {
			return w.lineAt(fc.Lines().At(0).Start) - 1
		}
	}
	if p := n.Pos(); p >= 0 {
		return w.lineAt(p)
	}
	if n.Lines().Len() > 0 {
		return w.lineAt(n.Lines().At(0).Start)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if l := w.line(c); l > 0 {
			return l
		}
	}
	return 0
}

func (w *walker) add(kind article.BlockKind, n ast.Node, txt string) {
	txt = strings.TrimSpace(txt)
	if txt == "" {
		return
	}
	w.blocks = append(w.blocks, article.Block{Kind: kind, Text: txt, Line: w.line(n)})
}

// block adds the blocks of top-level node n: one per paragraph, heading,
// quote, code block, list item (nested lists give their own items), table
// row (cells joined by " | ") and footnote paragraph. Thematic breaks add
// nothing.
func (w *walker) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		w.add(article.Paragraph, n, w.inline(n))
	case *ast.Heading:
		w.add(article.Heading, n, w.inline(n))
	case *ast.Blockquote:
		w.add(article.Quote, n, w.text(n))
	case *ast.List:
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			w.item(it)
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
		kind := article.Code
		if n.Kind() == ast.KindHTMLBlock {
			kind = article.Paragraph // shown to readers as text
		}
		w.add(kind, n, w.raw(n))
	case *east.Table:
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for c := row.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, strings.TrimSpace(w.inline(c)))
			}
			w.add(article.Paragraph, row, strings.Join(cells, " | "))
		}
	case *ast.ThematicBreak:
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			w.block(c)
		}
	}
}

// item adds a list item: the text of its own blocks, then its nested lists'
// items.
func (w *walker) item(it ast.Node) {
	var parts []string
	for c := it.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() != ast.KindList {
			parts = append(parts, w.text(c))
		}
	}
	w.add(article.ListItem, it, strings.Join(parts, "\n"))
	for c := it.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.List); ok {
			w.block(l)
		}
	}
}

// text is the plain text of any block, its child blocks on separate lines.
func (w *walker) text(n ast.Node) string {
	switch n.Kind() {
	case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
		return w.raw(n)
	}
	if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeBlock {
		var parts []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t := strings.TrimSpace(w.text(c)); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, "\n")
	}
	return w.inline(n)
}

// raw is the source text of a code or HTML block's lines, as written.
func (w *walker) raw(n ast.Node) string {
	var b strings.Builder
	lines := n.Lines()
	for i := range lines.Len() {
		s := lines.At(i)
		b.Write(s.Value(w.src))
	}
	if h, ok := n.(*ast.HTMLBlock); ok && h.HasClosure() {
		b.Write(h.ClosureLine.Value(w.src))
	}
	return strings.TrimRight(b.String(), "\n")
}

// inline is the plain text of n's inline content, as a reader sees it:
// markup removed, escapes and entities resolved, soft line breaks turned
// into spaces. Raw HTML counts as text (it is shown escaped).
func (w *walker) inline(n ast.Node) string {
	var b strings.Builder
	w.inlineTo(&b, n)
	return b.String()
}

func (w *walker) inlineTo(b *strings.Builder, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(w.src)
			if c.IsRaw() { // code span content
				b.Write(bytes.ReplaceAll(v, []byte{'\n'}, []byte{' '}))
				continue
			}
			b.Write(resolve(v))
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				b.Write(c.Value)
			} else {
				b.Write(resolve(c.Value))
			}
		case *ast.AutoLink:
			b.Write(c.Label(w.src))
		case *ast.RawHTML:
			for i := range c.Segments.Len() {
				s := c.Segments.At(i)
				b.Write(s.Value(w.src))
			}
		default:
			w.inlineTo(b, c)
		}
	}
}

// resolve does what goldmark's writer does to text: backslash escapes,
// numeric and named character references.
func resolve(v []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}
