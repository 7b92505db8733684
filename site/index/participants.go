package index

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefing/site/extract"
	"briefing/site/parallel"
	"briefing/site/slug"
)

// group collects one participant's appearances while merging.
type group struct {
	key      string
	slots    []int32 // the appearances, by index in merger.slab
	roles    []Role
	votes    [len(kinds)]int
	forms    []form         // every surface form, with how often it was the article's display name
	formAt   map[string]int // index of forms, once there are many
	mentions int
}

// form is a surface form of a participant's name and the number of
// articles that show it as their display name.
type form struct {
	name     string
	articles int
}

// manyForms is how many forms a group looks through one by one.
const manyForms = 16

// addForm counts n more articles showing name.
func (g *group) addForm(name string, n int) {
	if g.formAt != nil {
		if k, ok := g.formAt[name]; ok {
			g.forms[k].articles += n
			return
		}
	} else {
		for k := range g.forms {
			if g.forms[k].name == name {
				g.forms[k].articles += n
				return
			}
		}
	}
	g.forms = append(g.forms, form{name, n})
	switch {
	case g.formAt != nil:
		g.formAt[name] = len(g.forms) - 1
	case len(g.forms) > manyForms:
		g.formAt = make(map[string]int, 2*len(g.forms))
		for k, f := range g.forms {
			g.formAt[f.name] = k
		}
	}
}

// add counts an annotation participant of one of the group's appearances.
func (g *group) add(p *extract.Participant) {
	if x := kindIndex(p.Kind); x >= 0 {
		g.votes[x] += len(p.Mentions) + 1
	}
	g.addForm(p.Name, 1) // one vote per article that shows this form
	for _, al := range p.Aliases {
		g.addForm(al, 0)
	}
	g.mentions += len(p.Mentions)
}

// kinds are the kinds a participant may be, in order of precedence.
var kinds = [...]extract.Kind{extract.Person, extract.Organization, extract.Place}

// speakerIndex finds the appearance that an extraction key became in an
// article, so that what extraction says of a key (quotes) finds its
// participant.
type speakerIndex struct {
	apps []*Appearance // by participant of each article's annotations, from from
	from []int         // by article
}

// find returns the appearance that key became in article i, or nil. When
// the annotations list a key twice, the last one counts.
func (x speakerIndex) find(inputs []Input, i int, key string) *Appearance {
	ps := inputs[i].Annotations.Participants
	apps := x.apps[x.from[i]:x.from[i+1]]
	for k := len(ps) - 1; k >= 0; k-- {
		if ps[k].Key == key {
			return apps[k]
		}
	}
	return nil
}

// merger holds the articles' appearances while they are merged into
// participants. Article i's annotation participants have the indexes
// from[i] to from[i+1] in keys, owner and speakers; its appearances are
// the first napps[i] of slab[from[i]:from[i+1]], in order of the
// annotations, with their keys in appKeys.
type merger struct {
	inputs   []Input
	from     []int
	keys     []string // by annotation participant: the key it merges under
	owner    []int32  // by annotation participant: its appearance's index in slab
	speakers speakerIndex
	slab     []Appearance
	appKeys  []string
	napps    []int
}

// mergeParticipants merges the articles' participants by folding key. A
// person known in some article only by surname joins the one person of the
// site with that surname; when two people share it, it stays apart rather
// than guess.
//
// Each article's appearances are found on all CPUs, then merged into
// participants in site article order. The speaker index it returns maps
// each extraction key of an article to its appearance.
func mergeParticipants(arts []*Article, inputs []Input, workers int) ([]*Participant, speakerIndex) {
	r := newResolver(inputs, workers)
	from := make([]int, len(inputs)+1)
	for i, in := range inputs {
		from[i+1] = from[i] + len(in.Annotations.Participants)
	}
	n := from[len(inputs)]
	m := &merger{
		inputs:   inputs,
		from:     from,
		keys:     make([]string, n),
		owner:    make([]int32, n),
		speakers: speakerIndex{apps: make([]*Appearance, n), from: from},
		slab:     make([]Appearance, n),
		appKeys:  make([]string, n),
		napps:    make([]int, len(inputs)),
	}
	parallel.Chunks(workers, len(inputs), 64, func(_, lo, hi int) {
		var cuts []cut
		for i := lo; i < hi; i++ {
			cuts = m.appearances(arts[i], i, r, cuts)
		}
	})

	groups := map[string]*group{}
	var order []*group
	var local []*group // by appearance of the article at hand: its group
	for i, in := range inputs {
		first := from[i]
		local = local[:0]
		for k := range in.Annotations.Participants {
			j := m.owner[first+k]
			if int(j)-first == len(local) { // a new appearance
				key := m.appKeys[j]
				g := groups[key]
				if g == nil {
					g = &group{key: key}
					groups[key] = g
					order = append(order, g)
				}
				g.slots = append(g.slots, j)
				g.addRoles(&m.slab[j])
				local = append(local, g)
			}
			local[int(j)-first].add(&in.Annotations.Participants[k])
		}
	}
	out := m.participants(order, workers)
	m.attach(arts, workers)
	return out, m.speakers
}

