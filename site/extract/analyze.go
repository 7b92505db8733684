package extract

import (
	"hash/maphash"
	"strings"
)

// ukind is what a unit (a word, or a rule's multi-word name) is taken for.
type ukind uint8

const (
	uLower    ukind = iota // lower-case word, number or adjective compound: ends a run
	uStop                  // capitalised function word, weekday, month: ends a run
	uConn                  // of, the, for, on: may join a run
	uParticle              // al-, de, van, bin: inside names
	uName                  // capitalised word of no list
	uInitial               // "H."
	uAcronym               // all capitals, 2-6 letters
	uTitle                 // President, Minister, spokesman, Mr.
	uMod                   // Foreign, Deputy, National
	uHead                  // Ministry, Council, Group
	uLeadHead              // Jabhat, Jaish
	uEvent                 // Conference, Agreement
	uGeo                   // Sea, Province
	uDemonym               // Russian, Western
	uOrgK                  // a rule: organization
	uPlaceK                // a rule: place
	uPersonK               // a rule: person
	uExclK                 // a rule: excluded name
)

// unit covers tokens [i, j).
type unit struct {
	i, j int
	kind ukind
	rule int32
}

// mkind is the kind of a raw mention.
type mkind uint8

const (
	mName    mkind = iota // a name: a person, or one word waiting for evidence
	mOrg                  // an organization found by its shape
	mRule                 // a rule's name or alias
	mAcronym              // an all-capitals word
)

// mention is a raw mention found in one block, before merging.
type mention struct {
	kind       mkind
	block      int
	start, end int
	surface    string
	given      []string // names: folded words without particles and initials
	initials   string   // names: initials ("j" for "J. Smith")
	nparts     int      // tokens in the surface: how complete a form is
	role       string
	titled     bool // a title or honorific stands before the name
	speech     bool // a speech verb marks it as a speaker
	weak       bool // from a title-case block: may only join what the body established
	locative   bool // a name right after "in", "at" or "near": more likely a place
	lowHead    bool // organization only because of a lower-case head after it ("Al-Mayadeen television")
	rule       int32
	acr        string     // the acronym defined for it in brackets, folded
	alt        string     // organizations: the form with a possessive place before it ("Russia's Foreign Ministry")
	words      []wordSpan // weak names: each word, to match alone
	id         int        // order of creation
	coord      int        // names: id+1 of the name joined to this one by "and", or 0
}

func (m *mention) pos() int64 { return int64(m.block)<<32 | int64(m.start) }

func (m *mention) full() bool { return len(m.given) >= 2 || len(m.given) == 1 && m.initials != "" }

// wordSpan is one word of a name: byte offsets and folded form.
type wordSpan struct {
	start, end int
	fold       string
}

// state is the scratch space of one Extract call.
type state struct {
	text       []string // the article's text: a.Text(), in memory kept for the next article
	all        []token  // the article's tokens
	bounds     []int    // block b is all[bounds[b]:bounds[b+1]]
	folds      string   // the folds the folder wrote (see token)
	lower      strSet   // words the article writes in lower case, once needed
	lowerOK    bool     // lower is built
	lowerAsked int      // questions writesLower answered without lower
	toks       []token  // the current block's tokens
	kinds      []ukind  // per token: the kind of the unit covering it
	orgTok     []bool   // per token: inside an organization
	units      []unit
	inOrg      []bool // per unit of the current run
	ments      []mention
	msort      []mention    // sortMentions' copy
	morder     []mentionPos // sortMentions' order
	strs       []string     // the given names of the mentions
	spans      []wordSpan   // the words of the weak names
	lastName   int          // index in ments of the block's last name, -1 for none
	lastEnd    int          // token end of that name
	topicHits  []int
	headHits   []int
	evidence   [][]string
	quotes     quoteState
	fold       folder
	nstart     int // scanTopics: the next of fold.starts
	res        resolver
}

// word returns the fold of t, a token of the article.
func (st *state) word(t *token) string { return foldOf(t, st.text, st.folds) }

func (st *state) reset() {
	clear(st.text)
	st.text, st.folds = st.text[:0], ""
	st.lowerOK, st.lowerAsked = false, 0
	clear(st.ments)
	st.ments = st.ments[:0]
	st.strs, st.spans = st.strs[:0], st.spans[:0]
	for i := range st.evidence {
		clear(st.evidence[i]) // copied out by topicMatches, kept for the next article
		st.evidence[i] = st.evidence[i][:0]
	}
}

