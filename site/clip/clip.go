// Package clip reads .txt news clippings into an [article.Article].
//
// A clipping is text pasted from a news site. Read normalizes it with package
// textnorm; its first non-empty line is the headline (Title), and every later
// non-empty line is one body block (paragraphs are separated by blank lines
// or by single newlines alike), kept verbatim, surrounding spaces trimmed,
// and in order, unless a rule claims it as boilerplate: the headline repeated,
// a photo caption or credit, a date line, a byline or agency credit, a share,
// follow or subscribe prompt, an app or platform promo, mirror addresses, a
// related-stories list, a copyright line, a note from the desk, and other
// page furniture. Each claimed line is recorded in Removed with its line
// number and the rule's reason; captions and credits also go to Captions, a
// byline's name to Author. A dateline opening the story ("MOSCOW (AFP) -")
// fills Dateline while its paragraph stays in the body. A short line between
// paragraphs that does not end a sentence is a subheading (Kind Heading).
// HTML is the body as escaped <p> and <h2> elements, one a line.
//
// The rules are data, generic to news sites: the embedded rules.toml (see
// [DefaultRules]), which a site extends from its config ([Rules.Extend]).
// Besides patterns they use position (the head before the first paragraph
// that ends a sentence, the tail after the last one, the last line) and
// neighbours (a caption next to a credit, a list after its header).
//
// Read never panics. It fails, with an *article.Error ("path[:line]: message"),
// only for text that is not UTF-8, a file with no headline, and a headline
// with no body. A Reader compiles its rules once; Read is safe for concurrent
// use and linear in the size of the file.
package clip

import (
	"html"
	"html/template"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"briefing/site/article"
	"briefing/site/textnorm"
)

// Reader reads clippings with a compiled set of rules. It is safe for
// concurrent use.
type Reader struct {
	keep           []*regexp.Regexp
	rules          [numZones][]*rule
	credits        []*rule // rules that give a bare credit, tried on a headline's suffix
	datelines      []dateline
	paragraph      *regexp.Regexp
	heading        *regexp.Regexp
	headlineSuffix *regexp.Regexp
	maxLine        int
	headingWords   int
	datelineBlocks int
}

// NewReader compiles r. A bad pattern is an error naming its rule.
func NewReader(r Rules) (*Reader, error) {
	rd := &Reader{
		maxLine:        r.Structure.MaxLineBytes,
		headingWords:   r.Structure.HeadingMaxWords,
		datelineBlocks: r.Structure.DatelineBlocks,
	}
	if rd.maxLine <= 0 {
		rd.maxLine = 800
	}
	var err error
	for i, p := range r.Keep {
		re, err := compile("keep #"+strconv.Itoa(i+1), p, r.Macros)
		if err != nil {
			return nil, err
		}
		rd.keep = append(rd.keep, re)
	}
	opt := func(name, p string) *regexp.Regexp {
		if p == "" || err != nil {
			return nil
		}
		var re *regexp.Regexp
		re, err = compile("structure."+name, p, r.Macros)
		return re
	}
	rd.paragraph = opt("paragraph", r.Structure.Paragraph)
	rd.heading = opt("heading", r.Structure.Heading)
	rd.headlineSuffix = opt("headline_suffix", r.Structure.HeadlineSuffix)
	if err != nil {
		return nil, err
	}
	for i, l := range r.Lines {
		ru, err := compileRule(i, l, r.Macros)
		if err != nil {
			return nil, err
		}
		rd.rules[ru.where] = append(rd.rules[ru.where], ru)
		if ru.credit >= 0 && ru.caption < 0 && len(ru.after) == 0 && len(ru.before) == 0 {
			rd.credits = append(rd.credits, ru)
		}
	}
	for i, d := range r.Datelines {
		name := d.Name
		if name == "" {
			name = "#" + strconv.Itoa(i+1)
		}
		re, err := compile("dateline "+strconv.Quote(name), d.Pattern, r.Macros, "place", "agency")
		if err != nil {
			return nil, err
		}
		rd.datelines = append(rd.datelines, dateline{name, re, group(re, "place"), group(re, "agency")})
	}
	return rd, nil
}

