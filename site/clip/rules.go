package clip

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

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
	where        zone
	after        []string
	before       []string
	re           *regexp.Regexp
	require      []*regexp.Regexp
	unless       []*regexp.Regexp
	pre          []prefilter // cheap tests run before re and require
	caption      int         // submatch index of the group, or -1
	credit       int
	author       int
	place        int
}

type dateline struct {
	name          string
	re            *regexp.Regexp
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

// compile expands and compiles one pattern, allowing only the given group names.
func compile(what, pattern string, macros map[string]string, groups ...string) (*regexp.Regexp, error) {
	re, _, err := compileExpanded(what, pattern, macros, groups...)
	return re, err
}

// compileExpanded is compile that also returns the expanded pattern.
func compileExpanded(what, pattern string, macros map[string]string, groups ...string) (*regexp.Regexp, string, error) {
	if strings.TrimSpace(pattern) == "" {
		return nil, "", fmt.Errorf("clip rules: %s: empty pattern", what)
	}
	p, err := expand(pattern, macros)
	if err != nil {
		return nil, "", fmt.Errorf("clip rules: %s: %v", what, err)
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, "", fmt.Errorf("clip rules: %s: %v", what, err)
	}
	for _, n := range re.SubexpNames() {
		if n != "" && !slices.Contains(groups, n) {
			return nil, "", fmt.Errorf("clip rules: %s: unknown group name %q (want one of %s)", what, n, strings.Join(groups, ", "))
		}
	}
	return re, p, nil
}

// compileRule compiles l, the i'th rule (from 0).
func compileRule(i int, l Rule, macros map[string]string) (*rule, error) {
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
	re, expanded, err := compileExpanded(what, l.Pattern, macros, "caption", "credit", "author", "place")
	if err != nil {
		return nil, err
	}
	ru := &rule{
		name: name, reason: l.Reason, where: z,
		after: l.After, before: l.Before, re: re, pre: []prefilter{newPrefilter(expanded)},
		caption: group(re, "caption"), credit: group(re, "credit"), author: group(re, "author"),
		place: group(re, "place"),
	}
	for j, p := range l.Require {
		re, expanded, err := compileExpanded(what+": require #"+strconv.Itoa(j+1), p, macros)
		if err != nil {
			return nil, err
		}
		ru.require = append(ru.require, re)
		ru.pre = append(ru.pre, newPrefilter(expanded))
	}
	for j, p := range l.Unless {
		re, err := compile(what+": unless #"+strconv.Itoa(j+1), p, macros)
		if err != nil {
			return nil, err
		}
		ru.unless = append(ru.unless, re)
	}
	return ru, nil
}

// group returns the submatch index of name in re, or -1.
func group(re *regexp.Regexp, name string) int {
	return re.SubexpIndex(name)
}
