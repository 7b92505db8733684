package extract

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"briefing/site/article"
)

// entity is one participant of the article being resolved.
type entity struct {
	kind     Kind
	rule     int32
	name     string
	rank     int // tokens in name: how complete it is
	given    []string
	initials string
	surname  string
	first1   string // the first name people.byFirst knows it by
	key      string
	at       Mention // where name is written, when a surface (Block -1 for a rule's name)
	forms    []string
	roles    []string
	ments    []Mention
	named    []int64 // persons: where a full name was written
	first    int64
	keyed    bool // its key is resolver.ekeys[ka:kb] (see entityKey)
	ka, kb   int32
}

func (e *entity) add(m *mention) {
	p := m.pos()
	if len(e.ments) == 0 || p < e.first {
		e.first = p
	}
	e.ments = append(e.ments, Mention{Block: m.block, Start: m.start, End: m.end})
	if !slices.Contains(e.forms, m.surface) {
		e.forms = append(e.forms, m.surface)
	}
	if m.role != "" && !slices.Contains(e.roles, m.role) {
		e.roles = append(e.roles, m.role)
	}
}

// people indexes an article's persons by surname and by first name.
type people struct {
	all       []*entity
	bySurname entLists
	byFirst   entLists
}

// add indexes e, new or with a longer name than before (same surname,
// perhaps another first name).
func (pp *people) add(e *entity, isNew bool) {
	if isNew {
		pp.all = append(pp.all, e)
		pp.bySurname.add(e.surname, e)
	}
	if len(e.given) >= 2 && e.first1 != e.given[0] {
		e.first1 = e.given[0]
		pp.byFirst.add(e.first1, e)
	}
}

// entLists maps strings to lists of entities, in the order added. Its
// memory is kept from one article to the next.
type entLists struct {
	heads map[string]int32 // key -> index in lists
	lists []entList
	nodes []entNode
}

// entList is one list: its first and last nodes (-1 for none) and length.
type entList struct{ first, last, n int32 }

type entNode struct {
	e    *entity
	next int32
}

func (l *entLists) reset() {
	l.heads = resetMap(l.heads)
	l.lists, l.nodes = l.lists[:0], l.nodes[:0]
}

func (l *entLists) add(k string, e *entity) {
	node := int32(len(l.nodes))
	l.nodes = append(l.nodes, entNode{e, -1})
	li, ok := l.heads[k]
	if !ok {
		l.heads[k] = int32(len(l.lists))
		l.lists = append(l.lists, entList{node, node, 1})
		return
	}
	ls := &l.lists[li]
	l.nodes[ls.last].next = node
	ls.last = node
	ls.n++
}

// list returns the list of k.
func (l *entLists) list(k string) entList {
	if li, ok := l.heads[k]; ok {
		return l.lists[li]
	}
	return entList{-1, -1, 0}
}

// resetMap empties m for reuse, or makes a new one when m grew large: clear
// costs as much as the map is big.
func resetMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil || len(m) > 64 {
		return make(map[K]V)
	}
	clear(m)
	return m
}

// resolver is the scratch space of resolve, kept from one article to the
// next: entities, maps and lists are reused, never handed out.
type resolver struct {
	pool       []*entity // entities made so far; the first n are in use
	n          int
	ents       []*entity
	byRule     map[int32]*entity
	orgByKey   map[string]*entity
	defs       map[string]*entity // acronym -> organization it abbreviates
	byInitials entLists           // initials of discovered organizations
	persons    people
	groups     map[string]*group
	groupPool  []*group
	ng         int
	order      []string
	singles    []*mention
	extra      []mention
	strs       []string // given names of extra mentions
	isPerson   []bool
	byID       []*mention
	toks       []token // the article's tokens, and where each block's start
	bounds     []int
	text       []string // the article's text, and the folds of its tokens
	folds      string
	key        keyScratch
	kb         []byte // the last key computed
	kept       []keptEntity
	outKeys    []byte
	ekeys      []byte             // the keys of entities (see entityKey)
	variants   map[string]variant // mergePrefixed's
	byKey      map[string]*entity // mergeSameKey's
}

