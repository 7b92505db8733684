package corpus

import (
	"strconv"
	"strings"
	"time"
)

// slot identifies what fills a {slot} in a template.
type slot uint8

const (
	lit slot = iota
	// people
	sLead
	sOther2
	sA
	sB
	sSpeaker
	sLeadPoss
	sOther2Poss
	sAPoss
	sSpeakerPoss
	sHe
	sHis
	sLeadShort
	sOther2Short
	sLeadFormal
	sOther2Formal
	sLeadName
	sOther2Name
	sAnyPerson
	sLeadCountry
	sLeadAdj
	// organizations
	sOrg
	sOrgOther
	sOrgMonitor
	sOrgGroup
	sOrgGroupLabel
	sOrgLabel
	sOrgFormal
	// places
	sX
	sXAdj
	sXPoss
	sXCity
	sXCap
	sK
	sKAdj
	sKPoss
	sKCap
	sK2
	sK2Adj
	sVenue
	sCity2
	sAnyCity
	// time
	sDay
	sWeekday
	sDate
	sMonthYear
	sAgo
	sNext
	sCapDate
	// numbers
	sNum
	sSmall
	sN
	sNDays
	sPct
	sMoney
	sNation
	sOrd
	sHours
	// phrases
	sIssue
	sMeeting
	sIncident
	sDemand
	sGoal
	sCharge
	sConcern
	sQuote
	sPartial
)

var slotNames = map[string]slot{
	"1": sLead, "2": sOther2, "a": sA, "b": sB, "S": sSpeaker,
	"1's": sLeadPoss, "2's": sOther2Poss, "a's": sAPoss, "S's": sSpeakerPoss,
	"he": sHe, "his": sHis, "1s": sLeadShort, "2s": sOther2Short, "1f": sLeadFormal, "2f": sOther2Formal,
	"1n": sLeadName, "2n": sOther2Name, "PP": sAnyPerson, "1c": sLeadCountry, "1a": sLeadAdj,
	"O": sOrg, "o": sOrgOther, "M": sOrgMonitor, "G": sOrgGroup, "Gl": sOrgGroupLabel, "Ol": sOrgLabel, "Of": sOrgFormal,
	"X": sX, "Xa": sXAdj, "X's": sXPoss, "Xc": sXCity, "Xcap": sXCap,
	"K": sK, "Ka": sKAdj, "K's": sKPoss, "Kcap": sKCap, "k": sK2, "ka": sK2Adj,
	"C": sVenue, "C2": sCity2, "CC": sAnyCity,
	"day": sDay, "wd": sWeekday, "date": sDate, "my": sMonthYear, "ago": sAgo, "next": sNext, "capdate": sCapDate,
	"num": sNum, "small": sSmall, "n": sN, "ndays": sNDays, "pct": sPct, "money": sMoney, "nation": sNation, "ord": sOrd, "hours": sHours,
	"issue": sIssue, "meeting": sMeeting, "incident": sIncident, "demand": sDemand, "goal": sGoal, "charge": sCharge,
	"concern": sConcern, "Q": sQuote, "q": sPartial,
}

type seg struct {
	lit  string
	slot slot
}

// tmpl is a parsed template; id indexes the per-article record of templates
// already used.
type tmpl struct {
	id   int
	segs []seg
}

var numTemplates int

func compile(src []string) []*tmpl {
	ts := make([]*tmpl, len(src))
	for i, s := range src {
		t := &tmpl{id: numTemplates}
		numTemplates++
		for s != "" {
			j := strings.IndexByte(s, '{')
			if j < 0 {
				t.segs = append(t.segs, seg{lit: s})
				break
			}
			if j > 0 {
				t.segs = append(t.segs, seg{lit: s[:j]})
			}
			k := strings.IndexByte(s[j:], '}')
			name := s[j+1 : j+k]
			sl, ok := slotNames[name]
			if !ok {
				panic("corpus: unknown slot {" + name + "} in " + src[i])
			}
			t.segs = append(t.segs, seg{slot: sl})
			s = s[j+k+1:]
		}
		ts[i] = t
	}
	return ts
}

func compileTopics(src [numTopics][]string) (out [numTopics][]*tmpl) {
	for i := range src {
		out[i] = compile(src[i])
	}
	return out
}