// writesLower reports whether the article writes word w in lower case
// somewhere, which makes a capitalised w an ordinary word. Known words are
// marked as they are tokenized; the others go to a set when first needed.
func (st *state) writesLower(w string) bool {
	key, rest := wordKey(w)
	if _, slot := st.fold.dict.lookup(key, len(w), rest); slot >= 0 {
		return st.fold.marked(slot)
	}
	// Few questions are asked of an article: the first ones read the list,
	// later ones a set made of it.
	if st.lowerAsked < 4 {
		st.lowerAsked++
		for _, i := range st.fold.lowerMiss {
			if st.word(&st.all[i]) == w {
				return true
			}
		}
		return false
	}
	if !st.lowerOK {
		st.lower.reset(len(st.fold.lowerMiss))
		for _, i := range st.fold.lowerMiss {
			st.lower.add(st.word(&st.all[i]))
		}
		st.lowerOK = true
	}
	return st.lower.has(w)
}

// strSet is a set of strings that keeps its memory from one article to
// the next: open addressing over a seeded hash.
type strSet struct {
	seed  maphash.Seed
	slots []int32 // 1 + index in keys, 0 for empty
	keys  []string
}

// reset empties the set, ready for up to n strings.
func (ss *strSet) reset(n int) {
	if ss.slots == nil {
		ss.seed = maphash.MakeSeed()
	}
	size := 16
	for size < 2*n {
		size *= 2
	}
	ss.slots = resize(ss.slots, size)
	clear(ss.keys)
	ss.keys = ss.keys[:0]
}

// slot returns the slot of w: where it is, or the empty one where it would go.
func (ss *strSet) slot(w string) int {
	mask := len(ss.slots) - 1
	for i := int(maphash.String(ss.seed, w)) & mask; ; i = (i + 1) & mask {
		if k := ss.slots[i]; k == 0 || ss.keys[k-1] == w {
			return i
		}
	}
}

func (ss *strSet) add(w string) {
	if i := ss.slot(w); ss.slots[i] == 0 {
		ss.keys = append(ss.keys, w)
		ss.slots[i] = int32(len(ss.keys))
	}
}

func (ss *strSet) has(w string) bool { return ss.slots[ss.slot(w)] != 0 }

// scanBlock finds the raw mentions of one block; st.toks holds its tokens.
func (x *Extractor) scanBlock(st *state, b int, s string) {
	toks := st.toks
	n := len(toks)
	st.kinds = resize(st.kinds, n)
	st.orgTok = resize(st.orgTok, n)
	weak := titleCase(toks)
	st.lastName = -1

	// Units. Lower-case words (uLower) end runs whatever they cover, so
	// neighbouring ones share one unit: most words of a text are such.
	units := st.units[:0]
	lower := func(i, j int) {
		if l := len(units); l > 0 && units[l-1].kind == uLower && units[l-1].j == i {
			units[l-1].j = j
			return
		}
		units = append(units, unit{i, j, uLower, -1})
	}
	root := x.names.root
	for i := 0; i < n; {
		if ordinary(&toks[i]) {
			// Ordinary lower-case words: no name starts with one, and
			// classify makes each uLower. A number glued to one goes with it.
			j := i
			for j < n && ordinary(&toks[j]) {
				if j+1 < n && toks[j+1].has(fHyphen) && toks[j+1].has(fDigit) {
					j += 2
				} else {
					j++
				}
			}
			lower(i, j)
			i = j
			continue
		}
		if nw := toks[i].nw; int(nw) >= len(root) || root[nw] == 0 {
			// no known name starts with this word
		} else if rule, end := x.names.match(toks, i); end > 0 {
			units = append(units, unit{i, end, x.ruleUnit[rule], rule})
			i = end
			continue
		}
		t := &toks[i]
		// A model name glued to a number is no name ("Su-24", "S-300").
		if i+1 < n && toks[i+1].has(fHyphen) && toks[i+1].has(fDigit) {
			lower(i, i+2)
			i += 2
			continue
		}
		// A capitalised word glued to a lower-case one is an adjective
		// ("Russian-backed"), unless both are short name syllables ("Ki-moon").
		if t.has(fCap) && i+1 < n && toks[i+1].has(fHyphen) && toks[i+1].has(fLower) && !(toks[i+1].cls&cParticle != 0 || toks[i+1].cls&cHyphenParticle != 0 && i+2 < n && toks[i+2].has(fHyphen) && toks[i+2].has(fCap)) {
			j := i + 1
			for j < n && toks[j].has(fHyphen) {
				j++
			}
			k := uLower
			if j == i+2 && t.foldLen() <= 5 && toks[i+1].foldLen() <= 4 && t.cls&^(cDate|cStop|quoteClasses|helperClasses) == 0 && !toks[i+1].has(fDigit) && !adjSuffix[st.word(&toks[i+1])] {
				k = uName
			}
			units = append(units, unit{i, j, k, -1})
			i = j
			continue
		}
		k := classify(toks, i)
		// A month right after a given name may be a surname ("Theresa May").
		if k == uStop && len(units) > 0 && units[len(units)-1].kind == uName && !t.has(fBreak) && isMonthName(st.word(t)) {
			k = uName
		}
		if k == uLower {
			lower(i, i+1)
		} else {
			units = append(units, unit{i, i + 1, k, -1})
		}
		i++
	}
	// A title word ending a name is a surname ("Julie Bishop said"), not a
	// title: titles come before names.
	for k := 1; k < len(units); k++ {
		u := &units[k]
		if u.kind == uTitle && u.j == u.i+1 && units[k-1].kind == uName && !toks[u.i].has(fBreak) &&
			!toks[units[k-1].j-1].has(fPoss) && toks[u.i].cls&cHonorific == 0 && !toks[u.i].has(fAllCaps) &&
			(k+1 == len(units) || !runnable(units[k+1].kind) || toks[units[k+1].i].has(fBreak) || toks[u.i].has(fPoss)) {
			u.kind = uName
		}
	}
	st.units = units
	for _, u := range units {
		if u.kind == uLower {
			continue // st.kinds and st.orgTok are cleared: uLower is 0
		}
		for t := u.i; t < u.j; t++ {
			st.kinds[t] = u.kind
			st.orgTok[t] = u.kind == uOrgK || u.kind == uAcronym
		}
	}

	// Runs: capitalised units joined by spaces, particles and connectors.
	for k := 0; k < len(units); {
		if !runnable(units[k].kind) {
			k++
			continue
		}
		a := k
		for k++; k < len(units) && runnable(units[k].kind) && joins(st, units, k); k++ {
		}
		x.analyzeRun(st, b, s, units[a:k], weak)
	}
}

