package clip

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"regexp/syntax"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pelletier/go-toml/v2"
)

//go:embed rules.toml
var defaultRules []byte

// Rules is the data that drives the reader: the shape of rules.toml. A site
// extends the defaults from its config with [Rules.Extend].
type Rules struct {
	Keep      []string          `toml:"keep"`      // lines matching any of these always stay in the body
	Structure Structure         `toml:"structure"` // structural signals and limits
	Macros    map[string]string `toml:"macros"`    // fragments that patterns splice in as {{name}}
	Lines     []Rule            `toml:"rule"`      // boilerplate rules, tried in order
	Datelines []Pattern         `toml:"dateline"`  // story openings: groups place and agency
}

// Structure holds the structural signals: what a paragraph and a subheading
// look like, and a few limits. Zero fields mean "keep the default" in Extend.
type Structure struct {
	MaxLineBytes    int    `toml:"max_line_bytes"`    // longer lines are always body text
	Paragraph       string `toml:"paragraph"`         // matches the last bytes of a line that ends a sentence
	Heading         string `toml:"heading"`           // a short kept line between paragraphs
	HeadingMaxWords int    `toml:"heading_max_words"` // longest subheading, in words
	HeadlineSuffix  string `toml:"headline_suffix"`   // headline repeated with a site suffix
	DatelineBlocks  int    `toml:"dateline_blocks"`   // leading paragraphs tried for a dateline
}

// Rule claims the lines its pattern matches and keeps them out of the body.
// See rules.toml for the meaning of each field.
type Rule struct {
	Name    string   `toml:"name,omitempty"`
	Reason  string   `toml:"reason"`
	Where   string   `toml:"where,omitempty"` // any (default), head, tail, last
	After   []string `toml:"after,omitempty"`
	Before  []string `toml:"before,omitempty"`
	Pattern string   `toml:"pattern"`
	// Require lists patterns that must also match somewhere in the line:
	// RE2 has no lookahead, and two small regexps run faster than one
	// that combines them with ".*".
	Require []string `toml:"require,omitempty"`
	// Unless lists patterns that must not match anywhere in the line.
	Unless []string `toml:"unless,omitempty"`
}

// Pattern is a named regular expression (datelines: groups place, agency).
type Pattern struct {
	Name    string `toml:"name,omitempty"`
	Pattern string `toml:"pattern"`
}

// DefaultRules returns the embedded rules.toml. It panics only if that file
// is broken, which the package tests guard against.
func DefaultRules() Rules {
	r, err := ParseRules(defaultRules)
	if err != nil {
		panic("clip: embedded rules.toml: " + err.Error())
	}
	return r
}

// ParseRules decodes rules in the rules.toml format, rejecting unknown keys.
func ParseRules(data []byte) (Rules, error) {
	var r Rules
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Rules{}, err
	}
	return r, nil
}

// Extend returns r with the user's additions: lists are appended (the user's
// rules are tried after the defaults), macros of the same name are replaced,
// and non-zero structure fields override.
func (r Rules) Extend(extra Rules) Rules {
	out := Rules{
		Keep:      slices.Concat(r.Keep, extra.Keep),
		Structure: r.Structure,
		Macros:    maps.Clone(r.Macros),
		Lines:     slices.Concat(r.Lines, extra.Lines),
		Datelines: slices.Concat(r.Datelines, extra.Datelines),
	}
	if out.Macros == nil && len(extra.Macros) > 0 {
		out.Macros = make(map[string]string, len(extra.Macros))
	}
	maps.Copy(out.Macros, extra.Macros)
	s, e := &out.Structure, extra.Structure
	if e.MaxLineBytes != 0 {
		s.MaxLineBytes = e.MaxLineBytes
	}
	if e.Paragraph != "" {
		s.Paragraph = e.Paragraph
	}
	if e.Heading != "" {
		s.Heading = e.Heading
	}
	if e.HeadingMaxWords != 0 {
		s.HeadingMaxWords = e.HeadingMaxWords
	}
	if e.HeadlineSuffix != "" {
		s.HeadlineSuffix = e.HeadlineSuffix
	}
	if e.DatelineBlocks != 0 {
		s.DatelineBlocks = e.DatelineBlocks
	}
	return out
}

// zone is where in the article a rule applies.
type zone int

const (
	anywhere zone = iota
	head
	tail
	last
	numZones
)

var zoneNames = map[string]zone{"": anywhere, "any": anywhere, "head": head, "tail": tail, "last": last}

