package extract

// Direct quotations and their speakers.
//
// Finding quotes. Straight and curly double quotation marks are paired by
// context, not by shape, since web text mixes them ("...” and “..."): a mark
// after a space or an opening bracket and before a word opens, a mark after
// a word or punctuation and before a space or punctuation closes, and an
// ambiguous one follows its shape (a straight one closes when a quote is
// open). Marks nested inside an open quote pair up inside it and do not make
// a quote of their own; single quotes are never quotation marks. A quote
// left open at the end of a paragraph runs on when the next paragraph opens
// with a mark, and is dropped otherwise. A pair encloses speech, and becomes
// a Quote, when it holds at least four words, or when it ends in sentence
// punctuation (. , ! ? …) and is set off like speech (it opens a sentence or
// follows a colon or comma: '"No," he said'). Scare quotes and names
// ('"terrorist" groups', 'dubbed "Geneva 2"', '"co-convenor"', four words or
// more all capitalised) are not quotes.
//
// Attribution. Sentences are split outside quotes; the words between the
// marks never count as the frame. A speech verb (quote_verbs in known.toml)
// names its subject: a participant's name ending just before it, possibly
// after a title ("Foreign Minister Sergei Lavrov said") or with a comma
// appositive ("Sergei Lavrov, the foreign minister, said"), or just after it
// ("said Kremlin spokesman Dmitry Peskov"); or he/she; or anything else, a
// noun phrase ("the official said", "a spokesman for X said", "a reporter
// asked Kerry"), which names nobody. A passive ("Kerry was asked") names the
// listener, not the speaker; a modal or "to" ("Kerry will say", "is to
// tell") is speech not made yet and no speech verb at all. A participle ("..., adding that") and a verb
// after "and" take the subject of the clause they continue. Then, the first
// rule that applies decides a quote's speaker, even when it decides "":
//
//  1. After: the clause right after the closing mark holds a speech verb
//     whose subject starts right there ('"...," Lavrov said', '"...," said
//     Lavrov'). When the quote ends with , ? ! or a dash the clause is its
//     attribution whatever its subject ('"...," the official said' → "").
//  2. Before: the nearest speech verb earlier in the same sentence ('Kerry
//     said: "..."', 'Asked whether ..., Kerry said: "..."'). A fragment
//     quoted inside reported speech goes to the reporter of that speech:
//     'Lavrov said that Russia is "committed to the agreements"' → Lavrov.
//  3. Next sentence: a quote ending a sentence goes to the next sentence's
//     speaker only when that sentence is nothing but the attribution ('"...?"
//     Kerry asked.', 'Kerry said on Monday.', not 'Kerry said the talks ...').
//  4. Continuation: a sentence that is only a quote goes to the speaker of
//     the quote in the previous sentence of the same paragraph, when that
//     sentence names no other person ('"...," Kerry said. "..."').
//
// A pronoun resolves to one named person: a named speaker earlier in its own
// sentence; else, going back at most three sentences (never into the
// headline), the first sentence that names a person decides: its only named
// person, or, among several, its only named speaker; several and no single
// speaker leave it unresolved. A sentence whose speaker is an unnamed noun
// phrase ("the official said") or an unresolved pronoun stops the search:
// "he" may be that speaker. Precision beats recall: a quote whose speaker
// is not certain gets Speaker "". Organizations speak only when the text
// names them as the subject ('the Kremlin said'), never through "according
// to" or a spokesman.
//
// All of it is linear in the article's length: one pass pairs the marks,
// one maps tokens to quotes, sentences and mentions, one finds the speech
// verbs in order, and each quote looks at a bounded window of tokens.

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote is one direct quotation of an article.
type Quote struct {
	Text    string // the words inside the quotation marks, as written; paragraphs joined with "\n"
	Speaker string // Key of the participant who said it; "" when not attributed
	// Where the quote starts: Block indexes Article.Text(); Start and End are
	// byte offsets of the quoted text (without the marks) in that block. A
	// quote running on into the next paragraphs ends there at the block's end.
	Block, Start, End int
}

// qpart is the text between quotation marks within one block.
type qpart struct{ block, start, end int }

// qspan is a pair of quotation marks, possibly over several blocks.
type qspan struct {
	p0, p1   int   // its parts: quoteState.parts[p0:p1]
	open     int   // byte offset of the opening mark in the first block
	closeEnd int   // byte offset just after the closing mark in the last block
	t0, t1   int32 // the tokens inside, or -1
	speech   bool  // a quote, not scare quotes or a name
	endPunct rune  // the last character inside when it is punctuation, or 0
}

