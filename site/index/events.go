package index

import (
	"cmp"
	"slices"
	"strings"

	"briefing/site/dates"
	"briefing/site/events"
)

// attachQuotes gives articles their quotes and speakers the quotes they said.
func attachQuotes(arts []*Article, inputs []Input, byKey []map[string]*Appearance) {
	for i, in := range inputs {
		a := arts[i]
		for _, q := range in.Annotations.Quotes {
			// A quote that ran into its attribution ("…," he said) ends on a comma.
			quote := &Quote{Text: strings.TrimRight(q.Text, ", "), Article: a}
			if app := byKey[i][q.Speaker]; q.Speaker != "" && app != nil {
				quote.Speaker = app.Participant
				app.Participant.Quotes = append(app.Participant.Quotes, quote)
			}
			a.Quotes = append(a.Quotes, quote)
		}
	}
}

// groupEvents groups the articles that report the same event (package
// events) and links each article to its event.
func groupEvents(arts []*Article, inputs []Input) []*Event {
	docs := make([]events.Doc, len(arts))
	for i, a := range arts {
		d := events.Doc{ID: a.ID, Title: a.Title, Text: a.Text(), Date: a.Date}
		for _, app := range a.Participants {
			d.Participants = append(d.Participants, app.Participant.ID)
		}
		for _, m := range inputs[i].Dates {
			if !m.Date.IsZero() && m.Precision == dates.Day {
				d.Dates = append(d.Dates, m.Date)
			}
		}
		docs[i] = d
	}
	groups := events.Group(docs, events.Options{})
	out := make([]*Event, len(groups))
	for k, g := range groups {
		e := &Event{Index: k, ID: g.ID, Title: g.Title, Date: g.Date}
		for _, i := range g.Docs {
			e.Articles = append(e.Articles, arts[i])
			arts[i].Event = e
		}
		out[k] = e
	}
	return out
}

// timeline collects the resolved dates the articles state, oldest first,
// each with the sentences that state it, in site article order. Weeks and unresolved dates are left
// out: a timeline only holds what it can place.
func timeline(arts []*Article, inputs []Input) []*Moment {
	type key struct {
		date string
		prec dates.Precision
	}
	moments := map[key]*Moment{}
	for i, in := range inputs {
		seen := map[string]bool{}
		for _, m := range in.Dates {
			if m.Date.IsZero() || m.Precision == dates.Week {
				continue
			}
			k := key{m.Date.Format("2006-01-02"), m.Precision}
			if seen[k.date+m.Sentence] {
				continue
			}
			seen[k.date+m.Sentence] = true
			mo := moments[k]
			if mo == nil {
				mo = &Moment{Date: m.Date, Precision: m.Precision}
				moments[k] = mo
			}
			mo.Statements = append(mo.Statements, &Statement{Text: m.Sentence, Phrase: m.Text, Article: arts[i]})
		}
	}
	out := make([]*Moment, 0, len(moments))
	for _, mo := range moments {
		out = append(out, mo)
	}
	// Oldest first; a coarser date (March 2011) before the days within it.
	slices.SortFunc(out, func(a, b *Moment) int {
		return cmp.Or(a.Date.Compare(b.Date), -cmp.Compare(a.Precision, b.Precision))
	})
	return out
}