// variant counts the organizations whose names are one name (the core)
// with places before it; long is the last of them.
type variant struct {
	long *entity
	n    int
}

// group is the single-name mentions of one surname.
type group struct {
	ms       []*mention
	evidence bool
}

func (r *resolver) reset() {
	r.n = 0
	r.ents = r.ents[:0]
	r.byRule = resetMap(r.byRule)
	r.orgByKey = resetMap(r.orgByKey)
	r.defs = resetMap(r.defs)
	r.variants = resetMap(r.variants)
	r.ekeys = r.ekeys[:0]
	r.byInitials.reset()
	r.persons.all = r.persons.all[:0]
	r.persons.bySurname.reset()
	r.persons.byFirst.reset()
	r.groups = resetMap(r.groups)
	r.ng = 0
	r.order, r.singles, r.extra, r.strs = r.order[:0], r.singles[:0], r.extra[:0], r.strs[:0]
}

// newEntity returns a cleared entity from the pool.
func (r *resolver) newEntity(kind Kind, rule int32, name string) *entity {
	var e *entity
	if r.n < len(r.pool) {
		e = r.pool[r.n]
		*e = entity{forms: e.forms[:0], roles: e.roles[:0], ments: e.ments[:0], named: e.named[:0]}
	} else {
		e = new(entity)
		r.pool = append(r.pool, e)
	}
	r.n++
	e.kind, e.rule, e.name = kind, rule, name
	e.at = Mention{Block: -1}
	r.ents = append(r.ents, e)
	return e
}

// newNamed returns a new entity named by mention m.
func (r *resolver) newNamed(kind Kind, m *mention) *entity {
	e := r.newEntity(kind, -1, m.surface)
	e.at = Mention{Block: m.block, Start: m.start, End: m.end}
	return e
}

// rename names e by mention m.
func (e *entity) rename(m *mention) {
	e.name, e.rank = m.surface, m.nparts
	e.at = Mention{Block: m.block, Start: m.start, End: m.end}
}

// keyAt returns Key(surface), surface being text[block][start:end]: from
// the article's tokens when they cover it exactly and it is in NFC (as Key
// reads names), else computed afresh. Valid until the next call.
func (r *resolver) keyAt(block, start, end int, surface string) []byte {
	if block >= 0 && block+1 < len(r.bounds) && (isASCII(surface) || norm.NFC.QuickSpanString(surface) == len(surface)) {
		lo, hi := r.bounds[block], r.bounds[block+1]
		toks := r.toks[lo:hi]
		t0, n := 0, len(toks) // the first token not before start
		for t0 < n {
			if m := int(uint(t0+n) >> 1); int(toks[m].start) < start {
				t0 = m + 1
			} else {
				n = m
			}
		}
		t1 := t0
		for t1 < len(toks) && int(toks[t1].end) < end {
			t1++
		}
		if t0 < len(toks) && int(toks[t0].start) == start && t1 < len(toks) && int(toks[t1].end) == end {
			toks = toks[t0 : t1+1]
			r.kb = appendKeyParts(r.kb[:0], len(toks), func(i int) string { return foldOf(&toks[i], r.text, r.folds) }, func(i int) wclass { return toks[i].cls })
			if checkKeys {
				if want := Key(surface); string(r.kb) != want {
					panic(fmt.Sprintf("extract: key of %q from tokens %q, want %q", surface, r.kb, want))
				}
			}
			return r.kb
		}
	}
	return r.keyOf(surface)
}