// ordinary reports a lower-case word that can play no part in a name: not
// a particle, a connector or a number.
func ordinary(t *token) bool {
	return t.flags&(fCap|fAllCaps|fDigit) == 0 && t.cls&(cParticle|cHyphenParticle|cConn) == 0
}

// adjSuffix are lower-case halves of adjective compounds ("Arab-led").
var adjSuffix = map[string]bool{
	"led": true, "run": true, "era": true, "born": true, "made": true, "held": true, "wide": true,
	"like": true, "bred": true, "only": true, "free": true, "type": true, "size": true, "long": true,
	"rich": true, "side": true, "area": true, "zone": true, "ally": true, "owned": true, "based": true,
}

// isMonthName reports the months that are also names.
func isMonthName(w string) bool {
	switch w {
	case "may", "june", "april", "august":
		return true
	}
	return false
}

// locatives are prepositions after which a capitalised name is more likely
// a place than a person ("at Palais Coburg").
var locatives = map[string]bool{"in": true, "at": true, "near": true, "inside": true, "outside": true, "across": true, "throughout": true}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func runnable(k ukind) bool { return k != uLower && k != uStop }

// joins reports whether unit k continues the run of unit k-1.
func joins(st *state, units []unit, k int) bool {
	toks := st.toks
	u, prev := units[k], units[k-1]
	if toks[u.i].has(fBreak) || toks[prev.j-1].has(fPoss) {
		return false
	}
	if u.kind == uConn {
		if st.word(&toks[u.i]) == "the" {
			return prev.kind == uConn && st.word(&toks[prev.i]) != "the"
		}
		return prev.kind != uConn
	}
	return true
}

