package clip

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"briefing/site/corpus"
	"briefing/site/textnorm"
)

// The prefilters, the rule filter and the shortcuts around the regexps
// (where a match may begin, the endings that surely end a sentence, the
// rules' memory of lines) must never change what a rule matches: they only
// skip regexp runs that cannot succeed. These tests hold them to that, on
// the default rules and on random patterns.

// refMatch is rule.match done the plain way: every regexp on the whole line.
func refMatch(ru *rule, s string) (match, bool) {
	for _, p := range ru.require {
		if !p.re.get().MatchString(s) {
			return match{}, false
		}
	}
	idx := ru.re.re.get().FindStringSubmatchIndex(s)
	if idx == nil {
		return match{}, false
	}
	for _, re := range ru.unless {
		if re.get().MatchString(s) {
			return match{}, false
		}
	}
	get := func(g int) string {
		if g < 0 || idx[2*g] < 0 {
			return ""
		}
		return strings.TrimSpace(s[idx[2*g]:idx[2*g+1]])
	}
	return match{get(ru.caption), get(ru.credit), get(ru.author), get(ru.place)}, true
}

// testLines returns lines to try the rules on: every line of the seeds and
// of generated clippings, the lines of the table tests' kind, and variants
// of them in other cases and with text around.
func testLines(t *testing.T, articles int) []string {
	t.Helper()
	var texts []string
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(src))
	}
	for _, f := range corpus.Generate(corpus.Options{Seed: 7, Articles: articles}) {
		texts = append(texts, string(f.Data))
	}
	seen := map[string]bool{}
	var lines []string
	add := func(l string) {
		if l = strings.TrimSpace(l); l != "" && !seen[l] {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	for _, text := range texts {
		norm, err := textnorm.Normalize("t.txt", []byte(text))
		if err != nil {
			continue
		}
		for l := range strings.SplitSeq(norm, "\n") {
			add(l)
		}
	}
	for _, l := range []string{
		"Reuters", "AFP/Reuters contributed", "(Agencies)", "Photo by: AP", "PICTURE: EPA", "(Reuters Photo)",
		"Getty Images", "Jane DoeAFP photo", "Photograph: Tom Lee/Example Wire", "hide caption", "1 of 5",
		"Friday, 11 December 2015", "Dec 15, 2015 10:32 GMT", "Updated: 3 hours ago", "By Reuters",
		"By Jane Doe and John Roe, Reuters", "BY JANE DOE", "(Reporting by Jane Doe; Editing by John Roe)",
		"Share this story", "Facebook | Twitter | Email", "Follow us on Twitter", "Advertisement",
		"© 2016 Reuters", "All rights reserved.", "* * *", "-30-", "K. Ivanova", "Jane Doe | Reuters",
		"Example Staff", "ISTANBUL", "READ MORE:", "www.example.org", "@janedoe", "3 min read",
		"Jane Doe (R) shakes hands with John Roe in Ankara on March 3, 2019.",
		"The chancellor waves to supporters in Berlin. PHOTO: Reuters",
	} {
		add(l)
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := len(lines)
	for i := range n {
		l := lines[i]
		if len(l) > 120 {
			continue
		}
		add(strings.ToUpper(l))
		add(strings.ToLower(l))
		add("Kelvin \u212a and \u017fs: " + l)
		add(l + " " + lines[r.IntN(n)])
		add(lines[r.IntN(n)] + " " + l)
	}
	return lines
}

// TestRulesMatchAsRegexps checks every default rule on many lines: what it
// matches through the rule filter, the prefilters and the shortcuts is
// what its regexps match.
func TestRulesMatchAsRegexps(t *testing.T) {
	articles := 150
	if testing.Short() {
		articles = 30
	}
	rd := newDefaultReader(t)
	var all []*rule
	for z := range rd.rules {
		all = append(all, rd.rules[z]...)
	}
	matched := map[string]int{}
	for _, s := range testLines(t, articles) {
		if len(s) > rd.maxLine {
			continue
		}
		v := newView(s)
		set := make([]uint64, rd.filter.words)
		rd.filter.rules(set, &v)
		for _, ru := range all {
			want, wantOK := refMatch(ru, s)
			if wantOK {
				matched[ru.name]++
				if !has(set, ru) {
					t.Errorf("rule %s: the rule filter rejects %q, which it matches", ru.name, s)
				}
			}
			for pass := range 2 { // the second time from the rule's memory
				got, ok := ru.match(&v)
				if ok != wantOK || got != want {
					t.Errorf("rule %s, pass %d, on %q: %+v %v, want %+v %v", ru.name, pass, s, got, ok, want, wantOK)
				}
			}
		}
	}
	for _, ru := range all {
		if matched[ru.name] == 0 && !testing.Short() {
			t.Logf("rule %s matched no test line", ru.name)
		}
	}
}

// TestIsParagraph checks the shortcuts of Reader.isParagraph against the
// structure.paragraph regexp.
func TestIsParagraph(t *testing.T) {
	rd := newDefaultReader(t)
	if len(rd.paraPre.sure) == 0 {
		t.Errorf("no sure endings found for %s", rd.paragraph)
	}
	r := rand.New(rand.NewPCG(3, 4))
	ends := []string{"", ".", "!", "?", "…", "\"", "'", "”", "’", "»", ")", "]", "a", "A", " ", ":", ";", ",", "é", "\u212a"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(ends[r.IntN(len(ends))])
		}
		s := b.String()
		if got, want := rd.isParagraph(s), rd.paragraph.MatchString(suffix(s, 24)); got != want {
			t.Errorf("isParagraph(%q) = %v, want %v", s, got, want)
		}
	}
}

// A patternGen writes random patterns over a small alphabet that has the
// hard cases: letters with case, the Kelvin sign and long s that fold to
// ASCII, white space, word and non-word characters, multi-byte runes.
type patternGen struct {
	r *rand.Rand
}

var genAlphabet = []rune("abAB .-1_()é’K\u212a\u017fs\t")

func (g *patternGen) atom(depth int) string {
	switch n := g.r.IntN(10); {
	case n < 3 || depth > 3:
		var b strings.Builder
		for range 1 + g.r.IntN(3) {
			b.WriteString(regexp.QuoteMeta(string(genAlphabet[g.r.IntN(len(genAlphabet))])))
		}
		return b.String()
	case n < 5:
		classes := []string{`[ab]`, `[^a ]`, `[A-Z]`, `\d`, `\s`, `\w`, `\p{L}`, `\p{Lu}`, `[.\-’]`, `.`, `[é-ê]`, `[^()]`, `\S`}
		return classes[g.r.IntN(len(classes))]
	case n < 6:
		return []string{`\b`, `\B`}[g.r.IntN(2)]
	case n < 8:
		open := []string{"(?:", "(", "(?i:"}[g.r.IntN(3)]
		return open + g.alt(depth+1) + ")"
	default:
		return g.atom(depth+1) + []string{"?", "*", "+", "{2}", "{1,3}", "{0,2}", "*?", "+?"}[g.r.IntN(8)]
	}
}

func (g *patternGen) seq(depth int) string {
	var b strings.Builder
	for range 1 + g.r.IntN(4) {
		b.WriteString(g.atom(depth))
	}
	return b.String()
}

func (g *patternGen) alt(depth int) string {
	s := g.seq(depth)
	for g.r.IntN(3) == 0 {
		s += "|" + g.seq(depth)
	}
	return s
}

func (g *patternGen) pattern() string {
	p := g.seq(0)
	if g.r.IntN(3) == 0 {
		p = "(?:" + g.alt(0) + ")"
	}
	if g.r.IntN(2) == 0 {
		p = "^" + p
	}
	if g.r.IntN(2) == 0 {
		p += "$"
	}
	if g.r.IntN(3) == 0 {
		p = "(?i)" + p
	}
	return p
}

// sample returns a string that re likely matches.
func (g *patternGen) sample(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				for k := g.r.IntN(3); k > 0; k-- {
					r = unicode.SimpleFold(r)
				}
			}
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		if len(re.Rune) > 0 {
			i := 2 * g.r.IntN(len(re.Rune)/2)
			lo, hi := re.Rune[i], re.Rune[i+1]
			b.WriteRune(lo + rune(g.r.IntN(int(min(hi-lo, 300))+1)))
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune(genAlphabet[g.r.IntN(len(genAlphabet))])
	case syntax.OpCapture:
		g.sample(b, re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			g.sample(b, sub)
		}
	case syntax.OpAlternate:
		g.sample(b, re.Sub[g.r.IntN(len(re.Sub))])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, 3
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
			if hi < 0 {
				hi = lo + 3
			}
		}
		for range lo + g.r.IntN(hi-lo+1) {
			g.sample(b, re.Sub[0])
		}
	}
}

