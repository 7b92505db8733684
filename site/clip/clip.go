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
//
// The rules are data, generic to news sites: the embedded rules.toml (see
// [DefaultRules]), which a site extends from its config ([Rules.Extend]).
// Besides patterns they use position (the head before the first paragraph
// that ends a sentence, the tail after the last one, the last line) and
// neighbours (a caption next to a credit, a list after its header).
//
// Read never panics. It fails, with an *article.Error ("path[:line]: message"),
// only for text that is not UTF-8, a file with no headline, and a headline
// with no body. Read is safe for concurrent use and linear in the size of
// the file.
//
// Speed. A site has tens of thousands of clippings and some sixty rules, and
// a regexp run costs microseconds, so Read runs few: NewReader analyzes each
// pattern's syntax (prefilter.go) for cheap necessary conditions on a line
// (its length, the bytes it may hold, how it begins and ends, the words it
// must contain), and Read tests those first, for all the rules at once where
// it can (filter.go). A pattern anchored at neither end runs only where its
// matches may begin; each rule remembers what its regexps made of a line,
// since boilerplate repeats across a site; and a regexp is compiled the
// first time a line gets that far. None of this changes what Read returns:
// testdata/digest.golden pins its output on generated clippings.
package clip

import (
	"math/bits"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"briefing/site/article"
	"briefing/site/textnorm"
)

// Reader reads clippings with a compiled set of rules. It is safe for
// concurrent use.
type Reader struct {
	keep           []*regexp.Regexp
	rules          [numZones][]*rule
	byIndex        []*rule            // every rule, by index
	zones          [numZones][]uint64 // the set of the rules of each zone
	chained        []uint64           // the set of the rules for anywhere with after or before
	credits        []*rule            // rules that give a bare credit, tried on a headline's suffix
	filter         ruleFilter
	datelines      []dateline
	paragraph      *regexp.Regexp
	heading        *regexp.Regexp
	headlineSuffix *regexp.Regexp
	paraPre        prefilter // for paragraph
	maxLine        int
	headingWords   int
	datelineBlocks int
}

// NewReader compiles r. A bad pattern is an error naming its rule (the
// first in r). It parses and analyzes every pattern, in parallel, but
// compiles only those of keep and structure and the datelines: the rules'
// regexps wait for a line that needs them.
func NewReader(r Rules) (*Reader, error) {
	rd := &Reader{
		maxLine:        r.Structure.MaxLineBytes,
		headingWords:   r.Structure.HeadingMaxWords,
		datelineBlocks: r.Structure.DatelineBlocks,
	}
	if rd.maxLine <= 0 {
		rd.maxLine = 800
	}
	// Expand every pattern first, parse and analyze them all at once, then
	// put the Reader together in order, so that the first error in r is
	// the one reported.
	ps := &patterns{byText: map[string]*pattern{}}
	for _, p := range r.Keep {
		ps.want(p, r.Macros, false, true)
	}
	for _, p := range []string{r.Structure.Paragraph, r.Structure.Heading, r.Structure.HeadlineSuffix} {
		ps.want(p, r.Macros, false, true)
	}
	for _, l := range r.Lines {
		ps.want(l.Pattern, r.Macros, true, false)
		for _, p := range l.Require {
			ps.want(p, r.Macros, true, false)
		}
		for _, p := range l.Unless {
			ps.want(p, r.Macros, false, false)
		}
	}
	for _, d := range r.Datelines {
		ps.want(d.Pattern, r.Macros, true, true)
	}
	if r.Structure.Paragraph != "" {
		ps.want(r.Structure.Paragraph, r.Macros, true, true)
	}
	ps.prepare()

	for i, p := range r.Keep {
		p, err := ps.get("keep #"+strconv.Itoa(i+1), p, r.Macros)
		if err != nil {
			return nil, err
		}
		rd.keep = append(rd.keep, p.re.get())
	}
	for _, s := range []struct {
		name, pattern string
		re            **regexp.Regexp
	}{
		{"paragraph", r.Structure.Paragraph, &rd.paragraph},
		{"heading", r.Structure.Heading, &rd.heading},
		{"headline_suffix", r.Structure.HeadlineSuffix, &rd.headlineSuffix},
	} {
		if s.pattern == "" {
			continue
		}
		p, err := ps.get("structure."+s.name, s.pattern, r.Macros)
		if err != nil {
			return nil, err
		}
		*s.re = p.re.get()
		if s.name == "paragraph" {
			rd.paraPre = p.prefilter()
		}
	}
	budget := new(atomic.Int64)
	for i, l := range r.Lines {
		ru, err := compileRule(i, l, r.Macros, ps, budget)
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
		p, err := ps.get("dateline "+strconv.Quote(name), d.Pattern, r.Macros, "place", "agency")
		if err != nil {
			return nil, err
		}
		re := p.re.get()
		rd.datelines = append(rd.datelines, dateline{name: name, re: re, pre: p.prefilter(),
			place: re.SubexpIndex("place"), agency: re.SubexpIndex("agency")})
	}
	var all []*rule
	for z := range rd.rules {
		all = append(all, rd.rules[z]...)
	}
	rd.filter = newRuleFilter(all)
	rd.byIndex = make([]*rule, 64*rd.filter.words)
	rd.chained = make([]uint64, rd.filter.words)
	for z, rules := range rd.rules {
		rd.zones[z] = make([]uint64, rd.filter.words)
		for _, ru := range rules {
			rd.byIndex[ru.index] = ru
			rd.zones[z][ru.index>>6] |= 1 << (ru.index & 63)
			if z == int(anywhere) && (len(ru.after) > 0 || len(ru.before) > 0) {
				rd.chained[ru.index>>6] |= 1 << (ru.index & 63)
			}
		}
	}
	return rd, nil
}