// classify gives a token that no rule covers its unit kind.
func classify(toks []token, i int) ukind {
	t := &toks[i]
	c := t.cls
	nextCapHyphen := i+1 < len(toks) && toks[i+1].has(fHyphen) && toks[i+1].has(fCap)
	if t.has(fDigit) {
		return uLower
	}
	if !t.has(fCap | fAllCaps) {
		switch {
		case c&cParticle != 0:
			return uParticle
		case c&cHyphenParticle != 0 && nextCapHyphen:
			return uParticle
		case c&cConn != 0:
			return uConn
		}
		return uLower
	}
	if t.has(fAllCaps) && shouting(toks, i) {
		return uLower
	}
	switch {
	case c&(cStop|cDate) != 0:
		return uStop
	case t.has(fInitial):
		return uInitial
	case t.foldLen() == 1, t.foldLen() > maxNameWord:
		return uLower
	case c&cTitle != 0:
		return uTitle
	case c&cLeadHead != 0:
		return uLeadHead
	case c&cHead != 0:
		return uHead
	case c&cParticle != 0, c&cHyphenParticle != 0 && nextCapHyphen:
		return uParticle
	case c&cMod != 0:
		return uMod
	case c&cEvent != 0:
		return uEvent
	case c&cGeo != 0:
		return uGeo
	case c&cDemonym != 0:
		return uDemonym
	case c&cConn != 0:
		return uConn
	case t.has(fAllCaps):
		if c&cNotAcronym != 0 || t.foldLen() > 6 {
			return uLower
		}
		return uAcronym
	}
	return uName
}

// maxNameWord is the most bytes a word of a name may have; longer
// capitalised "words" are pasted junk, never part of a name.
const maxNameWord = 64

// shouting reports an all-capitals word beside another: a shouted line, not an acronym.
func shouting(toks []token, i int) bool {
	if i > 0 && toks[i-1].has(fAllCaps) && !toks[i].has(fBreak) && toks[i-1].cls&cStop != 0 {
		return true
	}
	if i+1 < len(toks) && toks[i+1].has(fAllCaps) && !toks[i+1].has(fBreak) && toks[i+1].foldLen() > 2 {
		return true
	}
	return i > 0 && toks[i-1].has(fAllCaps) && !toks[i].has(fBreak) && toks[i-1].foldLen() > 2 && toks[i].foldLen() > 2
}

// titleCase reports a block written in title case ("Kerry Says Will Meet
// Lavrov"): capitalised content words and no lower-case content word. Such a
// block proves nothing about which words are names.
func titleCase(toks []token) bool {
	capN := 0
	for i := range toks {
		t := &toks[i]
		if t.has(fDigit) || t.cls&(cConn|cParticle) != 0 {
			continue
		}
		if t.has(fLower) {
			if t.has(fHyphen) || t.cls&cSmall != 0 { // smallWords
				continue
			}
			return false
		}
		if t.has(fCap) && t.cls&(cStop|cDate) == 0 {
			capN++
		}
	}
	return capN >= 3
}

// smallWords stay lower case in title-case headlines.
var smallWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "nor": true, "for": true,
	"so": true, "yet": true, "at": true, "by": true, "in": true, "of": true, "off": true, "on": true,
	"per": true, "to": true, "up": true, "via": true, "vs": true, "as": true, "with": true, "from": true,
	"into": true, "over": true, "than": true, "upon": true, "amid": true, "after": true, "about": true,
	"is": true, "are": true, "be": true, "if": true, "out": true,
}

