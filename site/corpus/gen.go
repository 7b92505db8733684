package corpus

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	maxCast = 12
	maxOrgs = 6
)

// plan is what an article is about: drawn first, from the article's own
// random stream, so that its headline can be made before its body.
type plan struct {
	topic   int
	cast    [maxCast]int32 // people; cast[0] leads, cast[1] is the counterpart
	nCast   int
	orgs    [maxOrgs]int16 // orgs[0] leads, orgs[1] monitors, orgs[2] fights in a conflict
	nOrgs   int
	x       int    // the country in crisis
	xCity   string // a city there
	ks      [4]int // other countries involved
	nK      int
	venue   int // city of the meeting
	city2   int // another city
	year    int
	month   time.Month
	weekday time.Weekday
	outlet  int
}

// gen writes articles. One gen per goroutine; it reuses its buffers.
type gen struct {
	w   *world
	src *rand.PCG
	r   *rand.Rand
	p   plan

	buf  []byte // the article
	par  []byte // the paragraph being written
	used [(1 << 10) / 64]uint64

	seen    [maxCast]uint8 // mentions so far, by cast position
	orgSeen [maxOrgs]uint8
	last    int // cast position of the person mentioned last
	speaker int

	paras, quotes int // body paragraphs and quotes in the article written last

	// Choices held for one sentence.
	a, b, k, k2, o int
}

func newGen(w *world) *gen {
	g := &gen{w: w, src: rand.NewPCG(0, 0)}
	g.r = rand.New(g.src)
	g.buf = make([]byte, 0, 8<<10)
	g.par = make([]byte, 0, 2<<10)
	return g
}

// seed starts article i's random stream.
func (g *gen) seed(seed int64, i int) {
	g.src.Seed(mix(uint64(seed)^0xa17c1e), mix(uint64(i)^mix(uint64(seed))))
}

func (g *gen) chance(pct int) bool { return g.r.IntN(100) < pct }

// makePlan draws the article's topic, cast, organizations, places and date.
func (g *gen) makePlan() {
	w, r, p := g.w, g.r, &g.p
	*p = plan{topic: r.IntN(numTopics)}
	p.nCast = 3 + r.IntN(maxCast-2)
	for n := 0; n < p.nCast; {
		c := int32(draw(r, w.personCum))
		dup := false
		for _, d := range p.cast[:n] {
			dup = dup || d == c
		}
		if !dup {
			p.cast[n] = c
			n++
		}
	}
	// Organizations: one to lead, one to monitor or count, an armed group
	// when there is fighting, then any.
	p.nOrgs = 2 + r.IntN(maxOrgs-1)
	p.orgs[0] = int16(w.orgLead[draw(r, w.leadCum)])
	n := 1
	for !addOrgAt(p, n, w.orgMonitor[draw(r, w.monitorCum)]) {
	}
	n++
	if p.topic == topicConflict {
		for !addOrgAt(p, n, w.orgGroup[draw(r, w.groupCum)]) {
		}
		n++
		p.nOrgs = max(p.nOrgs, 3)
	}
	for n < p.nOrgs {
		if addOrgAt(p, n, w.orgAny[draw(r, w.anyCum)]) {
			n++
		}
	}

	p.x = w.crisis[draw(r, w.crisisCum)]
	xc := w.countries[p.x].cities
	p.xCity = xc[0]
	if len(xc) > 1 {
		p.xCity = xc[1+r.IntN(len(xc)-1)]
	}
	// Other countries: those of the lead and the counterpart, then others.
	for _, pi := range p.cast[:2] {
		g.addCountry(w.people[pi].country)
	}
	for p.nK < 3 {
		g.addCountry(draw(r, w.countryCum))
	}
	switch v := r.IntN(100); {
	case v < 35 && w.people[p.cast[0]].country >= 0:
		p.venue = g.capitalOf(w.people[p.cast[0]].country)
	case v < 50 && w.people[p.cast[1]].country >= 0:
		p.venue = g.capitalOf(w.people[p.cast[1]].country)
	default:
		p.venue = w.venues[draw(r, w.venueCum)]
	}
	for p.city2 = r.IntN(len(w.cities)); p.city2 == p.venue; p.city2 = r.IntN(len(w.cities)) {
	}
	p.year = 2011 + r.IntN(14)
	p.month = time.Month(1 + r.IntN(12))
	p.weekday = time.Date(p.year, p.month, 1+r.IntN(28), 12, 0, 0, 0, time.UTC).Weekday()
	p.outlet = r.IntN(len(outlets))
}