// rule is a compiled Rule.
type rule struct {
	name, reason string
	index        int // among all the Reader's rules
	where        zone
	after        []string
	before       []string
	re           *pattern
	require      []*pattern
	unless       []lazyRegexp
	pre          []prefilter // cheap tests run before re and require
	caption      int         // submatch index of the group, or -1
	credit       int
	author       int
	place        int
	// seen holds what the regexps made of the lines they ran on, by
	// line (a *seenMatch), up to a budget of bytes the rules share:
	// boilerplate repeats from clipping to clipping of a site ("Share
	// this story", "© 2016 Reuters"), and running a regexp on a line
	// costs microseconds.
	seen   sync.Map
	budget *atomic.Int64
}

type seenMatch struct {
	m  match
	ok bool
}

// seenBudget is the most bytes of lines the rules of a Reader remember.
const seenBudget = 2 << 20

// remember records what the rule's regexps made of line s.
func (ru *rule) remember(s string, m match, ok bool) {
	if ru.budget.Add(int64(len(s))) > seenBudget {
		return
	}
	// Copies, so that the clipping's text can go.
	e := &seenMatch{match{strings.Clone(m.caption), strings.Clone(m.credit), strings.Clone(m.author), strings.Clone(m.place)}, ok}
	ru.seen.Store(strings.Clone(s), e)
}

// lazyRegexp is a regexp compiled on first use. NewReader parses every
// pattern, which finds every error and is all the prefilters need, but
// leaves compiling to the first line that gets past a rule's prefilters:
// compiling every pattern would cost several times the rest of NewReader,
// and many rules never see such a line in a whole site.
type lazyRegexp struct {
	get func() *regexp.Regexp
}

// never matches nothing; it stands in for a pattern that parsed but did
// not compile, which cannot happen.
var never = regexp.MustCompile(`[^\x00-\x{10FFFF}]`)

func newLazyRegexp(expanded string) lazyRegexp {
	return lazyRegexp{sync.OnceValue(func() *regexp.Regexp {
		re, err := regexp.Compile(expanded)
		if err != nil {
			return never
		}
		return re
	})}
}

// newLazyAnchored is newLazyRegexp for expanded anchored at the start, or
// nil if that does not compile.
func newLazyAnchored(expanded string) lazyRegexp {
	return lazyRegexp{sync.OnceValue(func() *regexp.Regexp {
		re, _ := regexp.Compile(`^(?:` + expanded + `)`)
		return re
	})}
}

type dateline struct {
	name          string
	re            *regexp.Regexp
	pre           prefilter
	place, agency int
}

var macroRef = regexp.MustCompile(`\{\{([A-Za-z0-9_]+)\}\}`)

// expand splices macros into pattern, recursively.
func expand(pattern string, macros map[string]string) (string, error) {
	for depth := 0; strings.Contains(pattern, "{{"); depth++ {
		if depth > 16 {
			return "", fmt.Errorf("macros nest too deep (a macro refers to itself?)")
		}
		var missing string
		pattern = macroRef.ReplaceAllStringFunc(pattern, func(m string) string {
			name := m[2 : len(m)-2]
			v, ok := macros[name]
			if !ok {
				missing = name
				return m
			}
			return v
		})
		if missing != "" {
			return "", fmt.Errorf("unknown macro {{%s}}", missing)
		}
		if !macroRef.MatchString(pattern) {
			break
		}
	}
	return pattern, nil
}

// checkGroups reports a group name not among groups.
func checkGroups(what string, names, groups []string) error {
	for _, n := range names {
		if n != "" && !slices.Contains(groups, n) {
			return fmt.Errorf("clip rules: %s: unknown group name %q (want one of %s)", what, n, strings.Join(groups, ", "))
		}
	}
	return nil
}

// A pattern is a pattern of the rules, expanded, parsed and analyzed by
// NewReader and compiled on first use (or by NewReader, if eager).
type pattern struct {
	expanded       string
	wantPre, eager bool     // to analyze, to compile now
	err            error    // from parsing
	names          []string // the regexp's group names, by submatch index
	pre            *prefilter
	re             lazyRegexp
	anchored       lazyRegexp // re anchored at the start
}

// patterns holds the patterns of the rules by their expanded text, so
// that a pattern that several rules share (the caption rules'
// requirements) is parsed and analyzed once.
type patterns struct {
	byText map[string]*pattern
	list   []*pattern // in the order first wanted
}

// want notes that NewReader will ask for the pattern pat, analyzed (pre)
// or compiled (eager).
func (ps *patterns) want(pat string, macros map[string]string, pre, eager bool) {
	expanded, err := expand(pat, macros)
	if err != nil || strings.TrimSpace(pat) == "" {
		return // get reports it
	}
	p, ok := ps.byText[expanded]
	if !ok {
		p = &pattern{expanded: expanded}
		ps.byText[expanded] = p
		ps.list = append(ps.list, p)
	}
	p.wantPre = p.wantPre || pre
	p.eager = p.eager || eager
}