// line is one non-empty source line after the headline.
type line struct {
	no      int    // 1-based line number
	text    string // trimmed
	folded  string // text case-folded for prefilters (see fold)
	para    bool   // text ends a sentence
	reason  string // why it is out of the body; "" while kept
	rule    string // the claiming rule's name
	keep    bool   // protected by a keep pattern
	caption string
	credit  string
	author  string
	place   string
}

// Read reads the clipping at path (used for ID, Path and error messages)
// with content src.
func (r *Reader) Read(p string, src []byte) (*article.Article, error) {
	text, err := textnorm.Normalize(p, src)
	if err != nil {
		return nil, normError(p, err)
	}
	var (
		title   string
		titleNo int
		ls      []line
	)
	rest := text
	for no := 1; ; no++ {
		s, after, found := strings.Cut(rest, "\n")
		if s = strings.TrimSpace(s); s != "" {
			if titleNo == 0 {
				title, titleNo = s, no
			} else {
				ls = append(ls, line{no: no, text: s})
			}
		}
		if !found {
			break
		}
		rest = after
	}
	if titleNo == 0 {
		return nil, &article.Error{Path: p, Msg: "empty file: no headline"}
	}

	r.prepare(ls)
	r.classify(title, ls)

	a := &article.Article{
		ID:     id(p),
		Path:   p,
		Format: article.Clipping,
		Title:  title,
	}
	var body []int
	for i := range ls {
		l := &ls[i]
		if l.reason == "" {
			body = append(body, i)
			continue
		}
		a.Removed = append(a.Removed, article.Removed{Line: l.no, Text: l.text, Reason: l.reason})
		if a.Author == "" && l.author != "" {
			a.Author = l.author
		}
	}
	if len(body) == 0 {
		return nil, &article.Error{Path: p, Line: titleNo, Msg: "headline but no body"}
	}
	a.Captions = captions(ls)
	a.Blocks = make([]article.Block, len(body))
	for k, i := range body {
		kind := article.Paragraph
		if k > 0 && k < len(body)-1 && !ls[i].para && r.isHeading(ls[i].text) {
			kind = article.Heading
		}
		a.Blocks[k] = article.Block{Kind: kind, Text: ls[i].text, Line: ls[i].no}
	}
	a.Dateline = r.dateline(a.Blocks)
	for i := range ls {
		if a.Dateline == (article.Dateline{}) && ls[i].place != "" {
			a.Dateline.Place = ls[i].place
		}
	}
	a.HTML = renderHTML(a.Blocks)
	return a, nil
}

// prepare computes what the rules read of every line: whether it ends a
// sentence, and its folded form (all lines folded into one buffer).
func (r *Reader) prepare(ls []line) {
	var b strings.Builder
	n := 0
	for i := range ls {
		ls[i].para = r.isParagraph(ls[i].text)
		if len(ls[i].text) <= r.maxLine {
			n += len(ls[i].text)
		}
	}
	b.Grow(n + n/8)
	ends := make([]int, len(ls))
	for i := range ls {
		if len(ls[i].text) <= r.maxLine {
			foldInto(&b, ls[i].text)
		}
		ends[i] = b.Len()
	}
	all, start := b.String(), 0
	for i := range ls {
		ls[i].folded = all[start:ends[i]]
		start = ends[i]
	}
}

// id is the file's base name without its extension.
func id(p string) string {
	base := path.Base(strings.ReplaceAll(p, "\\", "/"))
	return strings.TrimSuffix(base, path.Ext(base))
}

