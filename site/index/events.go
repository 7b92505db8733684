package index

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"briefing/site/dates"
	"briefing/site/events"
)

// attachQuotes gives articles their quotes and speakers the quotes they said.
func attachQuotes(arts []*Article, inputs []Input, speakers speakerIndex) {
	for i, in := range inputs {
		qs := in.Annotations.Quotes
		if len(qs) == 0 {
			continue
		}
		a := arts[i]
		slab := make([]Quote, len(qs))
		a.Quotes = make([]*Quote, len(qs))
		for k, q := range qs {
			// A quote that ran into its attribution ("…," he said) ends on a comma.
			quote := &slab[k]
			*quote = Quote{Text: strings.TrimRight(q.Text, ", "), Article: a}
			if q.Speaker != "" {
				if app := speakers.find(inputs, i, q.Speaker); app != nil {
					quote.Speaker = app.Participant
					app.Participant.Quotes = append(app.Participant.Quotes, quote)
				}
			}
			a.Quotes[k] = quote
		}
	}
}

// eventDocs describes the articles as package events groups them, but
// for their participants: see eventParticipants.
func eventDocs(arts []*Article, inputs []Input) []events.Doc {
	docs := make([]events.Doc, len(arts))
	for i, a := range arts {
		d := events.Doc{ID: a.ID, Title: a.Title, Text: a.Text(), Date: a.Date}
		for _, m := range inputs[i].Dates {
			if !m.Date.IsZero() && m.Precision == dates.Day {
				d.Dates = append(d.Dates, m.Date)
			}
		}
		// What dates.Find says of the text, so that events need not ask.
		d.Mentions = inputs[i].Dates
		if d.Mentions == nil {
			d.Mentions = []dates.Mention{}
		}
		docs[i] = d
	}
	return docs
}

// eventParticipants returns the ids of each article's participants: the
// participant keys package events groups it by.
func eventParticipants(arts []*Article) [][]string {
	n := 0
	for _, a := range arts {
		n += len(a.Participants)
	}
	ids := make([]string, 0, n)
	out := make([][]string, len(arts))
	for i, a := range arts {
		if len(a.Participants) == 0 {
			continue
		}
		from := len(ids)
		for _, app := range a.Participants {
			ids = append(ids, app.Participant.ID)
		}
		out[i] = ids[from:len(ids):len(ids)]
	}
	return out
}

// linkEvents makes the groups found by package events the site's events
// and links each article to its event.
func linkEvents(arts []*Article, groups []events.Event) []*Event {
	slab := make([]Event, len(groups))
	members := make([]*Article, len(arts))
	out := make([]*Event, len(groups))
	at := 0
	for k, g := range groups {
		e := &slab[k]
		*e = Event{Index: k, ID: g.ID, Title: g.Title, Date: g.Date}
		e.Articles = members[at : at+len(g.Docs) : at+len(g.Docs)]
		at += len(g.Docs)
		for x, i := range g.Docs {
			e.Articles[x] = arts[i]
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
	type date struct {
		year  int
		month time.Month
		day   int
	}
	type key struct {
		date
		prec dates.Precision
	}
	type said struct {
		date
		sentence string
	}
	moments := map[key]*Moment{}
	out := []*Moment{}
	var seen []said
	for i, in := range inputs {
		seen = seen[:0]
		for _, m := range in.Dates {
			if m.Date.IsZero() || m.Precision == dates.Week {
				continue
			}
			var d date
			d.year, d.month, d.day = m.Date.Date()
			if slices.Contains(seen, said{d, m.Sentence}) {
				continue
			}
			seen = append(seen, said{d, m.Sentence})
			k := key{d, m.Precision}
			mo := moments[k]
			if mo == nil {
				mo = &Moment{Date: m.Date, Precision: m.Precision}
				moments[k] = mo
				out = append(out, mo)
			}
			mo.Statements = append(mo.Statements, &Statement{Text: m.Sentence, Phrase: m.Text, Article: arts[i]})
		}
	}
	// Oldest first; a coarser date (March 2011) before the days within it.
	slices.SortFunc(out, func(a, b *Moment) int {
		return cmp.Or(a.Date.Compare(b.Date), -cmp.Compare(a.Precision, b.Precision))
	})
	return out
}
