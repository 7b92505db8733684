package index

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefing/site/extract"
	"briefing/site/slug"
)

// group collects one participant's appearances while merging.
type group struct {
	key      string
	kind     map[extract.Kind]int
	forms    map[string]int // every surface form, with how often it was the article's display name
	apps     []*Appearance
	roles    []Role
	mentions int
}

// mergeParticipants merges the articles' participants by folding key. A
// person known in some article only by surname joins the one person of the
// site with that surname; when two people share it, it stays apart rather
// than guess.
//
// byKey receives, per article, the appearance each extraction key became,
// so that what extraction says of a key (quotes) finds its participant.
func mergeParticipants(arts []*Article, inputs []Input, byKey []map[string]*Appearance) []*Participant {
	groups := map[string]*group{}
	var keys []string
	get := func(key string) *group {
		g, ok := groups[key]
		if !ok {
			g = &group{key: key, kind: map[extract.Kind]int{}, forms: map[string]int{}}
			groups[key] = g
			keys = append(keys, key)
		}
		return g
	}
	variants := map[extract.Kind]map[string]string{
		extract.Person:       keyVariants(inputs, extract.Person, personBuckets, givenNamesAgree),
		extract.Organization: keyVariants(inputs, extract.Organization, orgBuckets, oneWordVariant),
	}
	// Surnames of multi-token person keys, to resolve surname-only keys.
	bySurname := map[string][]string{}
	for _, in := range inputs {
		for _, p := range in.Annotations.Participants {
			if p.Kind != extract.Person {
				continue
			}
			key := cmp.Or(variants[p.Kind][p.Key], p.Key)
			if sn := extract.Surname(key); sn != "" && sn != key {
				if !slices.Contains(bySurname[sn], key) {
					bySurname[sn] = append(bySurname[sn], key)
				}
			}
		}
	}
	for i, in := range inputs {
		a := arts[i]
		text := a.Text()
		seenInArticle := map[string]*Appearance{}
		for _, p := range in.Annotations.Participants {
			key := cmp.Or(variants[p.Kind][p.Key], p.Key)
			if p.Kind == extract.Person && !strings.Contains(key, " ") {
				if full := bySurname[key]; len(full) == 1 {
					key = full[0]
				}
			}
			g := get(key)
			g.kind[p.Kind] += len(p.Mentions) + 1
			g.forms[p.Name]++ // one vote per article that shows this form
			for _, al := range p.Aliases {
				if _, ok := g.forms[al]; !ok {
					g.forms[al] = 0
				}
			}
			g.mentions += len(p.Mentions)
			app := seenInArticle[key]
			if app == nil {
				app = &Appearance{Article: a}
				seenInArticle[key] = app
				g.apps = append(g.apps, app)
			}
			byKey[i][p.Key] = app
			app.Mentions += len(p.Mentions)
			for _, r := range p.Roles {
				if slices.Contains(app.Roles, r) {
					continue
				}
				app.Roles = append(app.Roles, r)
				if k := slices.IndexFunc(g.roles, func(x Role) bool { return x.Title == r }); k >= 0 {
					g.roles[k].Articles++
				} else {
					g.roles = append(g.roles, Role{Title: r, Article: a, Articles: 1})
				}
			}
			if app.Snippet.Match == "" {
				app.Snippet = snippetFor(text, p.Mentions)
			}
		}
	}

	out := make([]*Participant, 0, len(keys))
	for _, key := range keys {
		g := groups[key]
		p := &Participant{Key: key, Kind: majorityKind(g.kind), Mentions: g.mentions, Roles: g.roles}
		p.Name, p.Aliases = chooseName(key, g.forms)
		p.Articles = g.apps
		for _, app := range g.apps {
			app.Participant = p
		}
		out = append(out, p)
	}
	// Stable order before slugs are handed out, so collisions resolve the same way every time.
	slices.SortFunc(out, func(a, b *Participant) int {
		return cmp.Or(strings.Compare(a.Key, b.Key), strings.Compare(string(a.Kind), string(b.Kind)))
	})
	used := map[string]bool{}
	for _, p := range out {
		base := slug.Make(p.Key)
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
	slices.SortFunc(out, func(a, b *Participant) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.ID, b.ID))
	})
	// Attach appearances to their articles in order of first mention.
	byArticle := map[*Article][]*Appearance{}
	for _, p := range out {
		for _, app := range p.Articles {
			byArticle[app.Article] = append(byArticle[app.Article], app)
		}
	}
	for _, a := range arts {
		apps := byArticle[a]
		slices.SortStableFunc(apps, func(x, y *Appearance) int {
			return cmp.Or(compareMention(firstMention(x), firstMention(y)), strings.Compare(x.Participant.ID, y.Participant.ID))
		})
		a.Participants = apps
	}
	return out
}