// analyzeRun splits one run into organizations, names and known entities.
func (x *Extractor) analyzeRun(st *state, b int, s string, u []unit, weak bool) {
	toks := st.toks
	for len(u) > 0 && (u[0].kind == uConn || u[0].kind == uParticle && !particleOpensName(u)) {
		u = u[1:]
	}
	for len(u) > 0 && (u[len(u)-1].kind == uConn || u[len(u)-1].kind == uParticle) {
		u = u[:len(u)-1]
	}
	if len(u) == 0 {
		return
	}
	st.inOrg = resize(st.inOrg, len(u))
	inOrg := st.inOrg

	// Organizations built around a head word. A known name ending in a
	// head may be the end of a longer one ("Syrian National Dialogue
	// Congress", "Russian Security Council").
	for k := range u {
		if inOrg[k] {
			continue
		}
		knownHead := u[k].kind == uOrgK && toks[u[k].j-1].cls&cHead != 0 && k > 0 && leftOK(toks, u[k-1]) && u[k-1].kind != uOrgK
		if u[k].kind != uHead && u[k].kind != uLeadHead && !knownHead {
			continue
		}
		var L, R int
		if u[k].kind == uLeadHead {
			L, R = k, k
			for R+1 < len(u) && (u[R+1].kind == uName || u[R+1].kind == uParticle || u[R+1].kind == uHead || u[R+1].kind == uLeadHead) {
				R++
			}
			for R > k && u[R].kind == uParticle {
				R--
			}
		} else {
			L, R = extendLeft(st, u, k), extendRight(st, u, k)
		}
		if L == R {
			continue // a head alone ("the Council") names nothing
		}
		for i := L; i <= R; i++ {
			inOrg[i] = true
		}
		for t := u[L].i; t < u[R].j; t++ {
			st.orgTok[t] = true
		}
		i0, e := u[L].i, u[R].j
		m := mention{kind: mOrg, block: b, start: int(toks[i0].start), end: int(toks[e-1].end), weak: weak, rule: -1}
		m.surface = s[m.start:m.end]
		m.nparts = e - i0
		m.acr = definedAcronym(st, i0, e)
		if p := i0 - 1; p >= 0 && toks[p].has(fPoss) && !toks[i0].has(fBreak) && (st.kinds[p] == uPlaceK || st.kinds[p] == uDemonym) {
			m.alt = s[toks[unitStart(st, p)].start:m.end]
		}
		st.add(m)
	}

	// Names, rules and acronyms outside those organizations.
	for k := 0; k < len(u); {
		if inOrg[k] {
			k++
			continue
		}
		switch u[k].kind {
		case uOrgK, uPersonK:
			if k+1 < len(u) && u[k+1].kind == uGeo {
				k++ // "the Elysee Palace", "the Kremlin Palace": a building
				continue
			}
			i0, e := u[k].i, u[k].j
			m := mention{kind: mRule, block: b, start: int(toks[i0].start), end: int(toks[e-1].end), rule: u[k].rule}
			m.surface = s[m.start:m.end]
			m.nparts = e - i0
			if u[k].kind == uPersonK {
				m.role, m.titled = roleBefore(st, s, i0)
			} else {
				m.acr = definedAcronym(st, i0, e)
			}
			st.add(m)
			k++
		case uAcronym:
			i0 := u[k].i
			m := mention{kind: mAcronym, block: b, start: int(toks[i0].start), end: int(toks[i0].end), weak: weak, rule: -1}
			m.surface = s[m.start:m.end]
			m.nparts = 1
			st.add(m)
			k++
		case uName, uInitial, uParticle:
			a := k
			for k < len(u) && !inOrg[k] && (u[k].kind == uName || u[k].kind == uInitial || u[k].kind == uParticle) {
				k++
			}
			e := k
			for e > a && u[e-1].kind == uParticle {
				e--
			}
			if e > a {
				x.nameChain(st, b, s, u[a].i, u[e-1].j, weak)
			}
		default:
			k++
		}
	}
}

// particleOpensName reports whether the particles opening u lead to a name ("Van der Berg").
func particleOpensName(u []unit) bool {
	for _, x := range u {
		if x.kind != uParticle {
			return x.kind == uName || x.kind == uLeadHead
		}
	}
	return false
}

// leftOK reports whether an organization's name may extend over unit p.
func leftOK(toks []token, p unit) bool {
	switch p.kind {
	case uName, uMod, uDemonym, uAcronym, uHead, uEvent, uGeo, uOrgK, uPlaceK, uParticle:
		return true
	case uTitle:
		return toks[p.i].cls&cMod != 0
	}
	return false
}

func connIs(st *state, p unit, words ...string) bool {
	if p.kind != uConn {
		return false
	}
	for _, w := range words {
		if st.word(&st.toks[p.i]) == w {
			return true
		}
	}
	return false
}

// extendLeft widens an organization from its head over the words before it
// ("International Syrian Support Group", "Voice of Russia Website").
func extendLeft(st *state, u []unit, k int) int {
	toks := st.toks
	L := k
	for L > 0 {
		switch {
		case leftOK(toks, u[L-1]):
			L--
		case L >= 2 && connIs(st, u[L-1], "of") && leftOK(toks, u[L-2]) && !(L >= 3 && u[L-2].kind == uName && u[L-3].kind == uName):
			// "Voice of Russia Website", but not "Robert Maley of the ... Council".
			L -= 2
		default:
			return L
		}
	}
	return L
}