func addOrgAt(p *plan, n, o int) bool {
	for _, d := range p.orgs[:n] {
		if int(d) == o {
			return false
		}
	}
	p.orgs[n] = int16(o)
	return true
}

func (g *gen) addCountry(c int) {
	p := &g.p
	if c < 0 || c == p.x || p.nK == len(p.ks) {
		return
	}
	for _, k := range p.ks[:p.nK] {
		if k == c {
			return
		}
	}
	p.ks[p.nK] = c
	p.nK++
}

func (g *gen) capitalOf(c int) int {
	for i, ct := range g.w.cities {
		if ct.country == c {
			return i
		}
	}
	return 0
}

// headline writes into g.par the article's headline as drawn from its plan.
func (g *gen) headline() {
	g.resetState()
	g.par = g.par[:0]
	if g.chance(3) {
		g.sentence(tNameHeadlines[g.r.IntN(len(tNameHeadlines))])
	} else {
		pool := tHeadlines[g.p.topic]
		g.sentence(pool[g.r.IntN(len(pool))])
	}
}

// clause writes a distinguishing clause for a headline, into g.par.
func (g *gen) clause() {
	g.sentence(tClauses[g.r.IntN(len(tClauses))])
}

func (g *gen) resetState() {
	g.used = [len(g.used)]uint64{}
	g.seen = [maxCast]uint8{}
	g.orgSeen = [maxOrgs]uint8{}
	g.last, g.speaker = 0, 0
}

// Quotation styles of an article.
const (
	straight = iota
	curly
	mixed // paragraph by paragraph: straight, curly, or straight opening and curly closing
)

// article writes the clipping with the given (unique) headline. The plan
// and the headline draw must have been made already.
func (g *gen) article(headline string) []byte {
	for attempt := 0; ; attempt++ {
		g.write(headline)
		if n := len(g.buf); n >= minBytes && n <= maxBytes || attempt == 50 {
			return g.buf
		}
	}
}

// Size bounds of a clipping.
const (
	minBytes = 2 << 10
	maxBytes = 6 << 10
)

func (g *gen) write(headline string) {
	r, p := g.r, &g.p
	g.resetState()
	g.buf = append(g.buf[:0], headline...)
	g.buf = append(g.buf, '\n')
	quoting := straight
	if v := r.IntN(100); v >= 50 {
		quoting = curly
		if v >= 85 {
			quoting = mixed
		}
	}
	nbsp := g.chance(15)

	// The head: a credit glued to the repeated headline, a deck, a caption.
	caption := r.IntN(100)
	if caption < 12 && gluable(headline) {
		g.buf = append(g.buf, headline...)
		g.buf = append(g.buf, agencies[r.IntN(3)]...)
		g.buf = append(g.buf, " photo\n"...)
		caption = 100
	}
	g.buf = append(g.buf, '\n')
	if g.chance(12) {
		g.par = g.par[:0]
		g.sentence(g.choose(tDecks))
		g.buf = append(g.buf, g.par...)
		g.buf = append(g.buf, "\n\n"...)
	}
	if caption < 72 {
		g.writeCaption(caption)
	}

	// Paragraphs of one or two sentences, mostly, as on news sites.
	nPara := 8 + r.IntN(18)
	target := min(max(nPara*(150+r.IntN(110)), 2300), 5800) - len(g.buf) - 150
	per := max(target/nPara, 80)

	var quoted uint32 // paragraphs that carry a quote
	g.paras, g.quotes = nPara, 1+r.IntN(4)
	for nq := g.quotes; nq > 0; {
		if i := 1 + r.IntN(nPara-1); quoted&(1<<i) == 0 {
			quoted |= 1 << i
			nq--
		}
	}
	subhead := -1
	if nPara >= 10 && g.chance(12) {
		subhead = nPara/2 + r.IntN(nPara/2-1)
	}
	for i := range nPara {
		if i > 0 {
			g.buf = append(g.buf, "\n\n"...)
		}
		if i == subhead {
			g.par = g.par[:0]
			g.sentence(g.choose(tSubheads))
			g.buf = append(g.buf, g.par...)
			g.buf = append(g.buf, "\n\n"...)
		}
		g.par = g.par[:0]
		switch {
		case i == 0:
			if g.chance(45) {
				g.dateline()
			}
			g.sentence(g.choose(tLedes[p.topic]))
		case quoted&(1<<i) != 0:
			if quoted&(1<<(i-1)) != 0 && g.chance(70) {
				g.last = g.speaker // "he added"
				g.sentence(g.choose(tFollowUps))
			} else {
				if g.chance(25) {
					g.bodySentence()
					g.par = append(g.par, ' ')
				}
				g.speaker = 0
				if v := r.IntN(4); v == 2 {
					g.speaker = 1
				} else if v == 3 {
					g.speaker = g.other(-1)
				}
				g.sentence(g.choose(tAttributions))
			}
			g.last = g.speaker
		default:
			limit := per * (70 + r.IntN(60)) / 100
			for n := 0; n < 4 && (n == 0 || len(g.par) < limit); n++ {
				if n > 0 {
					g.par = append(g.par, ' ')
				}
				g.bodySentence()
			}
		}
		g.emit(quoting, nbsp)
	}
	g.writeTail()
	if g.chance(35) {
		g.buf = append(g.buf, '\n')
	}
}