// kindIndex returns the place of k in kinds, or -1.
func kindIndex(k extract.Kind) int {
	for x, kk := range kinds {
		if k == kk {
			return x
		}
	}
	return -1
}

// addRoles counts the roles of app, an appearance new to the group.
func (g *group) addRoles(app *Appearance) {
	for _, r := range app.Roles {
		if k := slices.IndexFunc(g.roles, func(x Role) bool { return x.Title == r }); k >= 0 {
			g.roles[k].Articles++
		} else {
			g.roles = append(g.roles, Role{Title: r, Article: app.Article, Articles: 1})
		}
	}
}

// resolver maps extraction keys to the keys participants merge under.
type resolver struct {
	variants  [len(kinds)]map[string]string // by kind: key variant -> the key it merges into
	bySurname map[string][]string           // surname -> the multi-token person keys that have it
}

func newResolver(inputs []Input, workers int) *resolver {
	r := &resolver{}
	parallel.Chunks(workers, 2, 1, func(_, lo, _ int) {
		if lo == 0 {
			r.variants[0] = keyVariants(inputs, extract.Person, personBuckets, givenNamesAgree)
		} else {
			r.variants[1] = keyVariants(inputs, extract.Organization, orgBuckets, oneWordVariant)
		}
	})
	// Surnames of multi-token person keys, to resolve surname-only keys.
	r.bySurname = map[string][]string{}
	surnames := map[string]string{} // key -> its surname, as computed
	for _, in := range inputs {
		for _, p := range in.Annotations.Participants {
			if p.Kind != extract.Person {
				continue
			}
			key := cmp.Or(r.variants[0][p.Key], p.Key)
			sn, ok := surnames[key]
			if !ok {
				sn = extract.Surname(key)
				surnames[key] = sn
			}
			if sn != "" && sn != key {
				if !slices.Contains(r.bySurname[sn], key) {
					r.bySurname[sn] = append(r.bySurname[sn], key)
				}
			}
		}
	}
	return r
}

// key returns the key participant p merges under.
func (r *resolver) key(p *extract.Participant) string {
	key := p.Key
	if x := kindIndex(p.Kind); x >= 0 {
		key = cmp.Or(r.variants[x][p.Key], p.Key)
	}
	if p.Kind == extract.Person && !strings.Contains(key, " ") {
		if full := r.bySurname[key]; len(full) == 1 {
			key = full[0]
		}
	}
	return key
}

// appearances finds article i's appearances, one per merged key, in
// order of its annotations. It returns cuts, its scratch memory.
func (m *merger) appearances(a *Article, i int, r *resolver, cuts []cut) []cut {
	ps := m.inputs[i].Annotations.Participants
	first := m.from[i]
	keys, apps := m.keys[first:first+len(ps)], m.speakers.apps[first:first+len(ps)]
	owner := m.owner[first : first+len(ps)]
	cuts = slices.Grow(cuts[:0], len(ps))[:len(ps)] // by appearance: its snippet
	var text []string
	n := 0
	for k := range ps {
		p := &ps[k]
		key := r.key(p)
		keys[k] = key
		var app *Appearance
		for x := range k {
			if keys[x] == key {
				app, owner[k] = apps[x], owner[x]
				break
			}
		}
		if app == nil {
			app = &m.slab[first+n]
			app.Article = a
			m.appKeys[first+n] = key
			owner[k] = int32(first + n)
			cuts[n] = cut{}
			n++
		}
		apps[k] = app
		app.Mentions += len(p.Mentions)
		for _, role := range p.Roles {
			if !slices.Contains(app.Roles, role) {
				app.Roles = append(app.Roles, role)
			}
		}
		if c := &cuts[owner[k]-int32(first)]; !c.matched() {
			if text == nil {
				text = a.Text()
			}
			*c = cutSnippet(text, p.Mentions)
		}
	}
	m.napps[i] = n
	snippets(text, cuts[:n], m.slab[first:first+n])
	return cuts
}