// sentence is one sentence of a block, with what pronoun resolution reads.
type sentence struct {
	block       int32
	first, end  int32 // its tokens
	persN, spkN int8  // distinct persons named and named speakers: 0, 1 or 2 for more
	pers1, spk1 int32 // the first of them
	barrier     bool  // an unnamed speaker or an unresolved pronoun spoke
}

// skind is what a speech verb's subject is.
type skind uint8

const (
	sNone    skind = iota // no subject in sight ("when asked")
	sNamed                // a participant
	sPronoun              // he or she; part is the person it resolves to, or -1
	sNoun                 // a noun phrase that names nobody ("the official")
	sPassive              // "Kerry was asked": part is the listener
)

// subject is the subject of one speech verb.
type subject struct {
	kind    skind
	part    int32 // participant, or -1
	first   int32 // first token of the subject (the verb when the subject follows it), or -1
	barrier bool  // an unnamed speaker: a later "he" may be them
}

// event is one speech verb and its subject.
type event struct {
	subject
	verb, sent int32
	inherited  bool // a participle or a verb after "and": subject of the clause before
}

// speaker returns the participant who speaks, or -1.
func (e *event) speaker() int32 {
	if e.kind == sNamed || e.kind == sPronoun {
		return e.part
	}
	return -1
}

// pmention is one participant mention, for mapping mentions to tokens.
type pmention struct {
	block, start, end int
	part              int32
}

// quoteState is the scratch space of quotation finding, reused across calls.
type quoteState struct {
	parts  []qpart
	spans  []qspan
	inQ    []int32 // per token: the span whose marks enclose it, or -1
	sid    []int32 // per token: its sentence
	sents  []sentence
	mpart  []int32 // per token: the participant a mention of which covers it, or -1
	mfirst []int32 // per token: the first token of that mention
	mlast  []int32 // per token: the last token of that mention
	seen   []int32 // per participant: the last sentence that named it
	events []event
	ments  []pmention
	ends   []int32 // the last tokens of mentions
	cands  []int32 // the tokens findEvents reads, in order
	qsent  []int32 // per quote found: the sentence of its closing mark
	qspk   []int32 // per quote found: its speaker, or -1
}

// quoter finds the quotes of one article.
type quoter struct {
	*quoteState
	toks   []token
	bounds []int
	text   []string
	folds  string
	parts  []Participant
	verbs  []int32 // the tokens that may be speech verbs, in order
	stops  []int32 // the tokens with fStop, in order
}

// quotes finds the direct quotations of an article and their speakers among
// its participants.
func (x *Extractor) quotes(st *state, text []string, parts []Participant) []Quote {
	qs := &st.quotes
	findQuotes(qs, text)
	if len(qs.spans) == 0 {
		return nil
	}
	q := quoter{quoteState: qs, toks: st.all, bounds: st.bounds, text: text, folds: st.folds, parts: parts, verbs: st.fold.verbs, stops: st.fold.stops}
	q.mapQuotes()
	q.splitSentences()
	q.mapMentions()
	q.findEvents()
	return q.attribute()
}

// markAt returns the width of the double quotation mark at s[i] (0 for
// none) and its shape: 1 opening, -1 closing, 0 straight.
func markAt(s string, i int) (int, int) {
	switch c := s[i]; {
	case c == '"':
		return 1, 0
	case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80:
		switch s[i+2] {
		case 0x9C:
			return 3, 1
		case 0x9D:
			return 3, -1
		}
	}
	return 0, 0
}

