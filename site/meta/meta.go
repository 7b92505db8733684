// Package meta reads article metadata: the front matter of a Markdown file
// (YAML between "---" lines or TOML between "+++" lines) and the sidecar
// file of a plain-text clipping (<name>.meta.toml beside <name>.txt).
//
// Both syntaxes are first turned into the same list of positioned entries
// (field name, line, typed value); one validator then checks every entry.
// That way YAML and TOML accept the same fields with the same rules, and
// every problem comes back at once as an article.Errors whose messages read
// "path:line: field: problem", the line counted in the whole file.
package meta

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"briefing/site/article"
)

// Meta is the metadata given for one article. Only the fields named in Lines
// were written by the user; the others are zero.
type Meta struct {
	Title, Slug, Source, URL, Summary, Author string

	Date  time.Time // UTC midnight of the calendar date as written
	Draft bool

	Participants []string // names to add as participants
	Exclude      []string // names never to treat as participants
	Topics       []string // topic ids

	// Lines maps each field that was given (and valid) to the line in the
	// file where it was written, for later stages that report problems with
	// a value (an unknown topic id, say). A field given as null/empty YAML
	// value is treated as absent.
	Lines map[string]int
}

// Has reports whether field was given.
func (m Meta) Has(field string) bool { return m.Lines[field] > 0 }

// Apply copies the fields that were given into a, leaving the others alone.
func (m Meta) Apply(a *article.Article) {
	for f := range m.Lines {
		switch f {
		case "title":
			a.Title = m.Title
		case "slug":
			a.Slug = m.Slug
		case "date":
			a.Date = m.Date
		case "source":
			a.Source = m.Source
		case "url":
			a.URL = m.URL
		case "summary":
			a.Summary = m.Summary
		case "author":
			a.Author = m.Author
		case "draft":
			a.Draft = m.Draft
		case "participants":
			a.Participants = slices.Clone(m.Participants)
		case "exclude":
			a.Exclude = slices.Clone(m.Exclude)
		case "topics":
			a.Topics = slices.Clone(m.Topics)
		}
	}
}

// kind is the type of a metadata value, whatever the syntax it came from.
type kind int

const (
	kString kind = iota
	kBool
	kInt
	kFloat
	kDate // a YAML timestamp or TOML date/date-time; t holds it
	kList
	kTable
	kNull
	kOther // anything else (a TOML time of day, a YAML !!binary, ...)
)

// value is one metadata value with its position.
type value struct {
	kind  kind
	text  string    // scalar text: the string itself, or the literal as written
	t     time.Time // for kDate
	items []value   // for kList, one level deep
	line  int       // line in the file
	what  string    // for kOther, a description ("a time of day")
	bad   bool      // for kDate, shaped like a date but not a calendar date
}

// entry is one top-level "field: value" pair.
type entry struct {
	key  string
	line int
	val  value
}

// field checks the value of one known field and stores it in m. It returns
// "" when the value is fine, else the problem; line, when not 0, is the line
// the problem is on (an item of a list), if not the value's.
type field func(m *Meta, v value) (problem string, line int)

var fields = map[string]field{
	"title": func(m *Meta, v value) (string, int) {
		s, p := oneLine(v)
		m.Title = s
		return p, 0
	},
	"slug": func(m *Meta, v value) (string, int) {
		s, p := str(v)
		if p != "" {
			return p, 0
		}
		m.Slug = s
		return checkSlug(s), 0
	},
	"date": func(m *Meta, v value) (string, int) {
		d, p := date(v)
		m.Date = d
		return p, 0
	},
	"source": func(m *Meta, v value) (string, int) {
		s, p := oneLine(v)
		m.Source = s
		return p, 0
	},
	"url": func(m *Meta, v value) (string, int) {
		s, p := str(v)
		if p != "" {
			return p, 0
		}
		m.URL = s
		return checkURL(s), 0
	},
	"summary": func(m *Meta, v value) (string, int) {
		s, p := str(v)
		m.Summary = s
		return p, 0
	},
	"author": func(m *Meta, v value) (string, int) {
		s, p := oneLine(v)
		m.Author = s
		return p, 0
	},
	"draft": func(m *Meta, v value) (string, int) {
		if v.kind != kBool {
			return "expected true or false, got " + describe(v), 0
		}
		m.Draft = v.text == "true"
		return "", 0
	},
	"participants": func(m *Meta, v value) (string, int) {
		l, p, line := names(v)
		m.Participants = l
		return p, line
	},
	"exclude": func(m *Meta, v value) (string, int) {
		l, p, line := names(v)
		m.Exclude = l
		return p, line
	},
	"topics": func(m *Meta, v value) (string, int) {
		l, p, line := list(v)
		m.Topics = l
		return p, line
	},
}