// participants makes the merged groups participants, sorted by name, with
// unique slugs.
func (m *merger) participants(groups []*group, workers int) []*Participant {
	slab := make([]Participant, len(groups))
	out := make([]*Participant, len(groups))
	parallel.Chunks(workers, len(groups), 256, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			p := &slab[k]
			m.participant(groups[k], p)
			out[k] = p
		}
	})
	// Stable order before slugs are handed out, so collisions resolve the same way every time.
	slices.SortFunc(out, func(a, b *Participant) int {
		return cmp.Or(strings.Compare(a.Key, b.Key), strings.Compare(string(a.Kind), string(b.Kind)))
	})
	used := make(map[string]bool, len(out))
	for _, p := range out {
		base := p.ID
		if base == "" {
			base = "participant"
		}
		id := base
		for n := 2; used[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[id] = true
		p.ID = id
	}
	slices.SortFunc(out, compareNames)
	for k, p := range out {
		p.idx = k
	}
	return out
}

// participant sets p from group g, and the base of its slug in ID.
func (m *merger) participant(g *group, p *Participant) {
	apps := make([]*Appearance, len(g.slots))
	for k, j := range g.slots {
		apps[k] = &m.slab[j]
		apps[k].Participant = p
	}
	*p = Participant{Key: g.key, Kind: majorityKind(g.votes), Mentions: g.mentions, Roles: g.roles, Articles: apps}
	p.Name, p.Aliases = chooseName(g.key, g.forms)
	p.fold = strings.ToLower(p.Name)
	p.ID = slug.Make(p.Key)
}

// attach gives each article its appearances, in order of first mention.
func (m *merger) attach(arts []*Article, workers int) {
	ptrs := make([]*Appearance, len(m.slab))
	parallel.Chunks(workers, len(arts), 64, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			first, n := m.from[i], m.napps[i]
			if n == 0 {
				arts[i].Participants = nil
				continue
			}
			apps := ptrs[first : first+n : first+n]
			for k := range apps {
				apps[k] = &m.slab[first+k]
			}
			slices.SortFunc(apps, func(x, y *Appearance) int {
				return cmp.Or(compareMention(firstMention(x), firstMention(y)), strings.Compare(x.Participant.ID, y.Participant.ID))
			})
			arts[i].Participants = apps
		}
	})
}

// firstMention returns where an appearance's snippet came from, for ordering.
func firstMention(a *Appearance) [2]int { return a.Snippet.at }

func compareMention(a, b [2]int) int {
	return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
}

// majorityKind returns the kind with the most votes, the first of kinds
// on a tie.
func majorityKind(votes [len(kinds)]int) extract.Kind {
	best, bestN := extract.Kind(""), -1
	for x, k := range kinds {
		if votes[x] > bestN {
			best, bestN = k, votes[x]
		}
	}
	return best
}