// extendRight widens an organization over following heads and over "of ..."
// or "for ..." phrases ("Ministry of Foreign Affairs", "Joint Chiefs of
// Staff"), stopping before a name that follows ("... of Staff Martin Dempsey").
func extendRight(st *state, u []unit, k int) int {
	toks := st.toks
	R := k
	for R+1 < len(u) {
		nx := u[R+1]
		if nx.kind == uHead {
			R++
			continue
		}
		if !connIs(st, nx, "of", "for", "on") {
			break
		}
		m := R + 2
		if m < len(u) && connIs(st, u[m], "the") {
			m++
		}
		start := m
		closed, placesOnly := false, true
		for m < len(u) {
			kk := u[m].kind
			if closed && kk != uHead && kk != uPlaceK {
				break
			}
			ok := false
			switch kk {
			case uName, uMod, uDemonym, uPlaceK, uHead, uParticle, uGeo, uEvent:
				ok = true
			case uTitle:
				ok = toks[u[m].i].cls&cMod != 0
			}
			if !ok {
				break
			}
			if kk == uHead || kk == uPlaceK {
				closed = true
			}
			placesOnly = placesOnly && kk == uPlaceK
			m++
		}
		for m > start && u[m-1].kind == uParticle {
			m--
		}
		// "Contact Group on Ukraine": a place after "on" or "for" says what
		// the body deals with, not which body it is.
		if m == start || placesOnly && !connIs(st, nx, "of") {
			break
		}
		R = m - 1
	}
	return R
}

// definedAcronym returns the acronym a name defines in brackets, either
// after it ("Collective Security Treaty Organization (CSTO)") or before it
// ("CSTO (Collective Security Treaty Organization)").
func definedAcronym(st *state, i0, e int) string {
	toks := st.toks
	if e < len(toks) && st.kinds[e] == uAcronym && toks[e].has(fOpenParen) && toks[e].has(fCloseParen) {
		return st.word(&toks[e])
	}
	if i0 > 0 && st.kinds[i0-1] == uAcronym && toks[i0].has(fOpenParen) && toks[e-1].has(fCloseParen) {
		return st.word(&toks[i0-1])
	}
	return ""
}

// initials returns the first letters of the words of the name in tokens
// [i0, e), connectors included.
func initials(st *state, i0, e int) string {
	toks := st.toks[i0:e]
	var b strings.Builder
	for i := range toks {
		if toks[i].has(fHyphen) && toks[i].cls&(cParticle|cHyphenParticle) == 0 && i > 0 && toks[i-1].cls&(cParticle|cHyphenParticle) == 0 {
			continue // "Co-operation" is one word
		}
		if f := st.word(&toks[i]); f != "" {
			b.WriteByte(f[0])
		}
	}
	return b.String()
}

// acronymFits reports whether acr can abbreviate words with these initials:
// same first letter, and its letters in order among them.
func acronymFits(acr, init string) bool {
	if len(acr) < 2 || init == "" || acr[0] != init[0] {
		return false
	}
	j := 0
	for i := 0; i < len(init) && j < len(acr); i++ {
		if init[i] == acr[j] {
			j++
		}
	}
	return j == len(acr)
}

// nameChain classifies the capitalised name in tokens [i0, e).
func (x *Extractor) nameChain(st *state, b int, s string, i0, e int, weak bool) {
	toks := st.toks
	g0 := len(st.strs) // given names go to st.strs[g0:]
	var inits strings.Builder
	word := ""
	flush := func() {
		if word != "" {
			st.strs = append(st.strs, word)
			word = ""
		}
	}
	// A sentence may open with an ordinary capitalised word ("Speaking ...",
	// "Urge Assad to ..."): one ending like a verb or an adverb, or one the
	// article also writes in lower case.
	if toks[i0].has(fSent) && !toks[i0].has(fHyphen) {
		j := i0 + 1
		for j < e && toks[j].has(fHyphen) {
			j++
		}
		f := st.word(&toks[i0])
		if j < e && j == i0+1 && (strings.HasSuffix(f, "ing") || strings.HasSuffix(f, "ed") || strings.HasSuffix(f, "ly") || st.writesLower(f)) {
			i0 = j
		}
	}
	s0 := len(st.spans) // the words of a weak name go to st.spans[s0:]
	wstart := 0
	for i := i0; i < e; i++ {
		t := &toks[i]
		if !t.has(fHyphen) {
			if word != "" && weak {
				st.spans = append(st.spans, wordSpan{wstart, int(toks[i-1].end), word})
			}
			flush()
		}
		switch {
		case t.has(fInitial):
			inits.WriteString(st.word(t))
		case st.kinds[i] == uParticle:
			// particles are not name words
		case word != "":
			word += "-" + st.word(t)
		default:
			word, wstart = st.word(t), int(t.start)
		}
	}
	if word != "" && weak {
		st.spans = append(st.spans, wordSpan{wstart, int(toks[e-1].end), word})
	}
	flush()
	given := st.strs[g0:len(st.strs):len(st.strs)]
	var spans []wordSpan
	if len(st.spans) > s0 {
		spans = st.spans[s0:len(st.spans):len(st.spans)]
	}
	if len(given) == 0 || len(given) > 4 || byline(st, i0) {
		return
	}
	m := mention{kind: mName, block: b, start: int(toks[i0].start), end: int(toks[e-1].end), weak: weak, rule: -1}
	m.surface = s[m.start:m.end]
	m.given = given
	m.words = spans
	m.initials = inits.String()
	m.nparts = e - i0
	m.role, m.titled = roleBefore(st, s, i0)
	if !m.titled {
		m.role, m.titled = roleAppositive(st, s, i0, e)
	}
	m.speech = speechAround(toks, i0, e)
	if i0 > 0 && !toks[i0].has(fBreak) && locatives[st.word(&toks[i0-1])] && toks[i0-1].has(fLower) && !toks[e-1].has(fPoss) {
		m.locative = true
	}
	// "Kerry and Lavrov", and in a headline or a list "Kerry, Lavrov": what
	// is said of one vouches for the other.
	if st.lastName >= 0 {
		switch {
		case st.lastEnd == i0-1 && st.word(&toks[i0-1]) == "and" && !toks[i0-1].has(fBreak) && !toks[i0].has(fBreak):
			m.coord = st.ments[st.lastName].id + 1
		case st.lastEnd == i0 && toks[i0].has(fComma) && (b == 0 || e < len(toks) && st.word(&toks[e]) == "and" && !toks[e].has(fBreak|fComma)):
			m.coord = st.ments[st.lastName].id + 1
		}
	}
	if len(given) >= 2 {
		if acr := definedAcronym(st, i0, e); acr != "" && acronymFits(acr, initials(st, i0, e)) {
			m.kind, m.acr = mOrg, acr
		}
	}
	if m.kind == mName && !m.titled && lowHeadAfter(toks, e) {
		m.kind, m.lowHead = mOrg, true
	}
	if m.kind == mOrg {
		for t := i0; t < e; t++ {
			st.orgTok[t] = true
		}
	} else {
		st.lastName, st.lastEnd = len(st.ments), e
	}
	st.add(m)
}