// firstMention returns where an appearance's snippet came from, for ordering.
func firstMention(a *Appearance) [2]int { return a.Snippet.at }

func compareMention(a, b [2]int) int {
	return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
}

func majorityKind(votes map[extract.Kind]int) extract.Kind {
	best, bestN := extract.Kind(""), -1
	for _, k := range []extract.Kind{extract.Person, extract.Organization, extract.Place} {
		if votes[k] > bestN {
			best, bestN = k, votes[k]
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
func chooseName(key string, forms map[string]int) (string, []string) {
	names := make([]string, 0, len(forms))
	canonical := map[string]bool{}
	for f := range forms {
		names = append(names, f)
		canonical[f] = extract.Key(f) == key
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(
			-compareBool(canonical[a], canonical[b]),
			-cmp.Compare(forms[a], forms[b]),
			-cmp.Compare(countRunes(a, unicode.IsLetter), countRunes(b, unicode.IsLetter)),
			cmp.Compare(strings.Count(a, " "), strings.Count(b, " ")),
			cmp.Compare(countRunes(a, unicode.IsUpper), countRunes(b, unicode.IsUpper)),
			strings.Compare(a, b))
	})
	aliases := names[1:]
	slices.Sort(aliases)
	return names[0], slices.Clip(aliases)
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

// snippetFor cuts about 200 characters of context around the first mention,
// preferring the body to the headline.
func snippetFor(text []string, ms []extract.Mention) Snippet {
	if len(ms) == 0 {
		return Snippet{at: [2]int{1 << 30, 0}}
	}
	m := ms[0]
	for _, x := range ms {
		if x.Block > 0 {
			m = x
			break
		}
	}
	if m.Block < 0 || m.Block >= len(text) {
		return Snippet{at: [2]int{1 << 30, 0}}
	}
	s := text[m.Block]
	if m.Start < 0 || m.End > len(s) || m.Start > m.End {
		return Snippet{at: [2]int{m.Block, m.Start}}
	}
	const radius = 100
	from, to := m.Start-radius, m.End+radius
	before, after := "", ""
	if from <= 0 {
		from = 0
	} else {
		from = cutAtSpace(s, from, true)
		before = "…"
	}
	if to >= len(s) {
		to = len(s)
	} else {
		to = cutAtSpace(s, to, false)
		after = "…"
	}
	first := ms[0]
	return Snippet{
		Before: before + s[from:m.Start],
		Match:  s[m.Start:m.End],
		After:  s[m.End:to] + after,
		at:     [2]int{first.Block, first.Start},
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
	articles := map[string]map[int]bool{} // key -> articles naming it
	for i, in := range inputs {
		for _, p := range in.Annotations.Participants {
			if p.Kind != kind || !strings.Contains(p.Key, " ") {
				continue
			}
			if articles[p.Key] == nil {
				articles[p.Key] = map[int]bool{}
			}
			articles[p.Key][i] = true
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

func shareArticle(a, b map[int]bool) bool {
	for i := range a {
		if b[i] {
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