// classify sets the reason of every line some rule claims.
func (r *Reader) classify(title string, ls []line) {
	for i := range ls {
		l := &ls[i]
		for _, re := range r.keep {
			if re.MatchString(l.text) {
				l.keep = true
				break
			}
		}
	}
	// Anywhere, in reading order so that chains see their predecessor.
	inHead := true
	for i := range ls {
		l := &ls[i]
		if l.keep {
			continue
		}
		if !r.repeatedHeadline(title, l, inHead) {
			r.apply(ls, i, r.rules[anywhere])
		}
		if l.reason == "" && l.para {
			inHead = false
		}
	}
	// A caption is sometimes written before its credit: rules with `before`.
	for i := range ls {
		if ls[i].reason == "" && !ls[i].keep && i+1 < len(ls) && ls[i+1].reason != "" {
			r.apply(ls, i, r.rules[anywhere])
		}
	}
	// The head: up to the first kept line that ends a sentence.
	for i := range ls {
		l := &ls[i]
		if l.reason != "" || l.keep {
			continue
		}
		if r.apply(ls, i, r.rules[head]) {
			continue
		}
		if l.para {
			break
		}
	}
	// The tail: after the last kept line that ends a sentence.
	lastPara := -1
	for i := len(ls) - 1; i >= 0; i-- {
		if ls[i].reason == "" && ls[i].para {
			lastPara = i
			break
		}
	}
	for i := lastPara + 1; i < len(ls); i++ {
		if ls[i].reason == "" && !ls[i].keep {
			r.apply(ls, i, r.rules[tail])
		}
	}
	for i := len(ls) - 1; i > lastPara; i-- {
		if ls[i].reason == "" {
			if !ls[i].keep {
				r.apply(ls, i, r.rules[last])
			}
			break
		}
	}
}

// repeatedHeadline claims the headline repeated, alone or (in the head)
// glued to a photo credit or followed by a site suffix.
func (r *Reader) repeatedHeadline(title string, l *line, inHead bool) bool {
	if sameText(l.text, title) {
		l.reason, l.rule = "repeated-headline", "repeated-headline"
		return true
	}
	if !inHead || len(l.text) <= len(title) || !strings.HasPrefix(l.text, title) {
		return false
	}
	rest := strings.TrimSpace(l.text[len(title):])
	folded := fold(rest)
	for _, ru := range r.credits {
		if m, ok := ru.match(rest, folded); ok && m.credit != "" {
			l.reason, l.rule = "repeated-headline", "repeated-headline"
			l.caption, l.credit = title, m.credit
			return true
		}
	}
	if r.headlineSuffix != nil && r.headlineSuffix.MatchString(l.text[len(title):]) {
		l.reason, l.rule = "repeated-headline", "repeated-headline"
		return true
	}
	return false
}