// line is one non-empty source line after the headline.
type line struct {
	no      int      // 1-based line number
	text    string   // trimmed
	v       view     // text as prefilters read it; empty for a line longer than maxLine
	rules   []uint64 // the set of the rules (by index) whose prefilters may pass
	para    bool     // text ends a sentence
	reason  string   // why it is out of the body; "" while kept
	rule    string   // the claiming rule's name
	keep    bool     // protected by a keep pattern
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
	sc := scratchPool.Get().(*scratch)
	var (
		title   string
		titleNo int
		ls      = slices.Grow(sc.lines[:0], nonEmpty(text))
	)
	defer func() { sc.release(ls) }()
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
		if text == "" {
			return nil, &article.Error{Path: p, Msg: "empty file: no headline"}
		}
		return nil, &article.Error{Path: p, Msg: "only white space: no headline"}
	}

	r.prepare(ls, sc)
	r.classify(title, ls)

	a := &article.Article{
		ID:     id(p),
		Path:   p,
		Format: article.Clipping,
		Title:  title,
	}
	body := slices.Grow(sc.body[:0], len(ls))
	for i := range ls {
		if ls[i].reason == "" {
			body = append(body, i)
		}
	}
	sc.body = body
	if n := len(ls) - len(body); n > 0 {
		a.Removed = make([]article.Removed, 0, n)
	}
	for i := range ls {
		l := &ls[i]
		if l.reason == "" {
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
	a.Dateline = r.dateline(a.Blocks, ls, body)
	for i := range ls {
		if a.Dateline == (article.Dateline{}) && ls[i].place != "" {
			a.Dateline.Place = ls[i].place
		}
	}
	return a, nil
}

// nonEmpty returns the number of lines of text that are not empty, or a
// few more (lines of white space).
func nonEmpty(text string) int {
	n := 0
	for text != "" {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return n + 1
		}
		if i > 0 {
			n++
		}
		text = text[i+1:]
	}
	return n
}