// opens reports whether the mark s[i:i+w] of shape dir opens a quote,
// judging by its neighbours first and its shape second.
func opens(s string, i, w, dir int, inside bool) bool {
	p, n := ' ', ' '
	if i > 0 {
		p, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if i+w < len(s) {
		n, _ = utf8.DecodeRuneInString(s[i+w:])
	}
	left := unicode.IsSpace(p) || strings.ContainsRune("([{\u2014\u2013/", p)
	right := unicode.IsSpace(n) || strings.ContainsRune(".,;:!?)]}\u2014\u2013\u2026", n)
	switch {
	case left && !right:
		return true
	case right && !left:
		return false
	case dir != 0:
		return dir > 0
	}
	return !inside
}

// findQuotes pairs the quotation marks of all blocks into spans.
func findQuotes(qs *quoteState, text []string) {
	qs.parts, qs.spans = qs.parts[:0], qs.spans[:0]
	depth, start, p0, open := 0, 0, 0, 0
	for b, s := range text {
		i := 0
		if depth > 0 {
			// A quote left open goes on only if this paragraph re-opens it.
			w, dir := 0, 0
			if len(s) > 0 {
				w, dir = markAt(s, 0)
			}
			if depth == 1 && b > 1 && w > 0 && opens(s, 0, w, dir, false) {
				start, i = w, w
			} else {
				qs.parts = qs.parts[:p0]
				depth = 0
			}
		}
		nq, ne := -1, -1 // the next '"' and the next 0xE2 (“ ”) at or after i; len(s) for none
		for i < len(s) {
			if nq < i {
				nq = indexFrom(s, i, '"')
			}
			if ne < i {
				ne = indexFrom(s, i, 0xE2)
			}
			if i = min(nq, ne); i >= len(s) {
				break
			}
			w, dir := markAt(s, i)
			if w == 0 {
				i++
				continue
			}
			if opens(s, i, w, dir, depth > 0) {
				if depth == 0 {
					start, p0, open = i+w, len(qs.parts), i
				}
				depth++
			} else if depth > 0 {
				depth--
				if depth == 0 {
					qs.parts = append(qs.parts, qpart{b, start, i})
					sp := qspan{p0: p0, p1: len(qs.parts), open: open, closeEnd: i + w}
					sp.speech, sp.endPunct = isSpeech(text, qs.parts[p0:], open)
					qs.spans = append(qs.spans, sp)
				}
			}
			i += w
		}
		if depth > 0 {
			qs.parts = append(qs.parts, qpart{b, start, len(s)})
		}
	}
	if depth > 0 {
		qs.parts = qs.parts[:p0]
	}
}

// indexFrom returns the index of the first c in s at or after i, or len(s).
func indexFrom(s string, i int, c byte) int {
	if k := strings.IndexByte(s[i:], c); k >= 0 {
		return i + k
	}
	return len(s)
}

// isSpeech tells a quotation from scare quotes and quoted names: at least
// four words not all capitalised, or words ending in sentence punctuation
// set off like speech. It also returns that final punctuation, or 0.
func isSpeech(text []string, parts []qpart, open int) (bool, rune) {
	words, capital := 0, 0
	last := rune(0)
	for _, p := range parts {
		s := text[p.block][p.start:p.end]
		for i := 0; i < len(s) && (words < 4 || capital == words); {
			// One word: a run of characters between spaces, counted if it holds a letter or digit.
			for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
				i++
			}
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' {
				j++
			}
			core := strings.TrimFunc(s[i:j], func(r rune) bool { return !isWordRune(r) })
			i = j
			if core == "" {
				continue
			}
			words++
			r, _ := utf8.DecodeRuneInString(core)
			if unicode.IsUpper(r) || unicode.IsDigit(r) || smallWords[core] {
				capital++
			}
		}
		if t := strings.TrimRightFunc(s, unicode.IsSpace); t != "" {
			last, _ = utf8.DecodeLastRuneInString(t)
		}
	}
	if !strings.ContainsRune(".,!?\u2026\u2014\u2013", last) {
		last = 0
	}
	if words >= 4 {
		return capital < words || last != 0, last
	}
	if words == 0 || last == 0 {
		return false, last
	}
	// Set off like speech: at the start of its block or after . ! ? : , ; a dash or a mark.
	before := strings.TrimRightFunc(text[parts[0].block][:open], unicode.IsSpace)
	if before == "" {
		return true, last
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune(".!?:,;\u2014\u2013\"\u201c\u201d(", r), last
}

func fill(s []int32, n int, v int32) []int32 {
	if cap(s) < n {
		s = make([]int32, n)
	}
	s = s[:n]
	if n == 0 {
		return s
	}
	// Doubling copies: memmove does the work.
	s[0] = v
	for k := 1; k < n; k *= 2 {
		copy(s[k:], s[:k])
	}
	return s
}

// mapQuotes marks the tokens inside each pair of marks.
func (q *quoter) mapQuotes() {
	q.inQ = fill(q.inQ, len(q.toks), -1)
	for si := range q.spans {
		sp := &q.spans[si]
		sp.t0, sp.t1 = -1, -1
		for _, p := range q.quoteState.parts[sp.p0:sp.p1] {
			lo, hi := q.bounds[p.block], q.bounds[p.block+1]
			g := firstFrom(q.toks, lo, hi, p.start)
			for ; g < hi && int(q.toks[g].start) < p.end; g++ {
				q.inQ[g] = int32(si)
				if sp.t0 < 0 {
					sp.t0 = int32(g)
				}
				sp.t1 = int32(g + 1)
			}
		}
	}
}

