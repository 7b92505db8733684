package check

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"briefing/site/build"
	"briefing/site/config"
	"briefing/site/index"
	"briefing/site/pages"
	"briefing/site/slug"
)

// contentFindings checks the articles, participants and topics of the site.
func contentFindings(res *build.Result, router pages.Router) []Finding {
	if res.Site == nil {
		return nil
	}
	var out []Finding
	for _, a := range res.Site.Articles {
		out = append(out, articleFindings(a)...)
	}
	out = append(out, participantFindings(res.Site.Participants, router)...)
	out = append(out, topicFindings(res.Site.Topics)...)
	return out
}

// articleFindings checks one article: a title and a body are required, a
// date and a source expected.
func articleFindings(a *index.Article) []Finding {
	var out []Finding
	add := func(warning bool, msg string) {
		out = append(out, Finding{Path: a.Path, Message: msg, Warning: warning})
	}
	if strings.TrimSpace(a.Title) == "" {
		add(false, "article has no title")
	}
	if len(a.Blocks) == 0 && strings.TrimSpace(string(a.HTML)) == "" {
		add(false, "article has no body")
	}
	if a.Date.IsZero() {
		add(true, "article has no date")
	}
	if strings.TrimSpace(a.Source) == "" {
		add(true, "article has no source")
	}
	return out
}

// participantSlug is the slug the index gives a participant before making
// it unique: that of its folding key.
func participantSlug(p *index.Participant) string {
	if s := slug.Make(p.Key); s != "" {
		return s
	}
	return "participant"
}

// participantFindings finds the participants that did not get the slug of
// their name because another one had it: two names folding to one slug.
// Each is reported at the first article it appears in, with the names it
// collided with and the numbered URL it got.
func participantFindings(ps []*index.Participant, router pages.Router) []Finding {
	byBase := map[string][]*index.Participant{}
	byID := map[string]*index.Participant{}
	for _, p := range ps {
		b := participantSlug(p)
		byBase[b] = append(byBase[b], p)
		byID[p.ID] = p
	}
	var out []Finding
	for _, p := range ps {
		base := participantSlug(p)
		if p.ID == base {
			continue
		}
		var names []string
		for _, q := range byBase[base] {
			names = append(names, strconv.Quote(q.Name))
		}
		if q := byID[base]; q != nil && participantSlug(q) != base {
			names = append(names, strconv.Quote(q.Name)) // base is another one's numbered slug
		}
		slices.Sort(names)
		path := config.FileName
		if len(p.Articles) > 0 && p.Articles[0].Article != nil {
			path = p.Articles[0].Article.Path
		}
		out = append(out, Finding{Path: path, Message: fmt.Sprintf("participants %s fold to one slug %q; %q is at %s",
			joinNames(names), base, p.Name, router.Href(router.Path(pages.Participant, p.ID)))})
	}
	return out
}

// topicFindings reports topics whose names fold to one slug: they read as
// one topic listed twice.
func topicFindings(ts []*index.Topic) []Finding {
	byBase := map[string][]*index.Topic{}
	var bases []string
	for _, t := range ts {
		b := slug.Make(t.Name)
		if b == "" {
			continue
		}
		if byBase[b] == nil {
			bases = append(bases, b)
		}
		byBase[b] = append(byBase[b], t)
	}
	var out []Finding
	for _, b := range bases {
		group := byBase[b]
		if len(group) < 2 {
			continue
		}
		var names []string
		for _, t := range group {
			names = append(names, fmt.Sprintf("%q (id %s)", t.Name, t.ID))
		}
		out = append(out, Finding{Path: config.FileName, Message: fmt.Sprintf("topics %s fold to one slug %q", joinNames(names), b)})
	}
	return out
}

// joinNames joins names as "a, b and c".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