func (g *gen) bodySentence() {
	first, second := tBodies[g.p.topic], tBackground
	if g.chance(45) {
		first, second = second, first
	}
	t := g.chooseUnused(first)
	if t == nil {
		t = g.choose(second)
	}
	g.sentence(t)
}

// gluable reports whether a photo credit can be glued to the headline, as
// in "John KerryAFP photo": a short headline ending in a small letter.
func gluable(h string) bool {
	r, _ := utf8.DecodeLastRuneInString(h)
	return len(h) <= 80 && r >= 'a' && r <= 'z' && !strings.ContainsAny(h, ".!?:")
}

func (g *gen) writeCaption(style int) {
	r := g.r
	ag := agencies[r.IntN(len(agencies))]
	g.par = g.par[:0]
	g.sentence(g.choose(tCaptions))
	capt := g.par
	b := g.buf
	switch {
	case style < 30: // "Photo by: AGENCY", sometimes twice, then the caption
		credit := "Photo by: " + ag + "\n"
		if r.IntN(2) == 0 {
			credit = "Photo: " + ag + "\n"
		}
		b = append(b, credit...)
		if r.IntN(2) == 0 {
			b = append(b, credit...)
		}
		b = append(b, '\n')
		b = append(b, capt...)
	case style < 45: // "caption. PHOTO: AGENCY"
		b = append(b, capt...)
		b = append(b, " PHOTO: "...)
		b = append(b, strings.ToUpper(ag)...)
	case style < 58: // "caption. (AGENCY Photo)"
		b = append(b, capt...)
		b = append(b, " ("...)
		b = append(b, ag...)
		b = append(b, " Photo)"...)
	case style < 66: // caption, then "AGENCY/Photographer" on its own line
		b = append(b, capt...)
		b = append(b, '\n')
		b = append(b, strings.ToUpper(agencies[r.IntN(2)])...)
		b = append(b, '/')
		if r.IntN(2) == 0 {
			b = append(b, photoAgencies[r.IntN(len(photoAgencies))]...)
		} else {
			b = append(b, g.reporter(false)...)
		}
	default: // "caption (File photo)"
		b = append(b, capt[:len(capt)-1]...)
		b = append(b, " (File photo)"...)
	}
	g.buf = append(b, "\n\n"...)
}