// prepare parses and analyzes the wanted patterns, in parallel: parsing
// the Unicode classes of the patterns is most of NewReader's work.
func (ps *patterns) prepare() {
	var next atomic.Int64
	work := func() {
		a := newAnalyzer(1 << 12)
		for {
			i := int(next.Add(1)) - 1
			if i >= len(ps.list) {
				return
			}
			ps.list[i].prepare(a)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ps.list)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// prepare parses, analyzes and compiles p as wanted, with a.
func (p *pattern) prepare(a *analyzer) {
	if p.eager && !p.wantPre { // regexp.Compile parses
		re, err := regexp.Compile(p.expanded)
		if err != nil {
			p.err = err
			return
		}
		p.names = re.SubexpNames()
		p.re = lazyRegexp{func() *regexp.Regexp { return re }}
		p.anchored = newLazyAnchored(p.expanded)
		return
	}
	parsed, err := syntax.Parse(p.expanded, syntax.Perl)
	if err != nil {
		p.err = err
		return
	}
	p.names = parsed.CapNames()
	if p.wantPre {
		pre := a.prefilter(parsed)
		p.pre = &pre
	}
	if p.eager {
		re, err := regexp.Compile(p.expanded)
		if err != nil {
			p.err = err
			return
		}
		p.re = lazyRegexp{func() *regexp.Regexp { return re }}
	} else {
		p.re = newLazyRegexp(p.expanded)
	}
	p.anchored = newLazyAnchored(p.expanded)
}

// get returns the pattern pat, allowing only the given group names. It
// fails exactly where regexp.Compile would, with an error naming what.
func (ps *patterns) get(what, pat string, macros map[string]string, groups ...string) (*pattern, error) {
	if strings.TrimSpace(pat) == "" {
		return nil, fmt.Errorf("clip rules: %s: empty pattern", what)
	}
	expanded, err := expand(pat, macros)
	if err != nil {
		return nil, fmt.Errorf("clip rules: %s: %v", what, err)
	}
	p, ok := ps.byText[expanded]
	if !ok { // not wanted: NewReader and want disagree
		p = &pattern{expanded: expanded, wantPre: true}
		p.prepare(newAnalyzer(0))
		ps.byText[expanded] = p
	}
	if p.err != nil {
		return nil, fmt.Errorf("clip rules: %s: %v", what, p.err)
	}
	if err := checkGroups(what, p.names, groups); err != nil {
		return nil, err
	}
	return p, nil
}

// prefilter returns the pattern's prefilter.
func (p *pattern) prefilter() prefilter {
	if p.pre == nil { // not wanted: NewReader and want disagree
		parsed, _ := syntax.Parse(p.expanded, syntax.Perl)
		pre := newPrefilter(parsed)
		p.pre = &pre
	}
	return *p.pre
}

// compileRule compiles l, the i'th rule (from 0).
func compileRule(i int, l Rule, macros map[string]string, ps *patterns, budget *atomic.Int64) (*rule, error) {
	name := l.Name
	if name == "" {
		name = l.Reason + " #" + strconv.Itoa(i+1)
	}
	what := "rule " + strconv.Quote(name)
	if l.Reason == "" {
		return nil, errors.New("clip rules: " + what + ": no reason")
	}
	z, ok := zoneNames[l.Where]
	if !ok {
		return nil, errors.New("clip rules: " + what + ": where = " + strconv.Quote(l.Where) + ": want any, head, tail or last")
	}
	p, err := ps.get(what, l.Pattern, macros, "caption", "credit", "author", "place")
	if err != nil {
		return nil, err
	}
	ru := &rule{
		name: name, reason: l.Reason, index: i, where: z, budget: budget,
		after: l.After, before: l.Before, re: p, pre: []prefilter{p.prefilter()},
		caption: group(p.names, "caption"), credit: group(p.names, "credit"), author: group(p.names, "author"),
		place: group(p.names, "place"),
	}
	for j, pat := range l.Require {
		p, err := ps.get(what+": require #"+strconv.Itoa(j+1), pat, macros)
		if err != nil {
			return nil, err
		}
		ru.pre = append(ru.pre, p.prefilter())
		ru.require = append(ru.require, p)
	}
	for j, pat := range l.Unless {
		p, err := ps.get(what+": unless #"+strconv.Itoa(j+1), pat, macros)
		if err != nil {
			return nil, err
		}
		ru.unless = append(ru.unless, p.re)
	}
	return ru, nil
}

// group returns the submatch index of name among a regexp's group names
// (as regexp.Regexp.SubexpIndex), or -1.
func group(names []string, name string) int {
	return slices.Index(names, name)
}

// forget clears what the rules remember of lines (for benchmarks that read
// the same clippings again, as a build would not).
func (r *Reader) forget() {
	for z := range r.rules {
		for _, ru := range r.rules[z] {
			ru.seen.Clear()
			ru.budget.Store(0)
		}
	}
}