// add records a mention.
func (st *state) add(m mention) {
	m.id = len(st.ments)
	st.ments = append(st.ments, m)
}

// roleBefore reads the title stated just before a name at token i0
// ("US Secretary of State", "Kremlin spokesman", "Russia's Foreign
// Minister"). titled reports any title, honorifics included; role is empty
// for honorifics alone ("Mr.").
func roleBefore(st *state, s string, i0 int) (role string, titled bool) {
	toks := st.toks
	// "leaders of the Normandy Four": a name right after a connector is the
	// title's complement, not its holder.
	if i0 == 0 || toks[i0].has(fBreak) || toks[i0-1].cls&cConn != 0 && toks[i0-1].has(fLower) {
		return "", false
	}
	first, honorOnly := -1, true
	for p := i0 - 1; p >= 0 && i0-p <= 12; p-- {
		t := &toks[p]
		k := st.kinds[p]
		if !roleOK(st, p) {
			break
		}
		if t.has(fPoss) {
			if p != i0-1 && (k == uPlaceK || k == uOrgK || st.orgTok[p]) {
				first = unitStart(st, p)
			}
			break
		}
		if t.cls&cTitle != 0 && (k == uTitle || t.has(fLower)) {
			titled = true
			if t.cls&cHonorific == 0 {
				honorOnly = false
			}
		}
		first = p
		if t.has(fBreak) {
			break
		}
	}
	if !titled {
		return "", false
	}
	for first < i0 && toks[first].has(fLower) && toks[first].cls&cConn != 0 {
		first++
	}
	if honorOnly || first >= i0 {
		return "", true
	}
	return s[toks[first].start:toks[i0-1].end], true
}

// speechAround reports words marking the name in [i0, e) as a person: a
// speech verb ("Kerry said", "Kerry also told", "said Kerry") or a noun
// only people have ("the Assad regime", "Putin's aides").
func speechAround(toks []token, i0, e int) bool {
	if !toks[e-1].has(fPoss) {
		k := e
		for n := 0; k < len(toks) && n < 2 && toks[k].has(fLower) && toks[k].cls&cSpeechAux != 0 && toks[k].cls&cSpeech == 0 && !toks[k].has(fBreak); n++ {
			k++
		}
		if k < len(toks) && toks[k].has(fLower) && toks[k].cls&cSpeech != 0 && !toks[k].has(fBreak) {
			return true
		}
	}
	if i0 > 0 && !toks[i0].has(fBreak) {
		p := &toks[i0-1]
		if p.has(fLower) && p.cls&cSpeechBefore != 0 {
			return true
		}
	}
	// "the Assad regime", "Putin's aides".
	if e < len(toks) && toks[e].has(fLower) && toks[e].cls&cPersonNoun != 0 && !toks[e].has(fBreak) {
		return true
	}
	return false
}