// known lists the field names in order, for messages.
var known = func() []string {
	var ks []string
	for k := range fields {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}()

// synonyms maps names people commonly use elsewhere (Hugo, Jekyll) to ours.
var synonyms = map[string]string{
	"tags":        "topics",
	"categories":  "topics",
	"description": "summary",
	"link":        "url",
	"byline":      "author",
	"authors":     "author",
	"publisher":   "source",
	"publication": "source",
	"people":      "participants",
	"published":   "date",
	"pubdate":     "date",
}

// build validates entries and collects every problem, together with errs
// (syntax problems found before). On error the Meta holds the fields that
// were valid, so that callers do not report a given field as missing.
func build(path string, entries []entry, errs article.Errors) (Meta, error) {
	m := Meta{Lines: map[string]int{}}
	first := map[string]int{}
	for _, e := range entries {
		if l, dup := first[e.key]; dup {
			errs = append(errs, &article.Error{Path: path, Line: e.line, Field: e.key,
				Msg: fmt.Sprintf("given twice (first on line %d)", l)})
			continue
		}
		first[e.key] = e.line
		check, ok := fields[e.key]
		if !ok {
			errs = append(errs, &article.Error{Path: path, Line: e.line, Field: e.key, Msg: unknown(e.key)})
			continue
		}
		if e.val.kind == kNull {
			continue
		}
		// Check into a copy, kept only if the value is valid: a rejected
		// value (a slug "../x") must not reach the returned Meta.
		next := m
		if p, line := check(&next, e.val); p != "" {
			if line == 0 {
				line = max(e.line, e.val.line)
			}
			errs = append(errs, &article.Error{Path: path, Line: line, Field: e.key, Msg: p})
			continue
		}
		m = next
		m.Lines[e.key] = e.line
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *article.Error) int { return a.Line - b.Line })
		return m, errs
	}
	return m, nil
}

