package corpus

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"
)

// world is everything shared by the articles of one seed: the places and
// organizations, the generated people, and the Zipf tables to draw them by.
type world struct {
	countries []country
	orgs      []org
	people    []person
	cities    []city // every city, capitals first

	personCum  []uint64 // cumulative Zipf weights over people, by rank
	crisis     []int    // crisis countries
	crisisCum  []uint64
	countryCum []uint64
	venueCum   []uint64
	venues     []int // indexes into cities

	reporters [][2]string // bylines: full name, and initial and surname ("J. Okafor")

	orgLead, orgMonitor, orgGroup, orgAny []int // organizations by kind, by rank
	leadCum, monitorCum, groupCum, anyCum []uint64
}

type city struct {
	name    string
	country int
}

// person is one member of the population, with the ways to mention them.
type person struct {
	full, short string
	female      bool
	country     int
	first       []string // first mentions: with a title, or the full name
	later       []string // later mentions: surname, "Mr. Surname", title and surname, "the minister"
	formal      string   // for captions: title and full name
}

// A role is a title someone holds, before a person is made for it.
type role struct {
	class   int // prominence: 0 most prominent
	country int // -1 for an organization's role
	org     int // -1 for a country's role
	title   string
}

func newWorld(seed int64) *world {
	w := &world{countries: parseCountries()}
	w.orgs = parseOrgs(w.countries)
	for ci, c := range w.countries {
		for _, name := range c.cities {
			w.cities = append(w.cities, city{name, ci})
		}
		if c.crisis {
			w.crisis = append(w.crisis, ci)
		}
	}
	for _, v := range venueCities {
		i := slices.IndexFunc(w.cities, func(c city) bool { return c.name == v })
		if i < 0 {
			panic("corpus: venue " + v + " is not a city of any country")
		}
		w.venues = append(w.venues, i)
	}
	for i, o := range w.orgs {
		switch o.kind {
		case 'b', 'a', 'm':
			w.orgLead = append(w.orgLead, i)
		case 'g':
			w.orgGroup = append(w.orgGroup, i)
		}
		if o.kind == 'a' || o.kind == 'n' || o.kind == 't' {
			w.orgMonitor = append(w.orgMonitor, i)
		}
		w.orgAny = append(w.orgAny, i)
	}
	w.crisisCum = zipf(len(w.crisis))
	w.countryCum = zipf(len(w.countries))
	w.venueCum = zipf(len(w.venues))
	w.leadCum, w.monitorCum = zipf(len(w.orgLead)), zipf(len(w.orgMonitor))
	w.groupCum, w.anyCum = zipf(len(w.orgGroup)), zipf(len(w.orgAny))

	r := rand.New(rand.NewPCG(mix(uint64(seed)^0x5eed0f0e0fa11), 0x70b0b1a710))
	roles := w.roles(r)
	w.people = make([]person, 0, len(roles))
	shorts := make(map[string]bool, len(roles))
	for _, ro := range roles {
		w.people = append(w.people, w.newPerson(r, ro, shorts))
	}
	w.personCum = zipf(len(w.people))
	for range 120 {
		c := &cultures[r.IntN(len(cultures))]
		full, short := makeName(r, c, r.IntN(3) == 0)
		byline := full
		if !c.familyFirst {
			first, _ := utf8.DecodeRuneInString(full)
			byline = string(first) + ". " + short
		}
		w.reporters = append(w.reporters, [2]string{full, byline})
	}
	return w
}

// roles lists the titles people hold, most prominent first; the order is
// the people's Zipf rank.
func (w *world) roles(r *rand.Rand) []role {
	var rs []role
	add := func(class, country, org int, title string) {
		rs = append(rs, role{class, country, org, title})
	}
	for ci, c := range w.countries {
		top := 1
		if c.major {
			top = 0
		}
		for _, h := range c.head {
			add(top, ci, -1, h)
			top = max(top, 1)
		}
		fm := "Foreign Minister"
		switch c.name {
		case "the United States":
			fm = "Secretary of State"
		case "Britain":
			fm = "Foreign Secretary"
		}
		if c.major {
			add(0, ci, -1, fm)
			add(2, ci, -1, "Defence Minister")
			add(2, ci, -1, "foreign ministry spokesman")
			add(2, ci, -1, "UN ambassador")
			add(3, ci, -1, "Deputy Foreign Minister")
			add(3, ci, -1, "presidential spokesman")
		} else {
			add(1, ci, -1, fm)
			if r.IntN(2) == 0 {
				add(3, ci, -1, "Defence Minister")
			}
			if r.IntN(3) == 0 {
				add(3, ci, -1, "foreign ministry spokesman")
			}
		}
		if c.crisis {
			add(1, -1, 1, "special envoy for "+c.name) // the UN's envoy
			add(2, ci, -1, "opposition leader")
			add(2, ci, -1, "Interior Minister")
		}
	}
	for oi, o := range w.orgs {
		if o.kind == 'm' {
			continue // ministries speak through the people above
		}
		class := 2
		if oi < 6 {
			class = 1
		}
		add(class, -1, oi, o.leader)
		if o.kind == 't' {
			add(3, -1, oi, o.leader)
		}
	}
	r.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	slices.SortStableFunc(rs, func(a, b role) int { return a.class - b.class })
	return rs
}