func (g *patternGen) noise() string {
	var b strings.Builder
	for range g.r.IntN(6) {
		b.WriteRune(genAlphabet[g.r.IntN(len(genAlphabet))])
	}
	return b.String()
}

// TestRandomPatterns checks the analysis of patterns on random patterns
// and strings: a prefilter passes every string its regexp matches, and the
// shortcuts (where matches begin, sure endings, the rule filter) agree
// with the regexp. CLIP_RANDOM_PATTERNS=seed tries 40,000 other patterns.
func TestRandomPatterns(t *testing.T) {
	n := 3000
	if os.Getenv("CLIP_RANDOM_PATTERNS") != "" {
		n = 40000
	}
	if testing.Short() {
		n = 300
	}
	g := &patternGen{rand.New(rand.NewPCG(5, uint64(len(os.Getenv("CLIP_RANDOM_PATTERNS")))))}
	var rules []*rule
	var strs []string
	for i := range n {
		expr := g.pattern()
		parsed, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			continue // such as x** (a repeat of a repeat)
		}
		re := regexp.MustCompile(expr)
		p := &pattern{expanded: expr, wantPre: true}
		p.prepare(newAnalyzer(0))
		pre := p.prefilter()
		ru := &rule{name: expr, index: len(rules), pre: []prefilter{pre}, re: p}
		rules = append(rules, ru)
		var ss []string
		for range 20 {
			var b strings.Builder
			g.sample(&b, parsed)
			s := b.String()
			ss = append(ss, s, g.noise()+s+g.noise(), strings.ToUpper(s), g.noise())
		}
		strs = append(strs, ss...)
		for _, s := range ss {
			v := newView(s)
			want := re.MatchString(s)
			if want && !pre.pass(&v) {
				t.Errorf("pattern %d %q: prefilter rejects %q, which it matches", i, expr, s)
			}
			if got := p.matchString(&v); got != want {
				t.Errorf("pattern %d %q: matchString(%q) = %v, want %v", i, expr, s, got, want)
			}
			for _, end := range pre.sure {
				if strings.HasSuffix(s, end) && !want {
					t.Errorf("pattern %d %q: %q ends with %q but does not match", i, expr, s, end)
				}
			}
		}
		// The rule filter, over the last 100 patterns at once (more than
		// 64 rules: several words a set).
		if len(rules) == 100 || i == n-1 {
			f := newRuleFilter(rules)
			set := make([]uint64, f.words)
			for _, s := range strs {
				if s == "" {
					continue
				}
				v := newView(s)
				f.rules(set, &v)
				for _, ru := range rules {
					if !has(set, ru) && ru.re.re.get().MatchString(s) {
						t.Errorf("pattern %q: the rule filter rejects %q, which it matches", ru.name, s)
					}
				}
			}
			rules, strs = rules[:0], strs[:0]
		}
	}
}