// sortMentions sorts st.ments by position, stably. Mentions are big and
// come nearly in order (block by block, run by run): it checks, then sorts
// small records and moves each mention once.
func sortMentions(st *state) {
	ms := st.ments
	sorted := true
	for i := 1; i < len(ms); i++ {
		if ms[i].pos() < ms[i-1].pos() {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	order := st.morder[:0]
	for i := range ms {
		order = append(order, mentionPos{ms[i].pos(), int32(i)})
	}
	slices.SortFunc(order, func(a, b mentionPos) int {
		if a.pos != b.pos {
			return cmp.Compare(a.pos, b.pos)
		}
		return cmp.Compare(a.i, b.i)
	})
	st.msort = append(st.msort[:0], ms...)
	for k, o := range order {
		ms[k] = st.msort[o.i]
	}
	clear(st.msort)
	st.morder = order
}

// mentionPos is a mention's position and index, for sorting.
type mentionPos struct {
	pos int64
	i   int32
}

// checkKeys makes keyAt check its keys (tests).
var checkKeys = false

func (r *resolver) keyOfMention(m *mention) []byte {
	return r.keyAt(m.block, m.start, m.end, m.surface)
}

func (r *resolver) keyOfEntity(e *entity) []byte {
	return r.keyAt(e.at.Block, e.at.Start, e.at.End, e.name)
}

// entityKey returns keyOfEntity(e), computed once: e's name must not
// change after.
func (r *resolver) entityKey(e *entity) []byte {
	if !e.keyed {
		a := len(r.ekeys)
		r.ekeys = append(r.ekeys, r.keyOfEntity(e)...)
		e.ka, e.kb, e.keyed = int32(a), int32(len(r.ekeys)), true
	}
	return r.ekeys[e.ka:e.kb]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (r *resolver) newGroup() *group {
	if r.ng == len(r.groupPool) {
		r.groupPool = append(r.groupPool, new(group))
	}
	g := r.groupPool[r.ng]
	r.ng++
	*g = group{ms: g.ms[:0]}
	return g
}

// keyOf returns Key(name), valid until the next call.
func (r *resolver) keyOf(name string) []byte {
	r.kb = r.key.appendKey(r.kb[:0], name)
	return r.kb
}

// foldOf returns foldToken(w), valid until the next call.
func (r *resolver) foldOf(w string) []byte {
	r.kb = appendFold(r.kb[:0], w)
	return r.kb
}

// addNamed records that e's full name was written at p, keeping named sorted.
func (e *entity) addNamed(p int64) {
	i, _ := slices.BinarySearch(e.named, p)
	e.named = slices.Insert(e.named, i, p)
}

// namedBefore returns the last position before p where e was named, or -1.
func (e *entity) namedBefore(p int64) int64 {
	i, _ := slices.BinarySearch(e.named, p)
	if i == 0 {
		return -1
	}
	return e.named[i-1]
}

// resolve merges the raw mentions of an article into participants.
func (x *Extractor) resolve(st *state, a *article.Article, text []string) []Participant {
	ms := st.ments
	sortMentions(st)

	r := &st.res
	r.reset()
	r.toks, r.bounds, r.text, r.folds = st.all, st.bounds, st.text, st.folds
	newEnt := r.newEntity
	byRule, orgByKey, defs := r.byRule, r.orgByKey, r.defs
	persons := &r.persons

	// Rules first: their names are fixed.
	for i := range ms {
		m := &ms[i]
		if m.kind != mRule {
			continue
		}
		r := &x.rules[m.rule]
		e := byRule[m.rule]
		if e == nil {
			e = newEnt(r.Kind, m.rule, r.Name)
			byRule[m.rule] = e
			if r.Kind == Person {
				pm := nameOf(r.Name)
				e.given, e.initials, e.surname = pm.given, pm.initials, last(pm.given)
				persons.add(e, true)
			} else {
				orgByKey[x.ruleKey[m.rule]] = e
			}
		}
		if r.Kind == Person {
			e.addNamed(m.pos())
		}
		e.add(m)
		if m.acr != "" && defs[m.acr] == nil {
			defs[m.acr] = e
		}
	}

	// Full names of people, in order; each joins the compatible person named last.
	for i := range ms {
		m := &ms[i]
		if m.kind != mName || !m.full() || m.weak {
			continue
		}
		e := pickPerson(persons, m, true)
		if e == nil && m.locative && !m.titled && !m.speech {
			m.weak = true // "at Palais Coburg": only a person named elsewhere
			continue
		}
		isNew := e == nil
		if isNew {
			e = r.newNamed(Person, m)
			e.rank = m.nparts
		}
		if e.rule < 0 && m.nparts > e.rank {
			e.rename(m)
		}
		if len(m.given) > len(e.given) || e.surname == "" {
			e.given, e.surname = m.given, last(m.given)
		}
		if e.initials == "" {
			e.initials = m.initials
		}
		persons.add(e, isNew)
		e.addNamed(m.pos())
		e.add(m)
	}

	// Organizations found by their shape. One found only by a lower-case head
	// after it may instead be a person's surname.
	for i := range ms {
		m := &ms[i]
		if m.kind != mOrg || m.weak {
			continue
		}
		if m.lowHead && len(m.given) == 1 && persons.bySurname.list(m.given[0]).n > 0 {
			m.kind = mName
			continue
		}
		e := orgByKey[string(r.keyOfMention(m))]
		if e == nil {
			k := string(r.kb)
			e = r.newNamed(Organization, m)
			e.key, e.rank = k, m.nparts
			orgByKey[k] = e
			if in := r.significantInitials(m.surface); len(in) >= 2 {
				r.byInitials.add(in, e)
			}
		} else if e.rule < 0 && m.nparts > e.rank {
			e.rename(m)
		}
		e.add(m)
		if m.alt != "" && !slices.Contains(e.forms, m.alt) {
			e.forms = append(e.forms, m.alt)
		}
		if m.acr != "" && defs[m.acr] == nil {
			defs[m.acr] = e
		}
	}
	x.mergePrefixed(r, orgByKey)

	// Acronyms: defined ones join their expansion, others stand alone.
	for i := range ms {
		m := &ms[i]
		if m.kind != mAcronym {
			continue
		}
		f := r.foldOf(m.surface)
		e := defs[string(f)]
		if e == nil {
			e = orgByKey[string(f)]
		}
		if e == nil {
			if ls := r.byInitials.list(string(f)); ls.n == 1 {
				e = r.byInitials.nodes[ls.first].e
			}
		}
		if e == nil {
			if m.weak {
				continue
			}
			k := string(f)
			e = r.newNamed(Organization, m)
			e.key, e.rank = k, 1
			orgByKey[k] = e
		}
		e.add(m)
	}
	for i := range ms {
		m := &ms[i]
		if m.kind == mOrg && m.weak {
			if e := orgByKey[string(r.keyOfMention(m))]; e != nil {
				e.add(m)
			}
		}
	}

	// Single names: the person of that surname named last, or, failing that,
	// a new person when a title or a speech verb vouches for it.
	groups := r.groups
	order := r.order
	// Names from title-case blocks join a person whole, or word by word.
	singles := r.singles
	extra := r.extra
	for i := range ms {
		m := &ms[i]
		switch {
		case m.kind != mName:
		case !m.full():
			singles = append(singles, m)
		case m.weak:
			if e := pickPerson(persons, m, true); e != nil {
				e.add(m)
				continue
			}
			for _, w := range m.words {
				r.strs = append(r.strs, w.fold)
				extra = append(extra, mention{kind: mName, block: m.block, start: w.start, end: w.end,
					surface: text[m.block][w.start:w.end], given: r.strs[len(r.strs)-1 : len(r.strs) : len(r.strs)], nparts: 1, weak: true,
					rule: -1, id: len(ms) + len(extra)})
			}
		}
	}
	for i := range extra {
		singles = append(singles, &extra[i])
	}
	r.singles, r.extra = singles, extra
	slices.SortStableFunc(singles, func(p, q *mention) int { return cmp.Compare(p.pos(), q.pos()) })
	r.isPerson = resize(r.isPerson, len(ms)+len(extra))
	isPerson := r.isPerson // by mention id
	for i := range ms {
		m := &ms[i]
		if m.kind == mName && m.full() || m.kind == mRule && x.rules[m.rule].Kind == Person {
			isPerson[m.id] = m.kind == mRule || !m.weak && pickPerson(persons, m, true) != nil
		}
	}
	for _, m := range singles {
		sn := m.given[0]
		if persons.bySurname.list(sn).n > 0 {
			if e := pickPerson(persons, m, false); e != nil {
				e.add(m)
				isPerson[m.id] = true
			}
			continue
		}
		// A given name alone ("Hillary"), or a family name written first
		// ("Ban" for "Ban Ki-moon"), of exactly one person.
		if e := persons.byFirstName(sn); e != nil {
			e.add(m)
			isPerson[m.id] = true
			continue
		}
		if e := orgByKey[string(r.keyOfMention(m))]; e != nil && e.kind == Organization {
			e.add(m)
			continue
		}
		g := groups[sn]
		if g == nil {
			g = r.newGroup()
			groups[sn] = g
			order = append(order, sn)
		}
		g.ms = append(g.ms, m)
		// A speech verb in the headline is weak evidence: "Pipeline notes:"
		// reads like "Kerry says". The body has to vouch for a single name.
		if !m.weak && (m.titled || m.speech && m.block > 0) {
			g.evidence = true
		}
	}
	// "Kerry and Lavrov met": a name joined by "and" to a person is one.
	r.order = order
	r.byID = resize(r.byID, len(ms)+len(extra))
	byID := r.byID
	for i := range ms {
		byID[ms[i].id] = &ms[i]
	}
	for i := range extra {
		byID[extra[i].id] = &extra[i]
	}
	for _, g := range groups {
		if g.evidence {
			for _, m := range g.ms {
				isPerson[m.id] = true
			}
		}
	}
	for pass, changed := 0, true; changed && pass < 4; pass++ {
		changed = false
		for _, sn := range order {
			g := groups[sn]
			if g.evidence {
				continue
			}
			for _, m := range g.ms {
				if m.weak {
					continue
				}
				if m.coord > 0 {
					if p := byID[m.coord-1]; isPerson[p.id] || p.kind == mName && !p.full() && groups[p.given[0]] != nil && groups[p.given[0]].evidence {
						g.evidence = true
					}
				}
			}
			if g.evidence {
				changed = true
				for _, m := range g.ms {
					isPerson[m.id] = true
				}
			}
		}
		// and the other way round: "Kerry and Lavrov said" vouches for Kerry.
		for i := len(byID) - 1; i >= 0; i-- {
			m := byID[i]
			if m.coord == 0 || !isPerson[m.id] {
				continue
			}
			p := byID[m.coord-1]
			if p.kind == mName && !p.full() {
				if g := groups[p.given[0]]; g != nil && !g.evidence && !p.weak {
					g.evidence, changed = true, true
					for _, q := range g.ms {
						isPerson[q.id] = true
					}
				}
			}
		}
	}
	for _, sn := range order {
		g := groups[sn]
		if !g.evidence {
			continue
		}
		var e *entity
		for _, m := range g.ms {
			if m.weak {
				continue
			}
			if e == nil {
				e = r.newNamed(Person, m)
				e.rank, e.given, e.surname = m.nparts, m.given, sn
			} else if m.nparts > e.rank {
				e.rename(m)
			}
		}
		if e == nil {
			continue
		}
		for _, m := range g.ms {
			e.add(m)
		}
	}

	// A name that is also an organization's name in this article is that
	// organization ("Nour al-Din al-Zenki fighters", "... movement").
	for _, e := range persons.all {
		if e.rule >= 0 || len(e.ments) == 0 {
			continue
		}
		if o := orgByKey[string(r.entityKey(e))]; o != nil && o.kind == Organization && len(o.ments) > 0 {
			o.ments = append(o.ments, e.ments...)
			for _, f := range e.forms {
				if !slices.Contains(o.forms, f) {
					o.forms = append(o.forms, f)
				}
			}
			o.first = min(o.first, e.first)
			e.ments = e.ments[:0]
		}
	}
	x.mergeSameKey(r)
	return x.participants(r, a, text)
}

// mergeSameKey makes persons whose names differ but share a key one
// participant: particles drop out of keys, so "Ad Assad" and "Az Assad",
// two full names to the steps above, are both "assad", as the index would
// merge them anyway. A rule's person, else the most complete name, else
// the first, absorbs the others.
func (x *Extractor) mergeSameKey(r *resolver) {
	n := 0
	for _, e := range r.ents {
		if e.kind == Person && len(e.ments) > 0 {
			n++
		}
	}
	if n < 2 {
		return
	}
	// The keys of the persons not named by a rule, made into one string.
	for _, e := range r.ents {
		if e.kind == Person && len(e.ments) > 0 && e.rule < 0 {
			r.entityKey(e)
		}
	}
	keys := string(r.ekeys)
	r.byKey = resetMap(r.byKey)
	for _, e := range r.ents {
		if e.kind != Person || len(e.ments) == 0 {
			continue
		}
		var k string
		if e.rule >= 0 {
			k = x.ruleKey[e.rule]
		} else {
			k = keys[e.ka:e.kb]
		}
		if k == "" {
			continue
		}
		o := r.byKey[k]
		if o == nil {
			r.byKey[k] = e
			continue
		}
		if o.rule >= 0 && e.rule >= 0 {
			continue // rules name their participants
		}
		if e.rule >= 0 || o.rule < 0 && e.rank > o.rank {
			o, e = e, o
			r.byKey[k] = o
		}
		o.absorb(e)
	}
}

// absorb moves the mentions, forms and roles of e to o.
func (o *entity) absorb(e *entity) {
	o.ments = append(o.ments, e.ments...)
	for _, f := range e.forms {
		if !slices.Contains(o.forms, f) {
			o.forms = append(o.forms, f)
		}
	}
	for _, rl := range e.roles {
		if !slices.Contains(o.roles, rl) {
			o.roles = append(o.roles, rl)
		}
	}
	o.first = min(o.first, e.first)
	e.ments = e.ments[:0]
}

// keptEntity is an entity that becomes a participant, with its key: a
// rule's, or keys[a:b] of the keys being built.
type keptEntity struct {
	e     *entity
	key   string
	a, b  int32
	nStr  int32   // aliases (before removing duplicates) and roles
	first Mention // the first mention
}

// participants applies exclusions and hints and builds the output. The
// participants' keys share one string, and their mentions, aliases and roles
// one array each.
func (x *Extractor) participants(r *resolver, a *article.Article, text []string) []Participant {
	var ex map[string]bool
	if len(a.Exclude) > 0 {
		ex = map[string]bool{}
		for _, n := range a.Exclude {
			ex[Key(n)] = true
		}
	}
	excluded := func(k string) bool { return x.excluded[k] || ex[k] }
	anyExcluded := len(x.excluded) > 0 || len(a.Exclude) > 0
	r.kept, r.outKeys = r.kept[:0], r.outKeys[:0]
	nMent, nStr := 0, 0
	for _, e := range r.ents {
		if len(e.ments) == 0 || e.kind == Place {
			continue
		}
		k := keptEntity{e: e}
		var drop, empty bool
		if e.rule >= 0 {
			k.key = x.ruleKey[e.rule]
			drop, empty = excluded(k.key), k.key == ""
		} else {
			k.a = int32(len(r.outKeys))
			r.outKeys = append(r.outKeys, r.entityKey(e)...)
			k.b = int32(len(r.outKeys))
			kb := r.outKeys[k.a:k.b]
			drop, empty = x.excluded[string(kb)] || ex[string(kb)], len(kb) == 0
		}
		for _, f := range e.forms {
			if f != e.name {
				k.nStr++
			}
			drop = drop || anyExcluded && excluded(Key(f))
		}
		if drop || empty {
			r.outKeys = r.outKeys[:k.a]
			continue
		}
		k.nStr += int32(len(e.roles))
		nStr += int(k.nStr)
		nMent += len(e.ments)
		k.first = e.ments[0]
		for _, m := range e.ments[1:] {
			if m.Block < k.first.Block || m.Block == k.first.Block && m.Start < k.first.Start {
				k.first = m
			}
		}
		r.kept = append(r.kept, k)
	}
	// By first mention.
	slices.SortStableFunc(r.kept, func(a, b keptEntity) int {
		return cmp.Or(cmp.Compare(a.first.Block, b.first.Block), cmp.Compare(a.first.Start, b.first.Start))
	})
	keys := string(r.outKeys)
	ments := make([]Mention, nMent)
	var strs []string
	if nStr > 0 {
		strs = make([]string, nStr)
	}
	out := make([]Participant, 0, len(r.kept))
	var hinted map[string]bool // keys taken, when the article names participants
	if len(a.Participants) > 0 {
		hinted = map[string]bool{}
	}
	for _, k := range r.kept {
		e := k.e
		p := Participant{Key: k.key, Name: e.name, Kind: e.kind}
		if e.rule < 0 {
			p.Key = keys[k.a:k.b]
		}
		n := 0
		for _, f := range e.forms {
			if f != e.name {
				strs[n] = f
				n++
			}
		}
		if n > 0 {
			al := strs[:n:n]
			slices.Sort(al)
			p.Aliases = slices.Compact(al)
		}
		if len(e.roles) > 0 {
			p.Roles = strs[n : n+len(e.roles) : n+len(e.roles)]
			copy(p.Roles, e.roles)
		}
		strs = strs[k.nStr:]
		p.Mentions = ments[:len(e.ments):len(e.ments)]
		ments = ments[len(e.ments):]
		copy(p.Mentions, e.ments)
		slices.SortFunc(p.Mentions, func(a, b Mention) int {
			if a.Block != b.Block {
				return cmp.Compare(a.Block, b.Block)
			}
			return cmp.Compare(a.Start, b.Start)
		})
		if hinted != nil {
			hinted[p.Key] = true
			for _, f := range p.Aliases {
				hinted[Key(f)] = true
			}
		}
		out = append(out, p)
	}
	// Hints: names the article says are participants.
	for _, name := range a.Participants {
		k := Key(name)
		if k == "" || hinted[k] || excluded(k) {
			continue
		}
		hinted[k] = true
		p := Participant{Key: k, Name: name, Kind: guessKind(name)}
		for b, s := range text {
			for from := 0; ; {
				i := strings.Index(s[from:], name)
				if i < 0 {
					break
				}
				i += from
				from = i + len(name)
				if !nextIsWord(s, from) && (i == 0 || !prevIsWord(s, i)) {
					p.Mentions = append(p.Mentions, Mention{Block: b, Start: i, End: from})
				}
			}
		}
		out = append(out, p)
	}
	return out
}

func prevIsWord(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && isWordRune(r)
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// nameOf reads a rule's person name into its name words.
func nameOf(name string) mention {
	var ks keyScratch
	ks.tokenize(name)
	var m mention
	word := ""
	for i := range ks.toks {
		t := &ks.toks[i]
		if !t.has(fHyphen) && word != "" {
			m.given = append(m.given, word)
			word = ""
		}
		switch fold := string(ks.fold(i)); {
		case t.has(fInitial):
			m.initials += fold
		case lex.particle[fold] || lex.suffix[fold] || keyTitles[fold]:
		case word != "":
			word += "-" + fold
		default:
			word = fold
		}
	}
	if word != "" {
		m.given = append(m.given, word)
	}
	return m
}

// byFirstName returns the one person whose first name word is w.
func (pp *people) byFirstName(w string) *entity {
	var found *entity
	for n := pp.byFirst.list(w).first; n >= 0; n = pp.byFirst.nodes[n].next {
		if e := pp.byFirst.nodes[n].e; len(e.given) >= 2 && e.given[0] == w {
			if found != nil && found != e {
				return nil
			}
			found = e
		}
	}
	return found
}

// pickPerson finds the person a name mention refers to: among the people
// it fits, the one whose full name was written last before it; when none
// was, the only one it fits. full asks for a full-name match (given names
// must agree); otherwise a surname is enough.
func pickPerson(persons *people, m *mention, full bool) *entity {
	p := m.pos()
	var best, only *entity
	n := 0
	bestPos := int64(-1)
	for nd := persons.bySurname.list(last(m.given)).first; nd >= 0; nd = persons.bySurname.nodes[nd].next {
		e := persons.bySurname.nodes[nd].e
		if full && !compatible(e, m) {
			continue
		}
		n++
		only = e
		if q := e.namedBefore(p); q > bestPos {
			best, bestPos = e, q
		}
	}
	if best != nil {
		return best
	}
	if n == 1 {
		return only
	}
	return nil
}

// compatible reports whether a full name can be the same person as e:
// same surname, and given names that agree ("John F. Kerry" and "John
// Kerry"; "Vladimir Vladimirovich Putin" and "Vladimir Putin").
func compatible(e *entity, m *mention) bool {
	a := m.given[:len(m.given)-1]
	var b []string
	if len(e.given) > 0 {
		b = e.given[:len(e.given)-1]
	}
	if len(a) > 0 && len(b) > 0 {
		return subseq(a, b) || subseq(b, a)
	}
	if len(a) == 0 && m.initials != "" && len(b) > 0 && b[0][0] != m.initials[0] {
		return false
	}
	if len(b) == 0 && e.initials != "" && len(a) > 0 && a[0][0] != e.initials[0] {
		return false
	}
	return true
}

// subseq reports whether the names a appear in order among b.
func subseq(a, b []string) bool {
	j := 0
	for i := 0; i < len(b) && j < len(a); i++ {
		if sameName(a[j], b[i]) {
			j++
		}
	}
	return j == len(a)
}

// sameName compares given names, tolerating one letter of transliteration
// ("Hasan" and "Hassan", "Sergei" and "Sergey").
func sameName(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < 4 || len(b) < 4 || a[0] != b[0] {
		return false
	}
	return editOne(a, b)
}

// editOne reports whether a and b differ by one inserted, deleted or
// replaced byte.
func editOne(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// significantInitials returns the initials of a name's significant words,
// which an undefined acronym must match exactly.
func (r *resolver) significantInitials(name string) string {
	ks := &r.key
	ks.tokenize(name)
	var b [16]byte
	in := b[:0]
	for i, t := range ks.toks {
		f := ks.fold(i)
		if lex.class[string(f)]&(cConn|cParticle|cStop) != 0 || t.has(fHyphen) {
			continue
		}
		in = append(in, f[0])
	}
	return string(in)
}

// mergePrefixed joins "Foreign Ministry" into "Russian Foreign Ministry"
// when exactly one such longer name of the organization is in the article.
func (x *Extractor) mergePrefixed(r *resolver, orgByKey map[string]*entity) {
	variants := r.variants // core -> the longer names that have it
	for _, e := range r.ents {
		if e.kind != Organization || e.rule >= 0 || e.key == "" {
			continue
		}
		// The core: the key without its leading place words, but never
		// without its last word (strings.Fields and Join, for keys of
		// words split by single spaces).
		core := e.key
		if !singleSpaced(core) {
			words := strings.Fields(e.key)
			n := 0
			for n < len(words)-1 && x.isPlaceWord(words[n]) {
				n++
			}
			if n == 0 {
				continue
			}
			core = strings.Join(words[n:], " ")
		} else {
			for {
				w, rest, more := strings.Cut(core, " ")
				if !more || !x.isPlaceWord(w) {
					break
				}
				core = rest
			}
			if len(core) == len(e.key) {
				continue
			}
		}
		v := variants[core]
		v.long, v.n = e, v.n+1
		variants[core] = v
	}
	for core, v := range variants {
		bare := orgByKey[core]
		if bare == nil || v.n != 1 || bare == v.long || bare.rule >= 0 {
			continue
		}
		long := v.long
		for _, mt := range bare.ments {
			long.ments = append(long.ments, mt)
		}
		for _, f := range bare.forms {
			if !slices.Contains(long.forms, f) {
				long.forms = append(long.forms, f)
			}
		}
		if bare.first < long.first {
			long.first = bare.first
		}
		bare.ments = bare.ments[:0]
		orgByKey[core] = long
	}
}

// singleSpaced reports whether s is ASCII words split by single spaces,
// with no other white space.
func singleSpaced(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80 || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

// isPlaceWord reports a demonym or a one-word place name.
func (x *Extractor) isPlaceWord(w string) bool {
	if lex.class[w]&cDemonym != 0 {
		return true
	}
	r, end := x.names.match([]token{{flags: fCap | fAllCaps, nw: x.names.ids[w]}}, 0)
	return end > 0 && x.rules[r].Kind == Place
}