func (w *world) newPerson(r *rand.Rand, ro role, shorts map[string]bool) person {
	cul := &cultures[r.IntN(len(cultures))]
	if ro.country >= 0 {
		cul = &cultures[w.countries[ro.country].culture]
	}
	p := person{country: ro.country}
	for try := 0; ; try++ {
		p.female = r.IntN(4) == 0
		p.full, p.short = makeName(r, cul, p.female)
		if !shorts[p.short] || try > 200 {
			break
		}
	}
	shorts[p.short] = true

	title := ro.title
	if p.female {
		title = strings.NewReplacer("spokesman", "spokeswoman", "chairman", "chairwoman").Replace(title)
	}
	formal := title[0] >= 'A' && title[0] <= 'Z'
	var prefixes []string // what can stand before the name
	if ro.country >= 0 {
		c := &w.countries[ro.country]
		prefixes = []string{c.adj + " " + title, c.adj + " " + title, capFirst(c.poss) + " " + title}
		if formal {
			prefixes = append(prefixes, title)
		}
	} else {
		o := &w.orgs[ro.org]
		prefixes = []string{o.label + " " + title, o.label + " " + title}
		if formal {
			prefixes = append(prefixes, title)
		}
	}
	p.formal = prefixes[0] + " " + p.full
	for _, pre := range prefixes {
		p.first = append(p.first, pre+" "+p.full)
	}
	p.first = append(p.first, p.full)

	honorific := "Mr. "
	if p.female {
		honorific = "Ms. "
	}
	p.later = []string{p.short, p.short, p.short, p.short, p.short, honorific + p.short}
	if formal {
		p.later = append(p.later, title+" "+p.short, title+" "+p.short, "the "+strings.ToLower(title))
	} else {
		base, _, _ := strings.Cut(title, " for ") // "special envoy for Syria"
		p.later = append(p.later, "the "+base)
	}
	return p
}

// makeName returns a full name and the name used on later mentions.
func makeName(r *rand.Rand, c *culture, female bool) (full, short string) {
	given := pick(r, c.male)
	if female {
		given = pick(r, c.female)
	}
	given = strings.ReplaceAll(given, "_", " ")
	var sur string
	if c.roots != "" && (c.whole == "" || r.IntN(2) == 0) {
		roots, suf := strings.Fields(c.roots), strings.Fields(c.suffixes)
		k := r.IntN(len(suf))
		if female {
			suf = strings.Fields(c.femSuffixes)
		}
		sur = roots[r.IntN(len(roots))] + suf[k]
	} else {
		sur = pick(r, c.whole)
	}
	if c.particles != "" && r.IntN(100) < c.particlePct && !strings.Contains(sur, "_") {
		sur = pick(r, c.particles) + sur
	}
	sur = strings.ReplaceAll(sur, "_", " ")
	switch {
	case c.givenIsShort:
		return sur + " " + given, given[strings.LastIndexByte(given, ' ')+1:]
	case c.familyFirst:
		return sur + " " + given, sur
	}
	return given + " " + sur, sur
}

func pick(r *rand.Rand, list string) string {
	f := strings.Fields(list)
	return f[r.IntN(len(f))]
}

// zipf returns cumulative weights 1/rank, scaled to integers so that draws
// are the same on every machine.
func zipf(n int) []uint64 {
	cum := make([]uint64, n)
	var t uint64
	for i := range cum {
		t += 1_000_000 / uint64(i+1)
		cum[i] = t
	}
	return cum
}

// draw returns an index drawn from cumulative weights.
func draw(r *rand.Rand, cum []uint64) int {
	x := r.Uint64N(cum[len(cum)-1])
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// mix is SplitMix64's finalizer; it spreads nearby seeds apart.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
