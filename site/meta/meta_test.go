package meta

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"briefing/site/article"
)

type syntax struct {
	name  string
	parse func(path, src string, firstLine int) (Meta, error)
}

var (
	yamlSyntax = syntax{"yaml", ParseYAML}
	tomlSyntax = syntax{"toml", ParseTOML}
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseValid(t *testing.T) {
	full := Meta{
		Title: "Talks resume: “a new start”", Slug: "talks-resume", Source: "Daily Post",
		URL: "https://example.com/a?b=1", Summary: "Two lines\nof summary.", Author: "A. Writer",
		Date: day(2024, 3, 5), Draft: true,
		Participants: []string{"Jane Roe", "ACME Corp"}, Exclude: []string{"Monday"}, Topics: []string{"trade", "eu"},
	}
	tests := []struct {
		name   string
		syntax syntax
		src    string
		want   Meta
		lines  map[string]int
	}{
		{"yaml full", yamlSyntax, `title: "Talks resume: “a new start”"
slug: talks-resume
source: Daily Post
url: https://example.com/a?b=1
summary: |-
  Two lines
  of summary.
author: A. Writer
date: 2024-03-05
draft: true
participants: [Jane Roe, ACME Corp]
exclude:
  - Monday
topics: [trade, eu]
`, full, map[string]int{"title": 10, "slug": 11, "source": 12, "url": 13, "summary": 14, "author": 17,
			"date": 18, "draft": 19, "participants": 20, "exclude": 21, "topics": 23}},
		{"toml full", tomlSyntax, `title = "Talks resume: “a new start”"
slug = "talks-resume"
source = 'Daily Post'
url = "https://example.com/a?b=1"
summary = """
Two lines
of summary."""
author = "A. Writer"
date = 2024-03-05
draft = true
participants = ["Jane Roe", "ACME Corp"]
exclude = [
  "Monday",
]
topics = ["trade", "eu"]
`, full, map[string]int{"title": 10, "slug": 11, "source": 12, "url": 13, "summary": 14, "author": 17,
			"date": 18, "draft": 19, "participants": 20, "exclude": 21, "topics": 24}},
		{"yaml empty", yamlSyntax, "", Meta{}, map[string]int{}},
		{"yaml comments only", yamlSyntax, "# nothing yet\n", Meta{}, map[string]int{}},
		{"toml empty", tomlSyntax, "\n# nothing\n", Meta{}, map[string]int{}},
		{"yaml null is absent", yamlSyntax, "title: T\nsummary:\n", Meta{Title: "T"}, map[string]int{"title": 10}},
		{"yaml number title", yamlSyntax, "title: 1984", Meta{Title: "1984"}, map[string]int{"title": 10}},
		{"yaml quoted date", yamlSyntax, `date: "2024-03-05"`, Meta{Date: day(2024, 3, 5)}, map[string]int{"date": 10}},
		{"yaml rfc3339 keeps calendar date", yamlSyntax, `date: 2024-03-05T23:30:00-05:00`, Meta{Date: day(2024, 3, 5)}, map[string]int{"date": 10}},
		{"yaml rfc3339 string", yamlSyntax, `date: "2024-03-05T01:30:00+09:00"`, Meta{Date: day(2024, 3, 5)}, map[string]int{"date": 10}},
		{"toml datetime", tomlSyntax, `date = 2024-03-05T23:30:00-05:00`, Meta{Date: day(2024, 3, 5)}, map[string]int{"date": 10}},
		{"toml local datetime", tomlSyntax, `date = 2024-03-05 08:00:00`, Meta{Date: day(2024, 3, 5)}, map[string]int{"date": 10}},
		{"toml string date", tomlSyntax, `date = "2024-03-05"`, Meta{Date: day(2024, 3, 5)}, map[string]int{"date": 10}},
		{"unicode slug", yamlSyntax, "slug: выборы-2024", Meta{Slug: "выборы-2024"}, map[string]int{"slug": 10}},
		{"yaml anchors", yamlSyntax, "participants: &p [A]\nexclude: *p", Meta{Participants: []string{"A"}, Exclude: []string{"A"}},
			map[string]int{"participants": 10, "exclude": 11}},
		{"toml other tables ignored after unknown report", tomlSyntax, "title = \"T\"", Meta{Title: "T"}, map[string]int{"title": 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.syntax.parse("a.md", tt.src, 10)
			if err != nil {
				t.Fatalf("unexpected error:\n%v", err)
			}
			if !reflect.DeepEqual(got.Lines, tt.lines) {
				t.Errorf("Lines = %v, want %v", got.Lines, tt.lines)
			}
			got.Lines, tt.want.Lines = nil, nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		syntax syntax
		src    string
		want   []string // every error, in order; firstLine is 2
	}{
		// unknown fields
		{"yaml unknown typo", yamlSyntax, "titel: x", []string{`p.md:2: titel: unknown field (did you mean "title"?)`}},
		{"toml unknown typo", tomlSyntax, "\ntitel = 'x'", []string{`p.md:3: titel: unknown field (did you mean "title"?)`}},
		{"unknown case", yamlSyntax, "Title: x", []string{`p.md:2: Title: unknown field (did you mean "title"?)`}},
		{"unknown synonym", tomlSyntax, "tags = ['a']", []string{`p.md:2: tags: unknown field (did you mean "topics"?)`}},
		{"unknown far", yamlSyntax, "colour: red", []string{`p.md:2: colour: unknown field (known fields: author, date, draft, exclude, participants, slug, source, summary, title, topics, url)`}},
		{"toml unknown table", tomlSyntax, "title = 'x'\n[params]\na = 1\n[params.b]\n", []string{`p.md:3: params: unknown field (known fields: author, date, draft, exclude, participants, slug, source, summary, title, topics, url)`}},
		{"toml dotted known", tomlSyntax, "title.main = 'x'", []string{`p.md:2: title: expected a string, got a table`}},
		// wrong types
		{"yaml draft yes", yamlSyntax, "draft: yes", []string{`p.md:2: draft: expected true or false, got "yes"`}},
		{"toml draft string", tomlSyntax, `draft = "true"`, []string{`p.md:2: draft: expected true or false, got "true"`}},
		{"toml draft int", tomlSyntax, `draft = 1`, []string{`p.md:2: draft: expected true or false, got 1`}},
		{"yaml title list", yamlSyntax, "title: [a, b]", []string{`p.md:2: title: expected a string, got a list`}},
		{"yaml title map", yamlSyntax, "title:\n  a: b", []string{`p.md:3: title: expected a string, got a table`}},
		{"toml title bool", tomlSyntax, "title = true", []string{`p.md:2: title: expected a string, got true`}},
		{"yaml empty title", yamlSyntax, `title: ""`, []string{`p.md:2: title: empty`}},
		{"yaml multiline title", yamlSyntax, "title: |\n  a\n  b", []string{`p.md:2: title: must be a single line`}},
		{"yaml topics string", yamlSyntax, "topics: trade", []string{`p.md:2: topics: expected a list of strings, got "trade" (write ["trade"])`}},
		{"toml topics number", tomlSyntax, "topics = 3", []string{`p.md:2: topics: expected a list of strings, got 3`}},
		{"yaml list item", yamlSyntax, "participants:\n  - Ann\n  - [x]\n", []string{`p.md:4: participants: item 2: expected a string, got a list`}},
		{"toml list item", tomlSyntax, "exclude = [\n  'a',\n  true,\n]", []string{`p.md:4: exclude: item 2: expected a string, got true`}},
		{"toml empty item", tomlSyntax, "topics = ['a', '']", []string{`p.md:2: topics: item 2: empty`}},
		// dates
		{"yaml bad date", yamlSyntax, "date: 2024-13-01", []string{`p.md:2: date: cannot parse "2024-13-01" as a date (want YYYY-MM-DD or an RFC 3339 timestamp)`}},
		{"yaml date words", yamlSyntax, "date: March 5, 2024", []string{`p.md:2: date: cannot parse "March 5, 2024" as a date (want YYYY-MM-DD or an RFC 3339 timestamp)`}},
		{"yaml date number", yamlSyntax, "date: 2024", []string{`p.md:2: date: cannot parse 2024 as a date (want YYYY-MM-DD or an RFC 3339 timestamp)`}},
		{"toml bad date", tomlSyntax, "date = 2024-02-30", []string{`p.md:2: date: cannot parse 2024-02-30 as a date (want YYYY-MM-DD or an RFC 3339 timestamp)`}},
		{"toml time of day", tomlSyntax, "date = 07:32:00", []string{`p.md:2: date: expected a date, got a time of day (want YYYY-MM-DD or an RFC 3339 timestamp)`}},
		{"toml date list", tomlSyntax, "date = [2024-01-01]", []string{`p.md:2: date: expected a date, got a list (want YYYY-MM-DD or an RFC 3339 timestamp)`}},
		// urls
		{"yaml javascript url", yamlSyntax, "url: javascript:alert(1)", []string{`p.md:2: url: "javascript:alert(1)" is not an absolute http or https URL`}},
		{"toml relative url", tomlSyntax, "url = '/a/b'", []string{`p.md:2: url: "/a/b" is not an absolute http or https URL`}},
		{"toml ftp url", tomlSyntax, "url = 'ftp://example.com/x'", []string{`p.md:2: url: "ftp://example.com/x" is not an absolute http or https URL`}},
		{"yaml url no host", yamlSyntax, "url: 'http:///x'", []string{`p.md:2: url: "http:///x" is not an absolute http or https URL`}},
		{"yaml url spaces", yamlSyntax, "url: http://example.com/a b", []string{`p.md:2: url: "http://example.com/a b" is not an absolute http or https URL (it contains spaces)`}},
		// slugs
		{"yaml slug caps", yamlSyntax, "slug: My Post", []string{`p.md:2: slug: "My Post": use only lowercase letters, digits and hyphens (try "my-post")`}},
		{"toml slug slash", tomlSyntax, "slug = 'a/b'", []string{`p.md:2: slug: "a/b": use only lowercase letters, digits and hyphens (try "a-b")`}},
		{"toml slug dots", tomlSyntax, "slug = '..'", []string{`p.md:2: slug: "..": use only lowercase letters, digits and hyphens`}},
		{"yaml slug hyphen", yamlSyntax, "slug: -a-", []string{`p.md:2: slug: "-a-": use only lowercase letters, digits and hyphens (try "a")`}},
		{"yaml slug empty", yamlSyntax, "slug: ''", []string{`p.md:2: slug: "": use only lowercase letters, digits and hyphens`}},
		// duplicates
		{"yaml duplicate", yamlSyntax, "title: a\ntitle: b", []string{`p.md:3: title: given twice (first on line 2)`}},
		{"toml duplicate", tomlSyntax, "title = 'a'\ntitle = 'b'", []string{`p.md:3: title: given twice (first on line 2)`}},
		// syntax
		{"yaml syntax", yamlSyntax, "title: a\nsummary: [b\n", []string{`p.md:3: invalid YAML: did not find expected ',' or ']'`}},
		{"yaml not a map", yamlSyntax, "- a\n- b", []string{`p.md:2: expected "field: value" lines, got a list`}},
		{"yaml scalar doc", yamlSyntax, "\njust text", []string{`p.md:3: expected "field: value" lines, got "just text"`}},
		{"yaml tab indent", yamlSyntax, "title: a\n\tslug: b", []string{`p.md:3: invalid YAML: found a tab character that violates indentation`}},
		{"yaml syntax at end", yamlSyntax, "title: a\nsummary: [b,\n", []string{`p.md:3: invalid YAML: did not find expected node content`}},
		{"yaml syntax first line", yamlSyntax, "title: [\n\nx: y", []string{`p.md:4: invalid YAML: did not find expected ',' or ']'`}},
		{"yaml mapping in scalar", yamlSyntax, "title: a\nsource: b: c\n", []string{`p.md:3: invalid YAML: mapping values are not allowed in this context`}},
		{"yaml unknown anchor", yamlSyntax, "title: *a\n", []string{`p.md:2: invalid YAML: unknown anchor 'a' referenced`}},
		{"toml syntax", tomlSyntax, "title = 'a'\nslug = \n", []string{`p.md:3: invalid TOML: unexpected character U+000A at start of value`}},
		{"toml missing equals", tomlSyntax, "\n\ntitle 'a'", []string{`p.md:4: invalid TOML: expected '=' after key`}},
		{"toml unterminated", tomlSyntax, "title = \"a\n", []string{`p.md:2: invalid TOML: basic strings cannot have new lines`}},
		// everything at once, in line order
		{"yaml many", yamlSyntax, "titel: x\ndraft: no\ndate: soon\nurl: x\nslug: A\n", []string{
			`p.md:2: titel: unknown field (did you mean "title"?)`,
			`p.md:3: draft: expected true or false, got "no"`,
			`p.md:4: date: cannot parse "soon" as a date (want YYYY-MM-DD or an RFC 3339 timestamp)`,
			`p.md:5: url: "x" is not an absolute http or https URL`,
			`p.md:6: slug: "A": use only lowercase letters, digits and hyphens (try "a")`,
		}},
		{"toml many then syntax error", tomlSyntax, "titel = 'x'\ndraft = 'no'\nsource = 'a'\nsummary = [\n", []string{
			`p.md:2: titel: unknown field (did you mean "title"?)`,
			`p.md:3: draft: expected true or false, got "no"`,
			`p.md:5: invalid TOML: array is incomplete`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.syntax.parse("p.md", tt.src, 2)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			var es article.Errors
			if !errors.As(err, &es) {
				t.Fatalf("error is %T, want article.Errors", err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestApply(t *testing.T) {
	m, err := ParseTOML("a.meta.toml", "title = 'New'\ndraft = false\ntopics = []\n", 1)
	if err != nil {
		t.Fatal(err)
	}
	a := &article.Article{Title: "Old", Source: "Kept", Draft: true, Topics: []string{"x"}}
	m.Apply(a)
	if a.Title != "New" || a.Source != "Kept" || a.Draft || len(a.Topics) != 0 {
		t.Errorf("after Apply: %+v", a)
	}
	if !m.Has("draft") || m.Has("source") {
		t.Errorf("Has: draft=%v source=%v", m.Has("draft"), m.Has("source"))
	}
}

func TestParseSidecar(t *testing.T) {
	m, err := ParseSidecar("c.meta.toml", []byte("\ufeff# note\r\nsource = \"Wire\"\r\ndate = 2024-01-02\r\n"))
	if err != nil || m.Source != "Wire" || !m.Date.Equal(day(2024, 1, 2)) || m.Lines["date"] != 3 {
		t.Errorf("ParseSidecar = %+v, %v", m, err)
	}
	if _, err := ParseSidecar("c.meta.toml", []byte("source = \"\xff\"")); err == nil || !strings.Contains(err.Error(), "c.meta.toml:1:") {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
	_, err = ParseSidecar("c.meta.toml", []byte("\nsorce = 'x'\n"))
	if err == nil || err.Error() != `c.meta.toml:2: sorce: unknown field (did you mean "source"?)` {
		t.Errorf("err = %v", err)
	}
}

func TestSuggest(t *testing.T) {
	for key, want := range map[string]string{
		"titel": "title", "tilte": "title", "dat": "date", "slugs": "slug", "participant": "participants",
		"excludes": "exclude", "topic": "topics", "summery": "summary", "autor": "author", "URL": "url",
		"description": "summary", "x": "", "foo": "", "weather": "",
	} {
		if got := suggest(key); got != want {
			t.Errorf("suggest(%q) = %q, want %q", key, got, want)
		}
	}
}

func FuzzParseYAML(f *testing.F) {
	for _, s := range []string{"title: a\ndate: 2024-01-02\ntopics: [a, b]", "- a", "a: &x [*x]", "draft: yes\n\t", "<<: {a: 1}", "? [a]\n: b",
		"slug: ../x\nurl: javascript:alert(1)\ntitle: [a]", "title: a\ntitle: b\n", "topics: [a, '', b]\r\nauthor: \"x\\ny\"", "date: 2024-02-30T25:00:00Z\u0085x: 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkParse(t, ParseYAML, src, 2)
	})
}

func FuzzParseTOML(f *testing.F) {
	for _, s := range []string{"title = 'a'\ndate = 2024-01-02\ntopics = ['a', 'b']", "[a]\nb = 1", "a.b.c = 1", "x = [[1], {a = 2}]", "d = 07:00:00",
		"slug = '../x'\nurl = 'javascript:alert(1)'\ntitle = ['a']", "title = 'a'\ntitle = 'b'", "topics = ['a', '', 'b']\r\nauthor = \"x\\ny\"", "date = 2024-02-30\n["} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkParse(t, ParseTOML, src, 1)
	})
}

// checkParse parses src twice and checks what any parse must give, valid
// or not: the same result both times, a well-formed error, and a Meta
// holding valid values for the fields named in Lines and zero values for
// the others (on error, Meta keeps the fields that were valid).
func checkParse(t *testing.T, parse func(path, src string, firstLine int) (Meta, error), src string, firstLine int) {
	m, err := parse("f.md", src, firstLine)
	m2, err2 := parse("f.md", src, firstLine)
	if !reflect.DeepEqual(m, m2) || fmt.Sprint(err) != fmt.Sprint(err2) {
		t.Fatalf("not deterministic: %+v, %v then %+v, %v", m, err, m2, err2)
	}
	last := firstLine + lineBreaks(src)
	if !utf8.ValidString(src) {
		// Front matter is always UTF-8 (textnorm sees to it); bytes that
		// are not may be read as UTF-16 after a byte order mark, with
		// other line breaks.
		last = math.MaxInt
	}
	checkErr(t, err, firstLine, last)
	checkMeta(t, m, firstLine, last)
}

// lineBreaks counts the line breaks in src as YAML does ("\r\n", "\r",
// "\n", NEL, LS and PS), which is never fewer than TOML counts.
func lineBreaks(src string) int {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	return strings.Count(src, "\n") + strings.Count(src, "\r") + strings.Count(src, "\u0085") +
		strings.Count(src, "\u2028") + strings.Count(src, "\u2029")
}

// checkErr checks that a parse error is a non-empty article.Errors, sorted
// by line, whose lines are within the source (first to last).
func checkErr(t *testing.T, err error, first, last int) {
	t.Helper()
	if err == nil {
		return
	}
	es, ok := err.(article.Errors)
	if !ok || len(es) == 0 {
		t.Fatalf("error %T %v, want non-empty article.Errors", err, err)
	}
	prev := 0
	for _, e := range es {
		if e.Line < first || e.Line > last || e.Path == "" || e.Msg == "" {
			t.Fatalf("bad error %+v (source lines %d-%d)", e, first, last)
		}
		if e.Line < prev {
			t.Fatalf("errors not sorted by line: %v", err)
		}
		prev = e.Line
	}
}

// checkMeta checks that every field named in m.Lines is known, on a line of
// the source and valid, and that every other field is zero.
func checkMeta(t *testing.T, m Meta, first, last int) {
	t.Helper()
	for f, line := range m.Lines {
		if _, ok := fields[f]; !ok || line < first || line > last {
			t.Fatalf("Lines[%q] = %d (source lines %d-%d)", f, line, first, last)
		}
	}
	singleLine := func(f, s string) {
		if m.Has(f) && (s == "" || strings.Contains(s, "\n")) {
			t.Fatalf("%s %q: empty or several lines", f, s)
		}
	}
	singleLine("title", m.Title)
	singleLine("source", m.Source)
	singleLine("author", m.Author)
	for f, l := range map[string][]string{"participants": m.Participants, "exclude": m.Exclude, "topics": m.Topics} {
		for _, s := range l {
			singleLine(f, s)
		}
	}
	if m.Has("slug") && checkSlug(m.Slug) != "" {
		t.Fatalf("invalid slug %q accepted", m.Slug)
	}
	if m.Has("url") && checkURL(m.URL) != "" {
		t.Fatalf("invalid url %q accepted", m.URL)
	}
	if m.Has("date") && !m.Date.Equal(m.Date.UTC().Truncate(24*time.Hour)) {
		t.Fatalf("date %v is not a UTC midnight", m.Date)
	}
	// The fields not given, or given with a bad value, are zero: Apply,
	// which copies the fields in Lines only, copies all there is.
	var a article.Article
	m.Apply(&a)
	applied := Meta{Title: a.Title, Slug: a.Slug, Source: a.Source, URL: a.URL, Summary: a.Summary, Author: a.Author,
		Date: a.Date, Draft: a.Draft, Participants: a.Participants, Exclude: a.Exclude, Topics: a.Topics, Lines: m.Lines}
	if !reflect.DeepEqual(m, applied) {
		t.Fatalf("fields outside Lines are not zero:\n got %+v\nwant %+v", m, applied)
	}
}
