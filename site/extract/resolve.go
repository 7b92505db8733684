package extract

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

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
	forms    []string
	roles    []string
	ments    []Mention
	named    []int64 // persons: where a full name was written
	first    int64
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
	bySurname map[string][]*entity
	byFirst   map[string][]*entity
}

func newPeople() *people {
	return &people{bySurname: map[string][]*entity{}, byFirst: map[string][]*entity{}}
}

// add indexes e, new or with a longer name than before (same surname,
// perhaps another first name).
func (pp *people) add(e *entity, isNew bool) {
	if isNew {
		pp.all = append(pp.all, e)
		pp.bySurname[e.surname] = append(pp.bySurname[e.surname], e)
	}
	if len(e.given) >= 2 && e.first1 != e.given[0] {
		e.first1 = e.given[0]
		pp.byFirst[e.first1] = append(pp.byFirst[e.first1], e)
	}
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
	slices.SortStableFunc(ms, func(p, q mention) int { return cmp.Compare(p.pos(), q.pos()) })

	var ents []*entity
	newEnt := func(kind Kind, rule int32, name string) *entity {
		e := &entity{kind: kind, rule: rule, name: name}
		ents = append(ents, e)
		return e
	}
	byRule := map[int32]*entity{}
	orgByKey := map[string]*entity{}
	defs := map[string]*entity{}         // acronym -> organization it abbreviates
	byInitials := map[string][]*entity{} // initials of discovered organizations
	persons := newPeople()

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
			e = newEnt(Person, -1, m.surface)
			e.rank = m.nparts
		}
		if e.rule < 0 && m.nparts > e.rank {
			e.name, e.rank = m.surface, m.nparts
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
		if m.lowHead && len(m.given) == 1 && len(persons.bySurname[m.given[0]]) > 0 {
			m.kind = mName
			continue
		}
		k := Key(m.surface)
		e := orgByKey[k]
		if e == nil {
			e = newEnt(Organization, -1, m.surface)
			e.key, e.rank = k, m.nparts
			orgByKey[k] = e
			if in := significantInitials(m.surface); len(in) >= 2 {
				byInitials[in] = append(byInitials[in], e)
			}
		} else if e.rule < 0 && m.nparts > e.rank {
			e.name, e.rank = m.surface, m.nparts
		}
		e.add(m)
		if m.alt != "" && !slices.Contains(e.forms, m.alt) {
			e.forms = append(e.forms, m.alt)
		}
		if m.acr != "" && defs[m.acr] == nil {
			defs[m.acr] = e
		}
	}
	x.mergePrefixed(ents, orgByKey)

	// Acronyms: defined ones join their expansion, others stand alone.
	for i := range ms {
		m := &ms[i]
		if m.kind != mAcronym {
			continue
		}
		f := foldToken(m.surface)
		e := defs[f]
		if e == nil {
			e = orgByKey[f]
		}
		if e == nil && len(byInitials[f]) == 1 {
			e = byInitials[f][0]
		}
		if e == nil {
			if m.weak {
				continue
			}
			e = newEnt(Organization, -1, m.surface)
			e.key, e.rank = f, 1
			orgByKey[f] = e
		}
		e.add(m)
	}
	for i := range ms {
		m := &ms[i]
		if m.kind == mOrg && m.weak {
			if e := orgByKey[Key(m.surface)]; e != nil {
				e.add(m)
			}
		}
	}

	// Single names: the person of that surname named last, or, failing that,
	// a new person when a title or a speech verb vouches for it.
	type group struct {
		ms       []*mention
		evidence bool
	}
	groups := map[string]*group{}
	var order []string
	// Names from title-case blocks join a person whole, or word by word.
	var singles []*mention
	var extra []mention
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
				extra = append(extra, mention{kind: mName, block: m.block, start: w.start, end: w.end,
					surface: text[m.block][w.start:w.end], given: []string{w.fold}, nparts: 1, weak: true,
					rule: -1, id: len(ms) + len(extra)})
			}
		}
	}
	for i := range extra {
		singles = append(singles, &extra[i])
	}
	slices.SortStableFunc(singles, func(p, q *mention) int { return cmp.Compare(p.pos(), q.pos()) })
	isPerson := make([]bool, len(ms)+len(extra)) // by mention id
	for i := range ms {
		m := &ms[i]
		if m.kind == mName && m.full() || m.kind == mRule && x.rules[m.rule].Kind == Person {
			isPerson[m.id] = m.kind == mRule || !m.weak && pickPerson(persons, m, true) != nil
		}
	}
	for _, m := range singles {
		sn := m.given[0]
		if len(persons.bySurname[sn]) > 0 {
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
		if e := orgByKey[Key(m.surface)]; e != nil && e.kind == Organization {
			e.add(m)
			continue
		}
		g := groups[sn]
		if g == nil {
			g = &group{}
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
	byID := make([]*mention, len(ms)+len(extra))
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
				e = newEnt(Person, -1, m.surface)
				e.rank, e.given, e.surname = m.nparts, m.given, sn
			} else if m.nparts > e.rank {
				e.name, e.rank = m.surface, m.nparts
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
		if o := orgByKey[Key(e.name)]; o != nil && o.kind == Organization && len(o.ments) > 0 {
			o.ments = append(o.ments, e.ments...)
			for _, f := range e.forms {
				if !slices.Contains(o.forms, f) {
					o.forms = append(o.forms, f)
				}
			}
			o.first = min(o.first, e.first)
			e.ments = nil
		}
	}
	return x.participants(ents, a, text)
}

// participants applies exclusions and hints and builds the output.
func (x *Extractor) participants(ents []*entity, a *article.Article, text []string) []Participant {
	excluded := func(k string) bool { return x.excluded[k] }
	anyExcluded := len(x.excluded) > 0 || len(a.Exclude) > 0
	if len(a.Exclude) > 0 {
		ex := map[string]bool{}
		for _, n := range a.Exclude {
			ex[Key(n)] = true
		}
		excluded = func(k string) bool { return x.excluded[k] || ex[k] }
	}
	out := make([]Participant, 0, len(ents))
	keys := map[string]bool{}
	for _, e := range ents {
		if len(e.ments) == 0 || e.kind == Place {
			continue
		}
		p := Participant{Name: e.name, Kind: e.kind, Roles: e.roles}
		if e.rule >= 0 {
			p.Key = x.ruleKey[e.rule]
		} else {
			p.Key = Key(e.name)
		}
		drop := excluded(p.Key)
		for _, f := range e.forms {
			if f != e.name {
				p.Aliases = append(p.Aliases, f)
			}
			drop = drop || anyExcluded && excluded(Key(f))
		}
		if drop || p.Key == "" {
			continue
		}
		slices.Sort(p.Aliases)
		p.Aliases = slices.Compact(p.Aliases)
		p.Mentions = e.ments
		slices.SortFunc(p.Mentions, func(a, b Mention) int {
			return cmp.Or(cmp.Compare(a.Block, b.Block), cmp.Compare(a.Start, b.Start))
		})
		if len(a.Participants) > 0 {
			keys[p.Key] = true
			for _, f := range p.Aliases {
				keys[Key(f)] = true
			}
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b Participant) int {
		return cmp.Or(cmp.Compare(a.Mentions[0].Block, b.Mentions[0].Block), cmp.Compare(a.Mentions[0].Start, b.Mentions[0].Start))
	})
	// Hints: names the article says are participants.
	for _, name := range a.Participants {
		k := Key(name)
		if k == "" || keys[k] || excluded(k) {
			continue
		}
		keys[k] = true
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
	toks := tokenize(name, nil)
	var m mention
	word := ""
	for i := range toks {
		t := &toks[i]
		if !t.has(fHyphen) && word != "" {
			m.given = append(m.given, word)
			word = ""
		}
		switch {
		case t.has(fInitial):
			m.initials += t.fold
		case lex.particle[t.fold] || lex.suffix[t.fold] || keyTitles[t.fold]:
		case word != "":
			word += "-" + t.fold
		default:
			word = t.fold
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
	for _, e := range pp.byFirst[w] {
		if len(e.given) >= 2 && e.given[0] == w {
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
	for _, e := range persons.bySurname[last(m.given)] {
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
func significantInitials(name string) string {
	toks := tokenize(name, nil)
	var b strings.Builder
	for _, t := range toks {
		if lex.class[t.fold]&(cConn|cParticle|cStop) != 0 || t.has(fHyphen) {
			continue
		}
		b.WriteByte(t.fold[0])
	}
	return b.String()
}

// mergePrefixed joins "Foreign Ministry" into "Russian Foreign Ministry"
// when exactly one such longer name of the organization is in the article.
func (x *Extractor) mergePrefixed(ents []*entity, orgByKey map[string]*entity) {
	variants := map[string][]*entity{}
	for _, e := range ents {
		if e.kind != Organization || e.rule >= 0 || e.key == "" {
			continue
		}
		words := strings.Fields(e.key)
		n := 0
		for n < len(words)-1 && x.isPlaceWord(words[n]) {
			n++
		}
		if n > 0 {
			core := strings.Join(words[n:], " ")
			variants[core] = append(variants[core], e)
		}
	}
	for core, vs := range variants {
		bare := orgByKey[core]
		if bare == nil || len(vs) != 1 || bare == vs[0] || bare.rule >= 0 {
			continue
		}
		long := vs[0]
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
		bare.ments = nil
		orgByKey[core] = long
	}
}

// isPlaceWord reports a demonym or a one-word place name.
func (x *Extractor) isPlaceWord(w string) bool {
	if lex.class[w]&cDemonym != 0 {
		return true
	}
	r, end := x.names.match([]token{{fold: w, flags: fCap | fAllCaps}}, 0)
	return end > 0 && x.rules[r].Kind == Place
}