// sameText reports whether a and b are equal ignoring case and the length
// of runs of spaces.
func sameText(a, b string) bool {
	for a != "" && b != "" {
		if a[0] == ' ' || b[0] == ' ' {
			if a[0] != ' ' || b[0] != ' ' {
				return false
			}
			a, b = strings.TrimLeft(a, " "), strings.TrimLeft(b, " ")
			continue
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb && !strings.EqualFold(a[:na], b[:nb]) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b == ""
}

// apply tries rules on ls[i] in order and records the first match.
func (r *Reader) apply(ls []line, i int, rules []*rule) bool {
	l := &ls[i]
	if len(l.text) > r.maxLine {
		return false
	}
	for _, ru := range rules {
		if len(ru.after) > 0 && (i == 0 || !claimedBy(&ls[i-1], ru.after)) {
			continue
		}
		if len(ru.before) > 0 && (i+1 >= len(ls) || !claimedBy(&ls[i+1], ru.before)) {
			continue
		}
		m, ok := ru.match(l.text, l.folded)
		if !ok {
			continue
		}
		l.reason, l.rule = ru.reason, ru.name
		l.caption, l.credit, l.author, l.place = m.caption, m.credit, m.author, m.place
		return true
	}
	return false
}

func claimedBy(l *line, names []string) bool {
	return l.reason != "" && (slices.Contains(names, l.reason) || slices.Contains(names, l.rule))
}

type match struct{ caption, credit, author, place string }

// match runs the rule on s, whose case-folded form is folded.
func (ru *rule) match(s, folded string) (match, bool) {
	for i := range ru.pre {
		if !ru.pre[i].pass(folded) {
			return match{}, false
		}
	}
	for _, re := range ru.require {
		if !re.MatchString(s) {
			return match{}, false
		}
	}
	var idx []int
	if ru.caption < 0 && ru.credit < 0 && ru.author < 0 && ru.place < 0 {
		if !ru.re.MatchString(s) {
			return match{}, false
		}
	} else if idx = ru.re.FindStringSubmatchIndex(s); idx == nil {
		return match{}, false
	}
	for _, re := range ru.unless {
		if re.MatchString(s) {
			return match{}, false
		}
	}
	get := func(g int) string {
		if g < 0 || idx == nil || idx[2*g] < 0 {
			return ""
		}
		return strings.TrimSpace(s[idx[2*g]:idx[2*g+1]])
	}
	return match{get(ru.caption), get(ru.credit), get(ru.author), get(ru.place)}, true
}

// isParagraph reports whether s ends a sentence. Only its end is examined,
// so a huge line costs nothing.
func (r *Reader) isParagraph(s string) bool {
	if r.paragraph == nil {
		return true
	}
	return r.paragraph.MatchString(suffix(s, 24))
}

// isHeading reports whether s, a line that does not end a sentence, is a
// subheading.
func (r *Reader) isHeading(s string) bool {
	if r.heading == nil || len(s) > 16*max(r.headingWords, 1) {
		return false
	}
	return len(strings.Fields(s)) <= r.headingWords && r.heading.MatchString(s)
}

// suffix returns the last n bytes of s or a little fewer, cut at a rune start.
func suffix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// prefix returns the first n bytes of s or a little fewer, cut at a rune start.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// captions gathers captions and credits in source order. A credit repeated
// on the next line is one credit; a caption right after (or before) a bare
// credit is that credit's caption.
func captions(ls []line) []article.Caption {
	var out []article.Caption
	prev := -1 // index in ls of the line that made out[len(out)-1]
	for i := range ls {
		l := &ls[i]
		if l.reason == "" || (l.caption == "" && l.credit == "") {
			continue
		}
		if n := len(out); n > 0 && prev == i-1 {
			c := &out[n-1]
			switch {
			case l.caption == "" && c.Text == "" && l.credit == c.Credit:
				prev = i
				continue // the same credit again
			case l.credit == "" && c.Text == "" && c.Credit != "":
				c.Text = l.caption
				prev = i
				continue
			case l.caption == "" && c.Credit == "" && c.Text != "":
				c.Credit = l.credit
				prev = i
				continue
			}
		}
		out = append(out, article.Caption{Text: l.caption, Credit: l.credit, Line: l.no})
		prev = i
	}
	return out
}

// dateline recognizes "PLACE (AGENCY) -" at the start of the first body
// paragraphs.
func (r *Reader) dateline(blocks []article.Block) article.Dateline {
	tried := 0
	for _, b := range blocks {
		if tried >= max(r.datelineBlocks, 1) {
			break
		}
		if b.Kind != article.Paragraph {
			continue
		}
		tried++
		s := prefix(b.Text, 200)
		for _, d := range r.datelines {
			idx := d.re.FindStringSubmatchIndex(s)
			if idx == nil {
				continue
			}
			get := func(g int) string {
				if g < 0 || idx[2*g] < 0 {
					return ""
				}
				return strings.TrimSpace(s[idx[2*g]:idx[2*g+1]])
			}
			if dl := (article.Dateline{Place: get(d.place), Agency: get(d.agency)}); dl != (article.Dateline{}) {
				return dl
			}
		}
	}
	return article.Dateline{}
}

// renderHTML renders blocks as escaped <p> and <h2> elements, one a line.
func renderHTML(blocks []article.Block) template.HTML {
	n := 0
	for _, b := range blocks {
		n += len(b.Text) + 10
	}
	var sb strings.Builder
	sb.Grow(n + n/8)
	for i, b := range blocks {
		if i > 0 {
			sb.WriteByte('\n')
		}
		tag := "p"
		if b.Kind == article.Heading {
			tag = "h2"
		}
		sb.WriteString("<" + tag + ">")
		sb.WriteString(html.EscapeString(b.Text))
		sb.WriteString("</" + tag + ">")
	}
	return template.HTML(sb.String())
}

// normError turns a textnorm error ("path:line: message") into an
// *article.Error with the same message.
func normError(p string, err error) error {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, p+":")
	if !ok {
		return &article.Error{Path: p, Msg: msg}
	}
	line := 0
	if j := strings.IndexByte(rest, ':'); j > 0 {
		if n, e := strconv.Atoi(rest[:j]); e == nil {
			line, rest = n, rest[j+1:]
		}
	}
	return &article.Error{Path: p, Line: line, Msg: strings.TrimSpace(rest)}
}