var (
	tHeadlines     = compileTopics(headlines)
	tNameHeadlines = compile(nameHeadlines)
	tClauses       = compile(clauses)
	tDecks         = compile(decks)
	tCaptions      = compile(captions)
	tLedes         = compileTopics(ledes)
	tBodies        = compileTopics(bodies)
	tBackground    = compile(background)
	tQuotes        = compile(quotes)
	tPartials      = compile(partials)
	tAttributions  = compile(attributions)
	tFollowUps     = compile(followUps)
	tSubheads      = compile(subheads)
	tIssues        = compileTopics(issues)
	tGenericIssues = compile(genericIssues)
	tMeetings      = compile(meetings)
	tIncidents     = compile(incidents)
	tDemands       = compile(demands)
	tGoals         = compile(goals)
	tCharges       = compile(charges)
	tConcerns      = compile(concerns)
)

// choose picks a template from pool, one not used yet in this article if
// there is one.
func (g *gen) choose(pool []*tmpl) *tmpl {
	if t := g.chooseUnused(pool); t != nil {
		return t
	}
	return pool[g.r.IntN(len(pool))]
}

// chooseUnused picks a template from pool not used yet in this article, or
// returns nil.
func (g *gen) chooseUnused(pool []*tmpl) *tmpl {
	i := g.r.IntN(len(pool))
	for j := range pool {
		t := pool[(i+j)%len(pool)]
		if g.used[t.id/64]&(1<<(t.id%64)) == 0 {
			g.used[t.id/64] |= 1 << (t.id % 64)
			return t
		}
	}
	return nil
}

// sentence expands t into g.par with fresh per-sentence choices.
func (g *gen) sentence(t *tmpl) {
	g.a, g.b, g.k, g.k2, g.o = -1, -1, -1, -1, -1
	g.expand(t)
}

// expand writes t into g.par; a slot opening the template is capitalized.
func (g *gen) expand(t *tmpl) {
	for i, s := range t.segs {
		if s.slot == lit {
			g.par = append(g.par, s.lit...)
			continue
		}
		at := len(g.par)
		g.fill(s.slot)
		if i == 0 && at < len(g.par) && g.par[at] >= 'a' && g.par[at] <= 'z' {
			g.par[at] -= 'a' - 'A'
		}
	}
}

func (g *gen) str(s string) { g.par = append(g.par, s...) }