// scratch is the working memory of a Read, which the next Read reuses.
type scratch struct {
	lines  []line
	folded []byte   // the lines' folded forms
	rules  []uint64 // the lines' sets of rules
	body   []int    // the lines that stay in the body
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// release returns sc to the pool with ls, the lines it held, cleared;
// unless a huge file made them huge.
func (sc *scratch) release(ls []line) {
	clear(ls)
	if cap(ls) > 1<<12 || cap(sc.folded) > 1<<20 {
		return
	}
	sc.lines, sc.folded, sc.rules, sc.body = ls[:0], sc.folded[:0], sc.rules[:0], sc.body[:0]
	scratchPool.Put(sc)
}

// prepare computes what the rules read of every line: whether it ends a
// sentence, its folded form (all lines folded into one buffer) with the
// sets of its bytes, and the rules that may match it.
func (r *Reader) prepare(ls []line, sc *scratch) {
	n := 0
	for i := range ls {
		ls[i].para = r.isParagraph(ls[i].text)
		if len(ls[i].text) <= r.maxLine {
			n += len(ls[i].text)
		}
	}
	folded := slices.Grow(sc.folded[:0], n)
	words := r.filter.words
	sc.rules = slices.Grow(sc.rules[:0], len(ls)*words)[:len(ls)*words]
	clear(sc.rules)
	for i := range ls {
		l := &ls[i]
		l.rules = sc.rules[i*words : (i+1)*words : (i+1)*words]
		if len(l.text) > r.maxLine {
			continue
		}
		start := len(folded)
		folded = foldLine(folded, l.text, &l.v)
		// The buffer may move as it grows: the lines so far keep the old
		// one, which is no longer written to.
		l.v.s, l.v.folded = l.text, folded[start:len(folded):len(folded)]
		r.filter.rules(l.rules, &l.v)
	}
	sc.folded = folded
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
			r.apply(ls, i, r.zones[anywhere])
		}
		if l.reason == "" && l.para {
			inHead = false
		}
	}
	// A caption is sometimes written before its credit: rules with `before`.
	// The rules without `after` or `before` failed on the line above.
	for i := range ls {
		if ls[i].reason == "" && !ls[i].keep && i+1 < len(ls) && ls[i+1].reason != "" {
			r.apply(ls, i, r.chained)
		}
	}
	// The head: up to the first kept line that ends a sentence.
	for i := range ls {
		l := &ls[i]
		if l.reason != "" || l.keep {
			continue
		}
		if r.apply(ls, i, r.zones[head]) {
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
			r.apply(ls, i, r.zones[tail])
		}
	}
	for i := len(ls) - 1; i > lastPara; i-- {
		if ls[i].reason == "" {
			if !ls[i].keep {
				r.apply(ls, i, r.zones[last])
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
	rest := newView(strings.TrimSpace(l.text[len(title):]))
	for _, ru := range r.credits {
		if m, ok := ru.match(&rest); ok && m.credit != "" {
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

// apply tries the rules of set (by index, which is their order) that may
// match ls[i] and records the first match.
func (r *Reader) apply(ls []line, i int, set []uint64) bool {
	l := &ls[i]
	if len(l.text) > r.maxLine {
		return false
	}
	for w, x := range l.rules {
		for x &= set[w]; x != 0; x &= x - 1 {
			ru := r.byIndex[w<<6|bits.TrailingZeros64(x)]
			if len(ru.after) > 0 && (i == 0 || !claimedBy(&ls[i-1], ru.after)) {
				continue
			}
			if len(ru.before) > 0 && (i+1 >= len(ls) || !claimedBy(&ls[i+1], ru.before)) {
				continue
			}
			m, ok := ru.matchFiltered(&l.v)
			if !ok {
				continue
			}
			l.reason, l.rule = ru.reason, ru.name
			l.caption, l.credit, l.author, l.place = m.caption, m.credit, m.author, m.place
			return true
		}
	}
	return false
}

func claimedBy(l *line, names []string) bool {
	return l.reason != "" && (slices.Contains(names, l.reason) || slices.Contains(names, l.rule))
}

type match struct{ caption, credit, author, place string }

// match runs the rule on v.
func (ru *rule) match(v *view) (match, bool) {
	if !ru.pre[0].pass(v) {
		return match{}, false
	}
	return ru.matchFiltered(v)
}

// matchFiltered is match for a line that passed the Reader's ruleFilter.
func (ru *rule) matchFiltered(v *view) (match, bool) {
	if !ru.pre[0].passRest(v) {
		return match{}, false
	}
	for i := 1; i < len(ru.pre); i++ {
		if !ru.pre[i].pass(v) {
			return match{}, false
		}
	}
	if e, ok := ru.seen.Load(v.s); ok {
		e := e.(*seenMatch)
		return e.m, e.ok
	}
	m, ok := ru.run(v)
	ru.remember(v.s, m, ok)
	return m, ok
}

// run runs the rule's regexps on v.
func (ru *rule) run(v *view) (match, bool) {
	s := v.s
	for _, p := range ru.require {
		if !p.matchString(v) {
			return match{}, false
		}
	}
	var idx []int
	if ru.caption < 0 && ru.credit < 0 && ru.author < 0 && ru.place < 0 {
		if !ru.re.matchString(v) {
			return match{}, false
		}
	} else if idx = ru.re.re.get().FindStringSubmatchIndex(s); idx == nil {
		return match{}, false
	}
	for _, re := range ru.unless {
		if re.get().MatchString(s) {
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
	end := suffix(s, 24)
	for _, x := range r.paraPre.sure {
		if strings.HasSuffix(end, x) {
			return true
		}
	}
	if e := &r.paraPre.ends; e.known() && (end == "" || !e.byte.has(lastFolded(end))) {
		return false
	}
	return r.paragraph.MatchString(end)
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
	n := 0
	for i := range ls {
		if ls[i].reason != "" && (ls[i].caption != "" || ls[i].credit != "") {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]article.Caption, 0, n)
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
func (r *Reader) dateline(blocks []article.Block, ls []line, body []int) article.Dateline {
	tried := 0
	for k, b := range blocks {
		if tried >= max(r.datelineBlocks, 1) {
			break
		}
		if b.Kind != article.Paragraph {
			continue
		}
		tried++
		s := prefix(b.Text, 200)
		var v view
		if l := &ls[body[k]]; s == l.text && len(l.v.s) == len(s) {
			v = l.v // folded already
		} else {
			v = newView(s)
		}
		for _, d := range r.datelines {
			if !d.pre.pass(&v) {
				continue
			}
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