// chooseName picks the display name of a participant from the forms seen:
// a form that folds to the participant's key (the canonical name of a known
// organization, say) before any other; then the form most articles used as
// their display name; then the most complete (most letters), the one that
// joins particles ("al-Assad" over "al Assad") and the one in ordinary case
// ("Daesh" over "DAESH"); byte order breaks the last ties. The other forms
// become aliases.
func chooseName(key string, forms []form) (string, []string) {
	type candidate struct {
		name                     string
		canonical                bool
		articles                 int
		letters, spaces, capital int
	}
	cs := make([]candidate, len(forms))
	for k, f := range forms {
		cs[k] = candidate{f.name, extract.Key(f.name) == key, f.articles,
			countRunes(f.name, unicode.IsLetter), strings.Count(f.name, " "), countRunes(f.name, unicode.IsUpper)}
	}
	slices.SortFunc(cs, func(a, b candidate) int {
		return cmp.Or(
			-compareBool(a.canonical, b.canonical),
			-cmp.Compare(a.articles, b.articles),
			-cmp.Compare(a.letters, b.letters),
			cmp.Compare(a.spaces, b.spaces),
			cmp.Compare(a.capital, b.capital),
			strings.Compare(a.name, b.name))
	})
	aliases := make([]string, len(cs)-1)
	for k, c := range cs[1:] {
		aliases[k] = c.name
	}
	slices.Sort(aliases)
	return cs[0].name, aliases
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func countRunes(s string, pred func(rune) bool) int {
	n := 0
	for _, r := range s {
		if pred(r) {
			n++
		}
	}
	return n
}

// cut is where a snippet lies before its strings are made: the match
// s[start:end] of the block s = text[block], the context from from to to
// around it, and whether that was cut short before and after.
type cut struct {
	found                bool // the block and offsets are set
	block                int
	from, start, end, to int
	early, late          bool
	at                   [2]int
}

// matched reports whether the snippet has a match to show.
func (c *cut) matched() bool { return c.found && c.start < c.end }

// cutSnippet cuts about 200 characters of context around the first
// mention, preferring the body to the headline.
func cutSnippet(text []string, ms []extract.Mention) cut {
	if len(ms) == 0 {
		return cut{at: [2]int{1 << 30, 0}}
	}
	m := ms[0]
	for _, x := range ms {
		if x.Block > 0 {
			m = x
			break
		}
	}
	if m.Block < 0 || m.Block >= len(text) {
		return cut{at: [2]int{1 << 30, 0}}
	}
	s := text[m.Block]
	if m.Start < 0 || m.End > len(s) || m.Start > m.End {
		return cut{at: [2]int{m.Block, m.Start}}
	}
	const radius = 100
	c := cut{found: true, block: m.Block, from: m.Start - radius, start: m.Start, end: m.End, to: m.End + radius}
	if c.from <= 0 {
		c.from = 0
	} else {
		c.from, c.early = cutAtSpace(s, c.from, true), true
	}
	if c.to >= len(s) {
		c.to = len(s)
	} else {
		c.to, c.late = cutAtSpace(s, c.to, false), true
	}
	first := ms[0]
	c.at = [2]int{first.Block, first.Start}
	return c
}

// ellipsis marks where a snippet was cut short.
const ellipsis = "…"

// snippets sets the snippets of apps from their cuts. The pieces that
// take an ellipsis share one string; the others are the text's own.
func snippets(text []string, cuts []cut, apps []Appearance) {
	size := 0
	for _, c := range cuts {
		if c.early {
			size += len(ellipsis) + c.start - c.from
		}
		if c.late {
			size += c.to - c.end + len(ellipsis)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, c := range cuts {
		if c.early {
			b.WriteString(ellipsis)
			b.WriteString(text[c.block][c.from:c.start])
		}
		if c.late {
			b.WriteString(text[c.block][c.end:c.to])
			b.WriteString(ellipsis)
		}
	}
	// The pieces, in the order written.
	pieces := b.String()
	at := 0
	for k, c := range cuts {
		sn := Snippet{at: c.at}
		if c.found {
			s := text[c.block]
			sn.Before, sn.Match, sn.After = s[c.from:c.start], s[c.start:c.end], s[c.end:c.to]
			if c.early {
				n := len(ellipsis) + c.start - c.from
				sn.Before, at = pieces[at:at+n], at+n
			}
			if c.late {
				n := c.to - c.end + len(ellipsis)
				sn.After, at = pieces[at:at+n], at+n
			}
		}
		apps[k].Snippet = sn
	}
}

// cutAtSpace moves i to a word boundary: forward when leading, back when
// trailing; without a space nearby, to the closest rune boundary.
func cutAtSpace(s string, i int, leading bool) int {
	if leading {
		if j := strings.IndexByte(s[i:], ' '); j >= 0 && j < 30 {
			return i + j + 1
		}
	} else if j := strings.LastIndexByte(s[:i], ' '); j >= 0 && i-j < 30 {
		return j
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// keyVariants finds keys of one kind that name one participant differently
// in different articles and maps each to the key the most articles use.
// Keys that share a bucket are compared with agree; two keys merge when they
// agree and no article names both, which would mean the text itself told
// them apart. People: transliterations (Sergei / Sergey / Sergueï Lavrov)
// and initials (J. Kerry). Organizations: a country for its adjective
// (International Syrian / Syria Support Group).
func keyVariants(inputs []Input, kind extract.Kind, buckets func(key string) []string, agree func(a, b string) bool) map[string]string {
	articles := map[string][]int32{} // key -> articles naming it, ascending
	for i, in := range inputs {
		for _, p := range in.Annotations.Participants {
			if p.Kind != kind || !strings.Contains(p.Key, " ") {
				continue
			}
			if as := articles[p.Key]; len(as) == 0 || as[len(as)-1] != int32(i) {
				articles[p.Key] = append(as, int32(i))
			}
		}
	}
	byBucket := map[string][]string{}
	for key := range articles {
		for _, b := range buckets(key) {
			byBucket[b] = append(byBucket[b], key)
		}
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(k string) string {
		if p, ok := parent[k]; ok && p != k {
			root := find(p)
			parent[k] = root
			return root
		}
		return k
	}
	const maxBucket = 64 // a very common surname is not worth the pairwise look
	for _, keys := range byBucket {
		if len(keys) < 2 || len(keys) > maxBucket {
			continue
		}
		slices.Sort(keys)
		for i, a := range keys {
			for _, b := range keys[i+1:] {
				if agree(a, b) && !shareArticle(articles[a], articles[b]) {
					ra, rb := find(a), find(b)
					if ra != rb {
						parent[rb] = ra
					}
				}
			}
		}
	}
	// Each merged set takes the key most articles use, then one without
	// initials, then the first in byte order.
	members := map[string][]string{}
	for key := range parent {
		root := find(key)
		members[root] = append(members[root], key)
	}
	out := map[string]string{}
	for root, ks := range members {
		if !slices.Contains(ks, root) {
			ks = append(ks, root)
		}
		best := slices.MinFunc(ks, func(x, y string) int {
			return cmp.Or(-cmp.Compare(len(articles[x]), len(articles[y])),
				compareBool(hasInitial(x), hasInitial(y)), strings.Compare(x, y))
		})
		for _, k := range ks {
			if k != best {
				out[k] = best
			}
		}
	}
	return out
}

// personBuckets puts a person key with the others of its surname.
func personBuckets(key string) []string {
	if sn := extract.Surname(key); sn != "" {
		return []string{sn}
	}
	return nil
}

// orgBuckets puts an organization key of three or more words with the keys
// that equal it but for the start of one word.
func orgBuckets(key string) []string {
	toks := strings.Fields(key)
	if len(toks) < 3 {
		return nil
	}
	out := make([]string, 0, len(toks))
	for i, t := range toks {
		if len(t) < 4 {
			continue
		}
		masked := slices.Clone(toks)
		masked[i] = t[:4] + "*"
		out = append(out, strings.Join(masked, " "))
	}
	return out
}

// oneWordVariant reports whether two organization keys differ in one word
// only, and there as a country and its adjective do (syria / syrian,
// ukraine / ukrainian, iran / iranian): the words share all but their last
// three letters at most.
func oneWordVariant(a, b string) bool {
	ta, tb := strings.Fields(a), strings.Fields(b)
	if len(ta) != len(tb) {
		return false
	}
	diff := -1
	for i := range ta {
		if ta[i] != tb[i] {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	if diff < 0 {
		return false
	}
	x, y := ta[diff], tb[diff]
	n := 0
	for n < len(x) && n < len(y) && x[n] == y[n] {
		n++
	}
	return n >= 4 && max(len(x), len(y))-n <= 3
}

// shareArticle reports whether two ascending lists of articles share one.
func shareArticle(a, b []int32) bool {
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			return true
		}
	}
	return false
}

// givenNamesAgree compares the given names of two person keys with the same
// surname: word by word, each pair must have the same consonant skeleton
// (sergei, sergey, serguei → srg) or one must be the other's initial.
func givenNamesAgree(a, b string) bool {
	ga, gb := givenNames(a), givenNames(b)
	if len(ga) == 0 || len(gb) == 0 {
		return false
	}
	// Compare the first given names, and the rest where both have them
	// (a middle name or initial may be missing on one side).
	for i := 0; i < min(len(ga), len(gb)); i++ {
		x, y := ga[i], gb[i]
		if len(x) == 1 || len(y) == 1 {
			if x[0] != y[0] {
				return false
			}
			continue
		}
		if skeleton(x) != skeleton(y) {
			return false
		}
	}
	return true
}

// givenNames returns the words of a key before its surname and particles.
func givenNames(key string) []string {
	toks := strings.Fields(key)
	sn := extract.Surname(key)
	for i, t := range toks {
		if t == sn {
			toks = toks[:i]
			break
		}
	}
	// Drop particles that stood before the surname ("bashar al" -> "bashar").
	for len(toks) > 1 && len(toks[len(toks)-1]) <= 3 {
		toks = toks[:len(toks)-1]
	}
	return toks
}

// skeleton keeps a word's first letter and its consonants, with doubled
// letters collapsed and y counted as a vowel: the part of a name that
// survives transliteration.
func skeleton(w string) string {
	var b strings.Builder
	var last rune
	for i, r := range w {
		if i > 0 && strings.ContainsRune("aeiouy", r) {
			continue
		}
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

func hasInitial(key string) bool {
	return slices.ContainsFunc(givenNames(key), func(w string) bool { return len(w) == 1 })
}