// dateline opens the first paragraph: "MOSCOW (AFP) - ", "MOSCOW- ",
// "PARIS, Dec 3 (Reuters) - ", "GENEVA — ", "ANKARA: ".
func (g *gen) dateline() {
	r, p := g.r, &g.p
	place := g.w.cities[p.venue].name
	if p.topic == topicConflict {
		place = p.xCity
	}
	g.str(strings.ToUpper(place))
	ag := agencies[r.IntN(5)]
	switch r.IntN(5) {
	case 0, 1:
		g.str(" (" + ag + ") - ")
	case 2:
		g.str("- ")
	case 3:
		g.str(", " + months3[p.month-1] + " ")
		g.par = strconv.AppendInt(g.par, int64(1+r.IntN(28)), 10)
		g.str(" (" + ag + ") - ")
	default:
		if r.IntN(2) == 0 {
			g.str(" — ")
		} else {
			g.str(": ")
		}
	}
}

// reporter returns a reporter's name, in full or as a byline ("J. Okafor").
func (g *gen) reporter(byline bool) string {
	r := g.w.reporters[g.r.IntN(len(g.w.reporters))]
	if byline {
		return r[1]
	}
	return r[0]
}

// writeTail appends zero to three lines of the outlet's page furniture.
func (g *gen) writeTail() {
	r := g.r
	o := &outlets[g.p.outlet]
	n := [...]int{0, 1, 1, 1, 2, 2, 3, 3}[r.IntN(8)]
	n = min(n, len(o.tail))
	if n == 0 {
		return
	}
	g.buf = append(g.buf, "\n\n"...)
	if g.chance(15) {
		g.buf = append(g.buf, '\n')
	}
	first := r.IntN(len(o.tail))
	for j := range n {
		if j > 0 {
			if g.chance(30) {
				g.buf = append(g.buf, '\n')
			} else {
				g.buf = append(g.buf, "\n\n"...)
			}
		}
		line := o.tail[(first+j)%len(o.tail)]
		for line != "" {
			i := strings.IndexByte(line, '%')
			if i < 0 || i == len(line)-1 {
				g.buf = append(g.buf, line...)
				break
			}
			g.buf = append(g.buf, line[:i]...)
			switch line[i+1] {
			case 'n':
				g.buf = append(g.buf, o.name...)
			case 's':
				g.buf = append(g.buf, o.short...)
			case 'd':
				g.buf = append(g.buf, o.domain...)
			case 'r':
				g.buf = append(g.buf, g.reporter(true)...)
			}
			line = line[i+2:]
		}
	}
}

// emit appends g.par to the article in the article's quotation style, with
// no-break spaces sprinkled in when nbsp is set, as text pasted from a web
// page has them.
func (g *gen) emit(quoting int, nbsp bool) {
	if quoting == mixed {
		quoting = g.r.IntN(3) // straight, curly, or half: straight opening, curly closing
		if quoting == 2 {
			quoting = -1
		}
	}
	if quoting == straight && !nbsp {
		g.buf = append(g.buf, g.par...)
		return
	}
	b, par := g.buf, g.par
	countdown := 1 + g.r.IntN(60) // spaces until the next no-break space
	start := 0
	for i := 0; i < len(par); i++ {
		if !nbsp {
			// Jump to the next quotation mark or apostrophe.
			j := bytes.IndexByte(par[i:], '"')
			if k := bytes.IndexByte(par[i:], '\''); k >= 0 && (j < 0 || k < j) {
				j = k
			}
			if j < 0 {
				break
			}
			i += j
		}
		var rep string
		switch c := par[i]; {
		case c == '"' && quoting != straight:
			switch {
			case i == 0 || par[i-1] == ' ' || par[i-1] == '(':
				rep = `"`
				if quoting == curly {
					rep = "“"
				}
			default:
				rep = "”"
			}
		case c == '\'' && quoting != straight:
			rep = "’"
		case c == ' ' && nbsp:
			if countdown--; countdown > 0 {
				continue
			}
			countdown = 1 + g.r.IntN(60)
			rep = "\u00a0"
		default:
			continue
		}
		b = append(b, par[start:i]...)
		b = append(b, rep...)
		start = i + 1
	}
	b = append(b, par[start:]...)
	if nbsp && g.chance(10) {
		b = append(b, "\u00a0"...)
	}
	g.buf = b
}