func (g *gen) fill(s slot) {
	w, r, p := g.w, g.r, &g.p
	switch s {
	case sLead, sLeadPoss:
		g.mention(0)
	case sOther2, sOther2Poss:
		g.mention(1)
	case sA, sAPoss:
		if g.a < 0 {
			g.a = g.other(-1)
		}
		g.mention(g.a)
	case sB:
		if g.b < 0 {
			g.b = g.other(g.a)
		}
		g.mention(g.b)
	case sSpeaker, sSpeakerPoss:
		g.mention(g.speaker)
	case sHe, sHis:
		female := w.people[p.cast[g.last]].female
		switch {
		case s == sHe && female:
			g.str("she")
		case s == sHe:
			g.str("he")
		case female:
			g.str("her")
		default:
			g.str("his")
		}
	case sLeadShort:
		g.str(w.people[p.cast[0]].short)
	case sOther2Short:
		g.str(w.people[p.cast[1]].short)
	case sLeadFormal:
		g.str(w.people[p.cast[0]].formal)
	case sOther2Formal:
		g.str(w.people[p.cast[1]].formal)
	case sLeadName:
		g.str(w.people[p.cast[0]].full)
	case sOther2Name:
		g.str(w.people[p.cast[1]].full)
	case sAnyPerson:
		g.str(w.people[draw(r, w.personCum)].short)
	case sLeadCountry, sLeadAdj:
		c := w.people[p.cast[0]].country
		if c < 0 || c == p.x {
			c = p.ks[0]
		}
		if s == sLeadCountry {
			g.str(w.countries[c].name)
		} else {
			g.str(w.countries[c].adj)
		}

	case sOrg:
		g.mentionOrg(0)
	case sOrgOther:
		if g.o < 0 {
			g.o = 1 + r.IntN(p.nOrgs-1)
			for i := 1; i < p.nOrgs && g.orgSeen[g.o] > 0; i++ {
				g.o = 1 + (g.o % (p.nOrgs - 1))
			}
		}
		g.mentionOrg(g.o)
	case sOrgMonitor:
		g.mentionOrg(1)
	case sOrgGroup, sOrgGroupLabel:
		i := 0
		for j, o := range p.orgs[:p.nOrgs] {
			if w.orgs[o].kind == 'g' {
				i = j
				break
			}
		}
		if o := &w.orgs[p.orgs[i]]; s == sOrgGroupLabel {
			g.str(o.label)
		} else {
			g.mentionOrg(i)
		}
	case sOrgLabel:
		g.str(w.orgs[p.orgs[0]].label)
	case sOrgFormal:
		g.str(w.orgs[p.orgs[0]].name)

	case sX:
		g.str(w.countries[p.x].name)
	case sXAdj:
		g.str(w.countries[p.x].adj)
	case sXPoss:
		g.str(w.countries[p.x].poss)
	case sXCity:
		g.str(p.xCity)
	case sXCap:
		g.str(w.countries[p.x].capital)
	case sK, sKAdj, sKPoss, sKCap:
		if g.k < 0 {
			g.k = g.pickK(-1)
		}
		c := &w.countries[g.k]
		switch s {
		case sK:
			g.str(c.name)
		case sKAdj:
			g.str(c.adj)
		case sKPoss:
			g.str(c.poss)
		default:
			g.str(c.capital)
		}
	case sK2, sK2Adj:
		if g.k2 < 0 {
			g.k2 = g.pickK(g.k)
		}
		if s == sK2 {
			g.str(w.countries[g.k2].name)
		} else {
			g.str(w.countries[g.k2].adj)
		}
	case sVenue:
		g.str(w.cities[p.venue].name)
	case sCity2:
		g.str(w.cities[p.city2].name)
	case sAnyCity:
		g.str(w.cities[r.IntN(len(w.cities))].name)

	case sDay:
		if g.chance(70) {
			g.str("on ")
		}
		g.str(g.weekday())
	case sWeekday:
		g.str(g.weekday())
	case sDate:
		g.str(time.Month(1 + r.IntN(12)).String())
		g.par = append(g.par, ' ')
		g.par = strconv.AppendInt(g.par, int64(1+r.IntN(28)), 10)
	case sMonthYear:
		g.monthYear()
	case sAgo:
		switch v := r.IntN(8); v {
		case 0:
			g.str("in ")
			g.monthYear()
		case 1:
			g.str("last ")
			g.str(time.Month(1 + r.IntN(12)).String())
		default:
			g.str(agoPhrases[v])
		}
	case sNext:
		switch v := r.IntN(7); v {
		case 0:
			g.str("on ")
			g.fill(sDate)
		default:
			g.str(nextPhrases[v])
		}
	case sCapDate:
		m, d := p.month.String(), int64(1+r.IntN(28))
		if g.chance(70) {
			g.str(m)
			g.par = append(g.par, ' ')
			g.par = strconv.AppendInt(g.par, d, 10)
			g.str(", ")
		} else {
			g.par = strconv.AppendInt(g.par, d, 10)
			g.par = append(g.par, ' ')
			g.str(m)
			g.par = append(g.par, ' ')
		}
		g.par = strconv.AppendInt(g.par, int64(p.year), 10)

	case sNum:
		g.thousands(1 + r.IntN(480))
	case sSmall:
		g.par = strconv.AppendInt(g.par, int64(3+r.IntN(60)), 10)
	case sN:
		g.str(smallWords[r.IntN(len(smallWords))])
	case sNDays:
		g.str(smallWords[r.IntN(4)])
		g.str("-day")
	case sPct:
		g.par = strconv.AppendInt(g.par, int64(3+r.IntN(38)), 10)
		g.str(" percent")
	case sMoney:
		if g.chance(60) {
			g.par = append(g.par, '$')
			g.par = strconv.AppendInt(g.par, int64(1+r.IntN(40)), 10)
			g.par = append(g.par, '.')
			g.par = strconv.AppendInt(g.par, int64(1+r.IntN(9)), 10)
			g.str(" billion")
		} else {
			g.str("€")
			g.par = strconv.AppendInt(g.par, int64(100+r.IntN(9)*100), 10)
			g.str(" million")
		}
	case sNation:
		g.par = strconv.AppendInt(g.par, int64(9+r.IntN(20)), 10)
		g.str("-nation")
	case sOrd:
		g.str(ordinals[r.IntN(len(ordinals))])
	case sHours:
		g.str(hourPhrases[r.IntN(len(hourPhrases))])

	case sIssue:
		if g.chance(60) {
			g.expand(g.choose(tIssues[p.topic]))
		} else {
			g.expand(g.choose(tGenericIssues))
		}
	case sMeeting:
		g.expand(g.choose(tMeetings))
	case sIncident:
		g.expand(g.choose(tIncidents))
	case sDemand:
		g.expand(g.choose(tDemands))
	case sGoal:
		g.expand(g.choose(tGoals))
	case sCharge:
		g.expand(g.choose(tCharges))
	case sConcern:
		g.expand(g.choose(tConcerns))
	case sQuote:
		g.expand(g.choose(tQuotes))
	case sPartial:
		g.expand(g.choose(tPartials))
	}
	if s == sLeadPoss || s == sOther2Poss || s == sAPoss || s == sSpeakerPoss {
		g.str("'s")
	}
}