// FuzzFoldLine checks foldLine against fold and the sets it promises.
func FuzzFoldLine(f *testing.F) {
	for _, s := range []string{"Hello World\t\r\n", "Ünïcödé ’quoted” \u212a \u017f ẞ \x7f\x01\v", "\xff\xfe bad", "ABCDEFGHIJKLMNOPQRSTUVWXYZ [\\]^_`{|}~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v view
		b := foldLine([]byte("x"), s, &v)
		want := fold(s)
		if string(b) != "x"+want {
			t.Fatalf("foldLine(%q) = %q, want %q", s, b[1:], want)
		}
		if v.bytes != setOf(s) || v.fbyte != setOf(want) {
			t.Fatalf("foldLine(%q): wrong byte sets", s)
		}
		for i := 1; i < len(want); i++ {
			if !v.pairs.has(uint16(pair(want[i-1], want[i]))) {
				t.Fatalf("foldLine(%q): pair %q missing", s, want[i-1:i+1])
			}
		}
		aligned := true
		for _, r := range s {
			aligned = aligned && utf8.RuneLen(r) == len(fold(string(r)))
		}
		if utf8.ValidString(s) && v.aligned != aligned {
			t.Fatalf("foldLine(%q): aligned = %v", s, v.aligned)
		}
	})
}