// lowHeadAfter reports a lower-case organization head right after a name
// ("Al-Mayadeen television", "Anadolu news agency").
func lowHeadAfter(toks []token, e int) bool {
	if toks[e-1].has(fPoss) {
		return false
	}
	for k := e; k < len(toks) && k < e+3; k++ {
		t := &toks[k]
		if t.has(fBreak) || !t.has(fLower) {
			return false
		}
		if t.cls&cLowHead != 0 {
			return true
		}
		if t.cls&cOrgAdj == 0 {
			return false
		}
	}
	return false
}

// unitStart returns the first token of the known name or organization that
// ends at token p ("European Union's").
func unitStart(st *state, p int) int {
	k := st.kinds[p]
	if k != uOrgK && k != uPlaceK && !st.orgTok[p] {
		return p
	}
	for p > 0 && !st.toks[p].has(fBreak) && !st.toks[p-1].has(fPoss) && (st.kinds[p-1] == k || st.orgTok[p-1] && st.orgTok[p]) {
		p--
	}
	return p
}

// roleOK reports whether token p may belong to a role phrase.
func roleOK(st *state, p int) bool {
	t := &st.toks[p]
	switch k := st.kinds[p]; {
	case k == uTitle || k == uMod || k == uHead || k == uOrgK || k == uPlaceK || k == uDemonym || st.orgTok[p]:
		return true
	case t.has(fLower) && t.cls&cConn != 0, t.cls&(cTitle|cMod) != 0:
		return true
	}
	return false
}

// roleAppositive reads a title set off by commas beside a name: after it
// ("Sergei Lavrov, Russia's foreign minister, said") or, opening the
// sentence, before it ("The chairman of the Joint Chiefs of Staff, Martin
// Dempsey, said").
func roleAppositive(st *state, s string, i0, e int) (string, bool) {
	toks := st.toks
	if e < len(toks) && toks[e].has(fComma) && !toks[e-1].has(fPoss) {
		k := e
		if f := st.word(&toks[k]); toks[k].has(fLower) && (f == "the" || f == "a" || f == "an") {
			k++
		}
		start, titled := k, false
		for ; k < len(toks) && k-start < 10; k++ {
			if k > start && toks[k].has(fBreak) {
				break
			}
			if !roleOK(st, k) {
				titled = false
				break
			}
			if toks[k].cls&cTitle != 0 && toks[k].cls&cHonorific == 0 {
				titled = true
			}
		}
		if titled && k > start && (k == len(toks) || toks[k].has(fBreak)) {
			return s[toks[start].start:toks[k-1].end], true
		}
	}
	if i0 > 0 && toks[i0].has(fComma) {
		first, titled := -1, false
		for p := i0 - 1; p >= 0 && i0-p <= 10; p-- {
			if !roleOK(st, p) {
				break
			}
			if toks[p].cls&cTitle != 0 && toks[p].cls&cHonorific == 0 {
				titled = true
			}
			first = p
			if toks[p].has(fPoss) {
				first = unitStart(st, p)
				break
			}
			if toks[p].has(fBreak) {
				break
			}
		}
		for first >= 0 && first < i0 && toks[first].has(fLower) && toks[first].cls&cConn != 0 {
			first++
		}
		if !titled || first < 0 || first >= i0 {
			return "", false
		}
		// Only a phrase opening the sentence: "The chairman of ..., X".
		opens := toks[first].has(fSent)
		if !opens && first > 0 {
			d := &toks[first-1]
			opens = d.has(fSent) && (st.word(d) == "the" || st.word(d) == "a")
		}
		if opens {
			return s[toks[first].start:toks[i0-1].end], true
		}
	}
	return "", false
}

// byline reports a name credited as the writer ("By John Smith",
// "Reporting by John Smith; Editing by ..."): not a participant.
func byline(st *state, i0 int) bool {
	toks := st.toks
	if i0 == 0 || st.word(&toks[i0-1]) != "by" {
		return false
	}
	if i0 == 1 {
		return true
	}
	switch st.word(&toks[0]) {
	case "reporting", "editing", "writing", "additional", "compiled", "written", "edited", "story", "text", "photos", "photo":
		return true
	}
	return false
}