// firstFrom returns the first of toks[lo:hi] that starts at or after
// offset start, or hi.
func firstFrom(toks []token, lo, hi, start int) int {
	for lo < hi {
		if m := int(uint(lo+hi) >> 1); int(toks[m].start) < start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// splitSentences splits blocks into sentences at . ! ? … before a word that
// is not lower case, never inside a quote: '"...?" a reporter asked' is one
// sentence, '"..." Kerry said.' two.
func (q *quoter) splitSentences() {
	q.sid = resize(q.sid, len(q.toks))
	q.sents = q.sents[:0]
	toks, inQ, stops := q.toks, q.inQ, q.stops
	for b := range q.text {
		lo, hi := q.bounds[b], q.bounds[b+1]
		if lo == hi {
			continue
		}
		first := lo
		for ; len(stops) > 0 && int(stops[0]) < hi; stops = stops[1:] {
			// A boundary: . ! ? or … between the tokens (fStop), outside
			// a quote, before a word that is not lower case.
			g := int(stops[0])
			if g > lo && toks[g].flags&fLower == 0 && (inQ[g-1] < 0 || inQ[g-1] != inQ[g]) {
				q.addSentence(b, first, g)
				first = g
			}
		}
		q.addSentence(b, first, hi)
	}
}

// addSentence records the sentence of tokens [first, end) of block b.
func (q *quoter) addSentence(b, first, end int) {
	id := int32(len(q.sents))
	sid := q.sid[first:end]
	for k := range sid {
		sid[k] = id
	}
	q.sents = append(q.sents, sentence{block: int32(b), first: int32(first), end: int32(end)})
}

// mapMentions marks the tokens of each participant mention.
func (q *quoter) mapMentions() {
	n := len(q.toks)
	q.mpart = fill(q.mpart, n, -1)
	q.mfirst = fill(q.mfirst, n, -1)
	q.mlast = fill(q.mlast, n, -1)
	q.seen = fill(q.seen, len(q.parts), -1)
	q.ments, q.ends = q.ments[:0], q.ends[:0]
	for pi, p := range q.parts {
		for _, m := range p.Mentions {
			q.ments = append(q.ments, pmention{m.Block, m.Start, m.End, int32(pi)})
		}
	}
	slices.SortFunc(q.ments, func(a, b pmention) int {
		switch {
		case a.block != b.block:
			return cmp.Compare(a.block, b.block)
		case a.start != b.start:
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(a.part, b.part)
	})
	for _, m := range q.ments {
		if m.block < 0 || m.block+1 >= len(q.bounds) {
			continue
		}
		lo, hi := q.bounds[m.block], q.bounds[m.block+1]
		g := firstFrom(q.toks, lo, hi, m.start)
		e := g
		for e < hi && int(q.toks[e].end) <= m.end {
			e++
		}
		for k := g; k < e; k++ {
			q.mpart[k], q.mfirst[k], q.mlast[k] = m.part, int32(g), int32(e-1)
		}
		if e > g {
			q.ends = append(q.ends, int32(e-1))
		}
	}
}

// mentionEnd returns the participant whose mention ends at token p, not
// possessive and outside quotes, or -1.
func (q *quoter) mentionEnd(p int) int32 {
	if p < 0 || q.inQ[p] >= 0 || q.mlast[p] != int32(p) || q.toks[p].has(fPoss) {
		return -1
	}
	return q.mpart[p]
}

func (q *quoter) isPerson(pi int32) bool { return pi >= 0 && q.parts[pi].Kind == Person }

// word returns the fold of t, a token of the article.
func (q *quoter) word(t *token) string { return foldOf(t, q.text, q.folds) }

// notRole are the word lists whose lower-case words never belong to a
// speaker's role: function words, verbs, adverbs, pronouns.
const notRole = cStop | cDate | cConn | cParticle | cSpeech | cSpeechBefore | cSpeechAux | cQuoteVerb |
	cQuotePart | cOpener | cTail | cModal | cBeAux | cPronoun

// roleTok reports whether token g may belong to the words before a
// speaker's name: titles, organizations, places, capitalised words, and
// lower-case content words ("harbour master", "government spokesman").
func (q *quoter) roleTok(g int) bool {
	if q.inQ[g] >= 0 {
		return false
	}
	t := &q.toks[g]
	switch {
	case t.has(fAllCaps):
		return true
	case t.has(fCap):
		return t.cls&(cStop|cDate) == 0 || q.word(t) == "the"
	case t.has(fLower):
		w := q.word(t)
		if w == "the" || w == "of" || t.cls&(cTitle|cMod|cDemonym|cRoleNoun) != 0 && t.cls&cSpeechAux == 0 {
			return true
		}
		return t.cls&notRole == 0 && !t.has(fDigit) && !strings.HasSuffix(w, "ing") && !strings.HasSuffix(w, "ly")
	}
	return false
}

// walkRole extends a subject starting at token j to the left over role
// words, down to lo.
func (q *quoter) walkRole(j, lo int) int {
	for j > lo && !q.toks[j].has(fBreak) && q.roleTok(j-1) {
		j--
	}
	return j
}

// leftOK reports whether a subject may start at token j: at lo when exact;
// otherwise after punctuation, a capitalised word ("On Tuesday Kerry
// said"), a clause opener ("... that Kerry said", ", and Kerry said") or a
// speech verb ("Dragan said Varga had called").
func (q *quoter) leftOK(j, lo int, exact bool) bool {
	if t := &q.toks[j]; t.has(fLower) && q.word(t) == "of" {
		return false
	}
	if j == lo {
		return true
	}
	if exact {
		return false
	}
	if q.toks[j].has(fBreak) {
		return true
	}
	p := &q.toks[j-1]
	switch {
	case q.inQ[j-1] >= 0 || p.has(fCap|fAllCaps):
		return true
	case p.has(fLower) && p.cls&cOpener != 0:
		if w := q.word(p); w == "and" || w == "or" {
			return p.has(fBreak)
		}
		return true
	case p.has(fLower) && p.cls&(cQuoteVerb|cSpeech) != 0:
		return true // a reported clause without "that": "Dragan said Varga had called ..."
	}
	return false
}

// nounPhrase is the subject when token p ends something that names nobody.
// A common noun there is an unnamed speaker; a conjunction, no subject.
func (q *quoter) nounPhrase(p int) subject {
	t := &q.toks[p]
	if t.has(fLower) && t.cls&cOpener != 0 {
		return subject{kind: sNone, part: -1, first: -1}
	}
	return subject{kind: sNoun, part: -1, first: -1, barrier: t.has(fLower)}
}

// named accepts a mention of participant pi in tokens [m, p] as the subject
// when its left edge fits.
func (q *quoter) named(pi int32, m, lo int, exact bool) (subject, bool) {
	j := q.walkRole(m, lo)
	// "The chairman of the Joint Chiefs, Martin Dempsey, said": the role before the comma.
	if j == m && m > lo && q.toks[m].has(fComma) && q.roleTok(m-1) {
		if k := q.walkRole(m-1, lo); q.leftOK(k, lo, exact) {
			j = k
		}
	}
	if !q.leftOK(j, lo, exact) {
		return subject{}, false
	}
	return subject{kind: sNamed, part: pi, first: int32(j)}, true
}

// subjectBefore reads the subject ending just before token e (the verb or
// its first auxiliary) and starting at or after lo.
func (q *quoter) subjectBefore(e, lo int, exact bool) subject {
	p := e - 1
	if p < lo || q.inQ[p] >= 0 {
		return subject{kind: sNone, part: -1, first: -1}
	}
	t := &q.toks[p]
	if t.cls&cPronoun != 0 && !t.has(fPoss) {
		if !q.leftOK(p, lo, exact) {
			return q.nounPhrase(p)
		}
		return subject{kind: sPronoun, part: -1, first: int32(p)}
	}
	if pi := q.mentionEnd(p); pi >= 0 {
		if s, ok := q.named(pi, int(q.mfirst[p]), lo, exact); ok {
			return s
		}
		return subject{kind: sNoun, part: -1, first: -1, barrier: true}
	}
	// "Sergei Lavrov, Russia's foreign minister, said", "Varga, who ..., said":
	// a phrase set off by commas, with a title or a "who".
	if q.toks[e].has(fComma) {
		a, titled := p, false
		for a > lo && p-a < 10 && q.inQ[a] < 0 {
			titled = titled || q.toks[a].cls&cTitle != 0 && q.toks[a].cls&cHonorific == 0
			if q.toks[a].has(fBreak) {
				break
			}
			a--
		}
		if f := q.word(&q.toks[a]); f == "who" || f == "whose" {
			titled = true
		}
		if titled && a > lo && q.toks[a].has(fComma) {
			if pi := q.mentionEnd(a - 1); q.isPerson(pi) {
				if s, ok := q.named(pi, int(q.mfirst[a-1]), lo, exact); ok {
					return s
				}
			}
		}
	}
	return q.nounPhrase(p)
}

// subjectAfter reads the subject starting at token v0, just after its verb
// ("said Kremlin spokesman Dmitry Peskov", "said Dmitry Peskov, the
// Kremlin spokesman", "said the Kremlin spokesman, Dmitry Peskov").
func (q *quoter) subjectAfter(v0, end int, orgs bool) subject {
	if v0 >= end || q.inQ[v0] >= 0 {
		return subject{kind: sNone, part: -1, first: -1}
	}
	if t := &q.toks[v0]; t.cls&cPronoun != 0 && !t.has(fPoss) {
		return subject{kind: sPronoun, part: -1, first: int32(v0)}
	}
	run := func(from int) int {
		r := from
		for r < end && (r == from || !q.toks[r].has(fBreak)) && q.roleTok(r) {
			r++
		}
		return r
	}
	head := func(from, r int) int32 {
		if r == from {
			return -1
		}
		if pi := q.mentionEnd(r - 1); pi >= 0 && int(q.mfirst[r-1]) >= from {
			return pi
		}
		return -1
	}
	r := run(v0)
	if pi := head(v0, r); pi >= 0 {
		// The name must end the clause or be followed by an adverbial:
		// not "said Varga and Dragan", "said Zentaran government spokesman ...".
		if r < end {
			if n := &q.toks[r]; !n.has(fBreak) && (q.word(n) == "and" || q.word(n) == "or" || n.cls&(cTail|cOpener) == 0) {
				return subject{kind: sNoun, part: -1, first: -1, barrier: true}
			}
		}
		if !orgs && !q.isPerson(pi) {
			return subject{kind: sNoun, part: -1, first: -1}
		}
		return subject{kind: sNamed, part: pi, first: int32(v0)}
	}
	if r > v0 && r < end && q.toks[r].has(fComma) {
		r2 := run(r)
		if pi := head(r, r2); q.isPerson(pi) && (r2 == end || q.toks[r2].has(fBreak)) {
			return subject{kind: sNamed, part: pi, first: int32(v0)}
		}
	}
	return subject{kind: sNoun, part: -1, first: -1, barrier: q.toks[v0].has(fLower)}
}

// findEvents finds the speech verbs outside quotes, in order, with their
// subjects, and what each sentence tells pronoun resolution.
func (q *quoter) findEvents() {
	q.events = q.events[:0]
	// The tokens that matter, in order: the last tokens of mentions, and
	// the words that may be speech verbs or open "according to".
	if !slices.IsSorted(q.ends) { // mentions may nest
		slices.Sort(q.ends)
	}
	q.cands = q.cands[:0]
	for a, b := 0, 0; a < len(q.ends) || b < len(q.verbs); {
		var g int32
		switch {
		case b == len(q.verbs) || a < len(q.ends) && q.ends[a] < q.verbs[b]:
			g = q.ends[a]
			a++
		case a == len(q.ends) || q.verbs[b] < q.ends[a]:
			g = q.verbs[b]
			b++
		default:
			g = q.ends[a]
			a, b = a+1, b+1
		}
		if n := len(q.cands); n == 0 || q.cands[n-1] != g {
			q.cands = append(q.cands, g)
		}
	}
	for _, g32 := range q.cands {
		g := int(g32)
		if q.inQ[g] >= 0 {
			continue
		}
		si := int(q.sid[g])
		s := &q.sents[si]
		if q.mlast[g] == g32 {
			q.addPerson(si, q.mpart[g]) // possessives too: "Kerry's agenda" names Kerry
		}
		if t := &q.toks[g]; !(t.has(fLower) && t.cls&(cQuoteVerb|cQuotePart) != 0) && q.word(t) != "according" {
			continue // no speech verb (see eventAt)
		}
		ev, ok := q.eventAt(si, g)
		if !ok {
			continue
		}
		q.events = append(q.events, ev)
		if sp := ev.speaker(); q.isPerson(sp) {
			q.addPerson(si, sp)
			if s.spkN == 0 {
				s.spk1, s.spkN = sp, 1
			} else if s.spk1 != sp {
				s.spkN = 2
			}
		} else if ev.barrier || ev.kind == sPronoun {
			s.barrier = true
		}
	}
}

// addPerson records that sentence si names person pi.
func (q *quoter) addPerson(si int, pi int32) {
	if !q.isPerson(pi) || q.seen[pi] == int32(si) {
		return
	}
	q.seen[pi] = int32(si)
	s := &q.sents[si]
	if s.persN == 0 {
		s.pers1 = pi
	}
	s.persN = min(s.persN+1, 2)
}

// eventAt reads the speech verb at token g of sentence si, if it is one.
func (q *quoter) eventAt(si, g int) (event, bool) {
	s := &q.sents[si]
	lo, end := int(s.first), int(s.end)
	t := &q.toks[g]
	ev := event{verb: int32(g), sent: int32(si)}
	// "according to Kerry": never an organization ("according to AFP" cites a source).
	if q.word(t) == "according" && g+1 < end && q.word(&q.toks[g+1]) == "to" && !q.toks[g+1].has(fBreak) {
		ev.subject = q.subjectAfter(g+2, end, false)
		ev.first = int32(g)
		return q.resolved(ev, si), true
	}
	if !t.has(fLower) || t.cls&(cQuoteVerb|cQuotePart) == 0 {
		return ev, false
	}
	if t.cls&cQuotePart != 0 || g > lo && !t.has(fBreak) && q.word(&q.toks[g-1]) == "and" && q.inQ[g-1] < 0 {
		return q.inherit(si, g), true
	}
	e, passive := g, false
	for e > lo && !q.toks[e].has(fBreak) && q.inQ[e-1] < 0 {
		a := &q.toks[e-1]
		if !a.has(fLower) || a.cls&(cSpeechAux|cBeAux|cModal) == 0 || a.cls&cQuoteVerb != 0 {
			break
		}
		if a.cls&cModal != 0 {
			return ev, false // "will say", "to say": not said
		}
		passive = passive || a.cls&cBeAux != 0
		e--
	}
	switch {
	case e > lo && !q.toks[e].has(fBreak):
		ev.subject = q.subjectBefore(e, lo, false)
	case e > lo && q.toks[e].has(fComma):
		ev.subject = q.subjectBefore(e, lo, false)
		if ev.kind != sNamed && ev.kind != sPronoun {
			ev.subject = q.subjectAfter(g+1, end, true)
			ev.first = int32(g)
		}
	default:
		ev.subject = q.subjectAfter(g+1, end, true)
		ev.first = int32(g) // the clause starts with the verb
	}
	ev = q.resolved(ev, si)
	if passive {
		ev.kind, ev.barrier = sPassive, false
	}
	return ev, true
}

// resolved resolves an event's pronoun subject.
func (q *quoter) resolved(ev event, si int) event {
	if ev.kind == sPronoun {
		ev.part = q.resolvePronoun(si)
	}
	return ev
}

// inherit gives a participle, or a verb after "and", the subject of the
// clause it continues: the speech verb before it in the sentence, or the
// sentence's subject.
func (q *quoter) inherit(si, g int) event {
	ev := event{verb: int32(g), sent: int32(si), inherited: true}
	if n := len(q.events); n > 0 && q.events[n-1].sent == int32(si) {
		prev := q.events[n-1]
		ev.subject = prev.subject
		if ev.kind == sPassive && q.isPerson(ev.part) {
			ev.kind = sNamed // "Kerry was asked about it, saying ..."
		}
	} else {
		ev.subject = q.leadSubject(si, g)
		ev = q.resolved(ev, si)
	}
	ev.first = int32(g)
	return ev
}

// leadSubject finds the person or pronoun that is the subject of the first
// clause of sentence si, before token v.
func (q *quoter) leadSubject(si, v int) subject {
	s := &q.sents[si]
	f := int(s.first)
	if q.inQ[f] >= 0 {
		return subject{kind: sNone, part: -1, first: -1}
	}
	if t := &q.toks[f]; t.has(fCap) && t.cls&cOpener != 0 && f+1 < v {
		f++ // "But he said", "However, Kerry said"
	}
	for g := f + 1; g < v && g-f < 30; g++ {
		if q.inQ[g] >= 0 {
			break
		}
		if !q.toks[g].has(fLower) || q.roleTok(g) {
			continue
		}
		if sub := q.subjectBefore(g, f, false); sub.kind == sPronoun || sub.kind == sNamed && q.isPerson(sub.part) {
			return sub
		}
	}
	return subject{kind: sNone, part: -1, first: -1}
}

// resolvePronoun returns the person a "he" or "she" in sentence si stands
// for, or -1.
func (q *quoter) resolvePronoun(si int) int32 {
	s := &q.sents[si]
	if s.barrier || s.spkN > 1 {
		return -1
	}
	if s.spkN == 1 {
		return s.spk1
	}
	for k := si - 1; k >= 0 && si-k <= 3; k-- {
		p := &q.sents[k]
		switch {
		case p.block == 0:
			return -1
		case p.barrier:
			return -1
		case p.persN == 0:
			continue
		case p.persN == 1:
			return p.pers1
		case p.spkN == 1:
			return p.spk1
		}
		return -1
	}
	return -1
}

// eventOf returns the event whose verb is token g, or nil.
func (q *quoter) eventOf(g int) *event {
	i, ok := slices.BinarySearchFunc(q.events, int32(g), func(e event, g int32) int { return cmp.Compare(e.verb, g) })
	if !ok {
		return nil
	}
	return &q.events[i]
}

// clauseEvent returns the first speech verb of the clause starting at
// token k (within 16 tokens, before any sentence punctuation or quote), or
// nil; a participle there starts a new clause and gives nil.
func (q *quoter) clauseEvent(k int) *event {
	end := int(q.sents[q.sid[k]].end)
	for g := k; g < end && g-k < 16; g++ {
		if q.inQ[g] >= 0 || g > k && q.toks[g].has(fSent) {
			break
		}
		if ev := q.eventOf(g); ev != nil {
			if ev.inherited {
				return nil
			}
			return ev
		}
	}
	return nil
}

// attribute builds the quotes and applies the rules to each.
func (q *quoter) attribute() []Quote {
	n := 0
	for i := range q.spans {
		if q.spans[i].speech && q.spans[i].t0 >= 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Quote, 0, n)
	q.qsent, q.qspk = q.qsent[:0], q.qspk[:0]
	for i := range q.spans {
		sp := &q.spans[i]
		if !sp.speech || sp.t0 < 0 {
			continue
		}
		ps := q.quoteState.parts[sp.p0:sp.p1]
		first, last := ps[0], ps[len(ps)-1]
		qt := Quote{Block: first.block, Start: first.start, End: first.end}
		if len(ps) == 1 {
			qt.Text = q.text[first.block][first.start:first.end]
		} else {
			var b strings.Builder
			for k, p := range ps {
				if k > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(q.text[p.block][p.start:p.end])
			}
			qt.Text = b.String()
		}
		t0, t1 := int(sp.t0), int(sp.t1)
		open, closed := int(q.sid[t0]), int(q.sid[t1-1])
		k := -1 // the first token after the closing mark, in its block
		if t1 < q.bounds[last.block+1] {
			k = t1
		}
		spk := q.speakerOf(sp, len(ps) == 1, t0, t1, k, open, closed)
		if spk >= 0 {
			qt.Speaker = q.parts[spk].Key
		}
		out = append(out, qt)
		q.qsent = append(q.qsent, int32(closed))
		q.qspk = append(q.qspk, spk)
	}
	return out
}

// speakerOf applies the attribution rules to one quote.
func (q *quoter) speakerOf(sp *qspan, single bool, t0, t1, k, open, closed int) int32 {
	// 1. After: '"...," Lavrov said', '"...," said Lavrov'.
	if k >= 0 && int(q.sid[k]) == closed {
		punct := sp.endPunct != 0 && sp.endPunct != '.' && sp.endPunct != '\u2026' ||
			strings.HasPrefix(strings.TrimLeft(q.text[q.sents[closed].block][sp.closeEnd:], " "), ",")
		if ev := q.clauseEvent(k); ev != nil {
			if ev.first == int32(k) {
				return ev.speaker()
			}
			if punct {
				return -1
			}
		}
	}
	// 2. Before: the nearest speech verb earlier in the sentence.
	i, _ := slices.BinarySearchFunc(q.events, int32(t0), func(e event, g int32) int { return cmp.Compare(e.verb, g) })
	if i > 0 && q.events[i-1].sent == int32(open) {
		return q.events[i-1].speaker()
	}
	// 3. Next sentence: '"...?" Kerry asked.'
	if k >= 0 && sp.endPunct != 0 && int(q.sid[k]) == closed+1 && int(q.sents[closed+1].first) == k {
		if ev := q.clauseEvent(k); ev != nil && ev.first == int32(k) && int(ev.verb) > k && q.tailOK(int(ev.verb)+1) {
			return ev.speaker()
		}
	}
	// 4. Continuation: '"...," Kerry said. "..."'.
	if n := len(q.qspk); single && n > 0 && open == closed && open > 0 {
		s, prev := &q.sents[open], &q.sents[open-1]
		bare := int(s.first) == t0 && int(s.end) == t1
		if spk := q.qspk[n-1]; bare && spk >= 0 && q.qsent[n-1] == int32(open-1) && prev.block == s.block &&
			(prev.persN == 0 || prev.persN == 1 && prev.pers1 == spk) {
			return spk
		}
	}
	return -1
}

// tailOK reports whether what follows an attribution verb at token g, to
// the end of its sentence, is only an object and adverbials ("told
// reporters in Vienna", "said on Monday"), not a new statement.
func (q *quoter) tailOK(g int) bool {
	end := int(q.sents[q.sid[g-1]].end)
	if g < end && !q.toks[g].has(fBreak) && q.inQ[g] < 0 {
		if q.mpart[g] >= 0 && q.mfirst[g] == int32(g) {
			g = int(q.mlast[g]) + 1 // "asked Lavrov"
		} else if t := &q.toks[g]; t.has(fLower) && t.cls&cTail == 0 {
			g++ // "told reporters"
		}
	}
	if g >= end || q.toks[g].has(fBreak) {
		return true
	}
	t := &q.toks[g]
	return t.has(fLower) && t.cls&cTail != 0
}
