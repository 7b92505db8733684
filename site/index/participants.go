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
func mergeParticipants(arts []*Article, inputs []Input) []*Participant {
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
	// Surnames of multi-token person keys, to resolve surname-only keys.
	bySurname := map[string][]string{}
	for _, in := range inputs {
		for _, p := range in.Annotations.Participants {
			if p.Kind != extract.Person {
				continue
			}
			if sn := extract.Surname(p.Key); sn != "" && sn != p.Key {
				if !slices.Contains(bySurname[sn], p.Key) {
					bySurname[sn] = append(bySurname[sn], p.Key)
				}
			}
		}
	}
	for i, in := range inputs {
		a := arts[i]
		text := a.Text()
		seenInArticle := map[string]*Appearance{}
		for _, p := range in.Annotations.Participants {
			key := p.Key
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
			app.Mentions += len(p.Mentions)
			for _, r := range p.Roles {
				if !slices.Contains(app.Roles, r) {
					app.Roles = append(app.Roles, r)
					g.roles = append(g.roles, Role{Title: r, Article: a})
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