var (
	agoPhrases  = []string{"", "", "last week", "last month", "earlier this month", "last year", "late last year", "earlier this year"}
	nextPhrases = []string{"", "next week", "later this month", "before the end of the year", "in the coming days", "early next month", "next month"}
	smallWords  = []string{"two", "three", "four", "five", "six", "seven", "eight", "nine"}
	ordinals    = []string{"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"}
	hourPhrases = []string{"nearly three hours", "more than two hours", "about four hours", "five hours", "an hour and a half"}
	months3     = []string{"Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"}
)

func (g *gen) weekday() string {
	if g.chance(50) {
		return g.p.weekday.String()
	}
	return time.Weekday(1 + g.r.IntN(5)).String()
}

func (g *gen) monthYear() {
	g.str(time.Month(1 + g.r.IntN(12)).String())
	g.par = append(g.par, ' ')
	g.par = strconv.AppendInt(g.par, int64(g.p.year-1-g.r.IntN(5)), 10)
}

// thousands writes n thousand with a thousands separator: 90 -> "90,000".
func (g *gen) thousands(n int) {
	g.par = strconv.AppendInt(g.par, int64(n), 10)
	g.str(",000")
}

// other picks a cast member besides the lead and the counterpart (and not
// avoid), preferring one not mentioned yet.
func (g *gen) other(avoid int) int {
	n := g.p.nCast
	if n <= 3 && avoid == 2 {
		return 1 // only three people: {b} falls back on the counterpart
	}
	i := 2 + g.r.IntN(n-2)
	for j := 0; j < n-2; j++ {
		c := 2 + (i-2+j)%(n-2)
		if c != avoid && g.seen[c] == 0 {
			return c
		}
	}
	for i == avoid {
		i = 2 + g.r.IntN(n-2)
	}
	return i
}

func (g *gen) pickK(avoid int) int {
	for {
		k := g.p.ks[g.r.IntN(g.p.nK)]
		if k != avoid {
			return k
		}
	}
}

// mention names the person at cast position i: in full with a title the
// first time, shorter afterwards.
func (g *gen) mention(i int) {
	pe := &g.w.people[g.p.cast[i]]
	if g.seen[i] == 0 {
		g.str(pe.first[g.r.IntN(len(pe.first))])
	} else {
		g.str(pe.later[g.r.IntN(len(pe.later))])
	}
	if g.seen[i] < 255 {
		g.seen[i]++
	}
	g.last = i
}

// mentionOrg names the organization at position i: in full, acronym
// defined in parentheses, the first time.
func (g *gen) mentionOrg(i int) {
	o := &g.w.orgs[g.p.orgs[i]]
	if g.orgSeen[i] == 0 {
		g.str(o.name)
		if o.acr != "" {
			g.str(" (")
			g.str(o.acr)
			g.par = append(g.par, ')')
		}
	} else if g.r.IntN(3) == 0 {
		g.str(o.name)
	} else {
		g.str(o.later)
	}
	g.orgSeen[i] = 1
}