// unknown words the problem with an unknown field name, suggesting the
// closest known one.
func unknown(key string) string {
	msg := "unknown field"
	if s := suggest(key); s != "" {
		return msg + fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg + " (known fields: " + strings.Join(known, ", ") + ")"
}

func suggest(key string) string {
	k := strings.ToLower(strings.TrimSpace(key))
	if _, ok := fields[k]; ok {
		return k
	}
	if s, ok := synonyms[k]; ok {
		return s
	}
	best, bestD := "", 3
	for _, f := range known {
		d := distance(k, f)
		if d < bestD && (d == 1 || len(k) > 4) {
			best, bestD = f, d
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent
// runes each count 1.
func distance(a, b string) int {
	r, s := []rune(a), []rune(b)
	if len(r) > 64 {
		return len(r) // too long to be a typo of any field
	}
	d := make([][]int, len(r)+1)
	for i := range d {
		d[i] = make([]int, len(s)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(r); i++ {
		for j := 1; j <= len(s); j++ {
			cost := 1
			if r[i-1] == s[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && r[i-1] == s[j-2] && r[i-2] == s[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(r)][len(s)]
}

// describe names a value for an error message: `"yes"`, `42`, `a list`.
func describe(v value) string {
	switch v.kind {
	case kString:
		return fmt.Sprintf("%q", clip(v.text))
	case kBool, kInt, kFloat:
		return clip(v.text)
	case kDate:
		return "a date"
	case kList:
		return "a list"
	case kTable:
		return "a table"
	case kNull:
		return "nothing"
	}
	return v.what
}

// clip shortens s for an error message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

// str accepts a string; numbers are taken as written (a title "1984").
func str(v value) (string, string) {
	switch v.kind {
	case kString, kInt, kFloat:
		return strings.TrimSpace(v.text), ""
	}
	return "", "expected a string, got " + describe(v)
}

// oneLine accepts a non-empty string without line breaks.
func oneLine(v value) (string, string) {
	s, p := str(v)
	switch {
	case p != "":
		return "", p
	case s == "":
		return "", "empty"
	case strings.ContainsAny(s, "\n"):
		return "", "must be a single line"
	}
	return s, ""
}

// list accepts a list of non-empty strings. A problem with an item comes
// with the item's line.
func list(v value) ([]string, string, int) {
	if v.kind != kList {
		if v.kind == kString {
			return nil, fmt.Sprintf("expected a list of strings, got %s (write [%q])", describe(v), clip(v.text)), 0
		}
		return nil, "expected a list of strings, got " + describe(v), 0
	}
	out := make([]string, 0, len(v.items))
	for i, it := range v.items {
		s, p := oneLine(it)
		if p != "" {
			return nil, fmt.Sprintf("item %d: %s", i+1, p), it.line
		}
		out = append(out, s)
	}
	return out, "", 0
}

// MaxNameLength is the most characters a participant's name may have.
const MaxNameLength = 200

// names is list for participants' names, which must each be at most
// MaxNameLength characters long.
func names(v value) ([]string, string, int) {
	l, p, line := list(v)
	if p != "" {
		return l, p, line
	}
	for i, s := range l {
		if n := utf8.RuneCountInString(s); n > MaxNameLength {
			return nil, fmt.Sprintf("item %d: a name of %d characters (%q); the most is %d", i+1, n, clip(s), MaxNameLength), v.items[i].line
		}
	}
	return l, "", 0
}

const dateHint = "want YYYY-MM-DD or an RFC 3339 timestamp"

// date accepts a date value, or a string or timestamp in one of the two
// textual forms. The calendar date is kept as written, whatever the offset.
func date(v value) (time.Time, string) {
	var t time.Time
	switch v.kind {
	case kDate:
		if v.bad {
			return time.Time{}, fmt.Sprintf("cannot parse %s as a date (%s)", v.text, dateHint)
		}
		t = v.t
	case kString:
		s := strings.TrimSpace(v.text)
		var err error
		if t, err = time.Parse(time.DateOnly, s); err != nil {
			if t, err = time.Parse(time.RFC3339, s); err != nil {
				return time.Time{}, fmt.Sprintf("cannot parse %s as a date (%s)", describe(v), dateHint)
			}
		}
	case kInt, kFloat:
		return time.Time{}, fmt.Sprintf("cannot parse %s as a date (%s)", describe(v), dateHint)
	default:
		return time.Time{}, fmt.Sprintf("expected a date, got %s (%s)", describe(v), dateHint)
	}
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), ""
}

// checkSlug allows lowercase letters (and letters without case), digits and
// inner hyphens: a slug is one path segment, so no "/", no "..".
func checkSlug(s string) string {
	ok := s != "" && !strings.HasPrefix(s, "-") && !strings.HasSuffix(s, "-")
	for _, r := range s {
		if !(r == '-' || unicode.IsDigit(r) || unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r)) {
			ok = false
		}
	}
	if ok {
		return ""
	}
	msg := fmt.Sprintf("%q: use only lowercase letters, digits and hyphens", clip(s))
	if alt := slugify(s); alt != "" && alt != s {
		msg += fmt.Sprintf(" (try %q)", clip(alt))
	}
	return msg
}

// slugify proposes a valid slug for s.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsDigit(r) || unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// checkURL allows absolute http and https URLs with a host, nothing else: the
// value ends up in an href.
func checkURL(s string) string {
	bad := fmt.Sprintf("%q is not an absolute http or https URL", clip(s))
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return bad + " (it contains spaces)"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return bad
	}
	return ""
}
