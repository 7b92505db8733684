// Package render turns pages into bytes with html/template.
//
// A theme is a file system with templates/ and static/. templates/layout.html
// is the shared shell; it calls {{block "main" .}} and {{block "title" .}},
// which each page template (home.html, article.html, participants.html,
// participant.html, topics.html, topic.html, articles.html, events.html,
// event.html, timeline.html, 404.html) defines. Files whose
// names start with "_" are partials available to every page. Templates are
// parsed once, by New; Render is safe for concurrent use.
//
// Templates execute with the *pages.Page as dot. A partial whose output
// depends on its dot alone can be rendered once per build and reused with
// partialCached (see [Renderer]); the default theme does so for everything
// that appears on many pages, such as an article's link and byline.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"briefing/site/dates"
	"briefing/site/feeds"
	"briefing/site/index"
	"briefing/site/pages"
)

// SiteInfo is what every template can read about the site as a whole,
// through the site function: {{site.Title}}.
type SiteInfo struct {
	Title       string
	Description string
	Language    string
	// Assets are the static files written under another name, by their
	// path under static/ ("style.css"); the asset and integrity functions
	// read them.
	Assets map[string]Asset
}

// Asset is a static file written under a fingerprinted name.
type Asset struct {
	Path      string // where it is written, relative to the site root: "style.3f2a9c1d.css"
	Integrity string // its Subresource Integrity value: "sha384-…"
}

// Renderer holds the parsed templates of a theme and, for one build, the
// partials already rendered by partialCached.
type Renderer struct {
	byKind   map[pages.Kind]*template.Template
	partials *template.Template // the layout and partials, for partialCached
	router   pages.Router
	info     *SiteInfo
	cached   map[string]*fragments // by partial name; filled by New, read-only after
}

// fragments holds one partial's renderings, by dot.
type fragments struct {
	mu   sync.RWMutex
	html map[any]template.HTML
}

// Kinds lists the page kinds a theme must have a template for.
var kinds = []pages.Kind{pages.Home, pages.ArticlePage, pages.Participants, pages.Participant, pages.Topics, pages.Topic,
	pages.Articles, pages.Events, pages.Event, pages.Timeline, pages.NotFound, pages.Search}

// templateError names the template file of a parse or execution error
// the way every other error names a file: "templates/article.html:12: ...",
// where html/template says "template: article.html:12: ...".
func templateError(err error) error {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "template: ")
	if !ok {
		return err
	}
	return &wrapped{msg: "templates/" + rest, err: err}
}

// PageError is a page that failed to render.
type PageError struct {
	Page string // output path, "articles/x/index.html"
	Err  error  // names the template file and line
}

func (e *PageError) Error() string { return fmt.Sprintf("%v (rendering %s)", e.Err, e.Page) }
func (e *PageError) Unwrap() error { return e.Err }

// wrapped is an error with a new message that still unwraps to the original.
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// FeedLink is a feed a page advertises with <link rel="alternate">.
type FeedLink struct {
	Title, Href string
	Atom        bool // Atom, else JSON Feed
}

func (rd *Renderer) feedLinks(p *pages.Page) []FeedLink {
	r := rd.router
	var out []FeedLink
	add := func(kind pages.Kind, slug, name string) {
		atom, js := feeds.FeedPaths(kind, slug, r)
		if atom == "" {
			return
		}
		if name != "" {
			name += " · "
		}
		name += rd.siteName()
		out = append(out, FeedLink{name + " (Atom)", r.Href(atom), true}, FeedLink{name + " (JSON Feed)", r.Href(js), false})
	}
	switch {
	case p.Kind == pages.Topic && p.Topic != nil:
		add(pages.Topic, p.Topic.ID, p.Topic.Name)
	case p.Kind == pages.Participant && p.Participant != nil:
		add(pages.Participant, p.Participant.ID, p.Participant.Name)
	}
	add(pages.Home, "", "")
	return out
}

// IsPageKind reports whether k is a kind of page with its own template,
// templates/<k>.html.
func IsPageKind(k pages.Kind) bool { return slices.Contains(kinds, k) }

// New parses the theme's templates. Errors name the template file and line.
func New(theme fs.FS, r pages.Router, info SiteInfo) (*Renderer, error) {
	rd := &Renderer{byKind: map[pages.Kind]*template.Template{}, router: r, info: &info}
	base := template.New("layout.html").Funcs(rd.funcs())
	layout, err := fs.ReadFile(theme, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if _, err := base.Parse(string(layout)); err != nil {
		return nil, templateError(err)
	}
	partials, err := fs.Glob(theme, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range partials {
		if err := parseFile(base, theme, p); err != nil {
			return nil, err
		}
	}
	// Clone before anything executes: html/template forbids it after.
	if rd.partials, err = base.Clone(); err != nil {
		return nil, err
	}
	rd.cached = map[string]*fragments{}
	for _, t := range rd.partials.Templates() {
		rd.cached[t.Name()] = &fragments{html: map[any]template.HTML{}}
	}
	for _, k := range kinds {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseFile(t, theme, "templates/"+string(k)+".html"); err != nil {
			return nil, err
		}
		rd.byKind[k] = t
	}
	return rd, nil
}

func parseFile(t *template.Template, theme fs.FS, name string) error {
	src, err := fs.ReadFile(theme, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if _, err := t.New(path.Base(name)).Parse(string(src)); err != nil {
		return templateError(err)
	}
	return nil
}

// Render executes the page's template into buf (which it resets).
func (rd *Renderer) Render(buf *bytes.Buffer, p *pages.Page) error {
	buf.Reset()
	t := rd.byKind[p.Kind]
	if t == nil {
		return fmt.Errorf("no template for page kind %q", p.Kind)
	}
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		return &PageError{Page: pages.File(p.Path), Err: templateError(err)}
	}
	return nil
}

// partialCached renders the partial name with dot, once per build for each
// name and dot: later calls return the first result. dot must be a pointer
// or another comparable value, and the partial's output must depend on dot
// alone (and on site); it is used in HTML text.
func (rd *Renderer) partialCached(name string, dot any) (template.HTML, error) {
	if dot != nil && !reflect.TypeOf(dot).Comparable() {
		return "", fmt.Errorf("partialCached %q: a %T cannot be a cache key; pass a pointer or a plain value", name, dot)
	}
	c := rd.cached[name]
	if c == nil {
		return "", fmt.Errorf("partialCached: no partial %q in templates/_*.html", name)
	}
	c.mu.RLock()
	html, ok := c.html[dot]
	c.mu.RUnlock()
	if ok {
		return html, nil
	}
	var buf strings.Builder
	if err := rd.partials.ExecuteTemplate(&buf, name, dot); err != nil {
		return "", err
	}
	html = template.HTML(buf.String())
	c.mu.Lock()
	c.html[dot] = html
	c.mu.Unlock()
	return html, nil
}

// partialCachedEach is partialCached for each element of a slice, joined.
func (rd *Renderer) partialCachedEach(name string, list any) (template.HTML, error) {
	v := reflect.ValueOf(list)
	if list == nil || v.Kind() == reflect.Slice && v.Len() == 0 {
		return "", nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return "", fmt.Errorf("partialCachedEach %q: want a list, got %T", name, list)
	}
	var buf strings.Builder
	for i := range v.Len() {
		html, err := rd.partialCached(name, v.Index(i).Interface())
		if err != nil {
			return "", err
		}
		buf.WriteString(string(html))
	}
	return template.HTML(buf.String()), nil
}

func (rd *Renderer) funcs() template.FuncMap {
	r := rd.router
	return template.FuncMap{
		// site returns the site's title, description and language.
		"site": func() *SiteInfo { return rd.info },
		// partialCached renders a partial once per dot and reuses it.
		"partialCached": rd.partialCached,
		// partialCachedEach renders a partial for each element of a list, joined.
		"partialCachedEach": rd.partialCachedEach,
		// jsonLD is the page's schema.org data, for a script element of type application/ld+json.
		"jsonLD": rd.jsonLD,
		// canonical is the page's absolute URL (root-relative when the base URL has no host).
		"canonical": func(p *pages.Page) string { return r.Absolute(p.Path) },
		// feedLinks lists the feeds to advertise on a page: the site's, and
		// on a topic's or participant's page its own.
		"feedLinks": rd.feedLinks,
		// absoluteURLs reports whether the base URL has a host, so that
		// absolute URLs can be made.
		"absoluteURLs": r.HasHost,
		// quoted lists phrases in quotation marks: “talks”, “summit”.
		"quoted": quoted,
		// snippet shows an excerpt with its match in <mark>.
		"snippet": snippet,
		// first returns the first n elements of a list, or all of a shorter one.
		"first": first,
		// join joins strings with a separator: {{join .Roles "; "}}.
		"join":           func(list []string, sep string) string { return strings.Join(list, sep) },
		"articleURL":     r.ArticleURL,
		"participantURL": r.ParticipantURL,
		"topicURL":       r.TopicURL,
		"eventURL":       r.EventURL,
		"eventListURL":   r.EventListURL,
		// eventHasPage reports whether an event has a page of its own, and
		// eventArticlesShown how many reports the events list shows without one.
		"eventHasPage":       pages.HasPage,
		"eventArticlesShown": func() int { return pages.EventArticlesShown },
		"eventAnchor":        pages.EventAnchor,
		// dateAs formats a date at a precision: "15 December 2015", "March 2011", "2011".
		"dateAs": func(t time.Time, p dates.Precision) string {
			switch p {
			case dates.Month:
				return t.Format("January 2006")
			case dates.Year:
				return t.Format("2006")
			}
			return t.Format("2 January 2006")
		},
		// pageURL links to a listing page: "home", "participants", "topics".
		"pageURL": func(kind string) string { return r.Href(r.Path(pages.Kind(kind), "")) },
		// asset links to a file under static/, e.g. {{asset "style.css"}}:
		// a fingerprinted stylesheet or script under the name it is
		// written as ("/style.3f2a9c1d.css"), any other file as it is.
		"asset": rd.asset,
		// integrity is the Subresource Integrity value of a fingerprinted
		// file under static/, for its integrity attribute; "" for any
		// other: {{with integrity "style.css"}} integrity="{{.}}"{{end}}.
		"integrity": func(name string) string { return rd.info.Assets[strings.TrimPrefix(name, "/")].Integrity },
		// assetTag is the element that loads a stylesheet or script under
		// static/, with its integrity value when it has one:
		// {{assetTag "style.css"}} is <link rel="stylesheet" href="…"
		// integrity="…">, {{assetTag "app.js"}} <script src="…"
		// integrity="…" defer></script>.
		"assetTag": rd.assetTag,
		// date formats a date for readers ("15 December 2015"); "" when unknown.
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2 January 2006")
		},
		// isoDate formats a date for machines (YYYY-MM-DD), for <time datetime>.
		"isoDate": index.Date,
		// isoDateAs is isoDate at a precision: "2011-03" for a month, "2011" for a year.
		"isoDateAs": func(t time.Time, p dates.Precision) string {
			switch p {
			case dates.Month:
				return t.Format("2006-01")
			case dates.Year:
				return t.Format("2006")
			}
			return t.Format(time.DateOnly)
		},
		// plural picks the singular or plural word for n: {{plural n "article" "articles"}}.
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"add": func(a, b int) int { return a + b },
	}
}

// asset is the URL of the file called name under static/: the name it is
// written as when it is fingerprinted.
func (rd *Renderer) asset(name string) string {
	name = strings.TrimPrefix(name, "/")
	if a, ok := rd.info.Assets[name]; ok {
		name = a.Path
	}
	return rd.router.Href(name)
}

// assetTag is the <link> of a stylesheet or the deferred <script> of a
// script under static/. It writes the integrity value as it is, where
// html/template would write its + signs as &#43;.
func (rd *Renderer) assetTag(name string) (template.HTML, error) {
	var integrity string
	if sri := rd.info.Assets[strings.TrimPrefix(name, "/")].Integrity; sri != "" {
		integrity = ` integrity="` + template.HTMLEscapeString(sri) + `"`
	}
	href := template.HTMLEscapeString(rd.asset(name))
	switch strings.ToLower(path.Ext(name)) {
	case ".css":
		return template.HTML(`<link rel="stylesheet" href="` + href + `"` + integrity + `>`), nil
	case ".js":
		return template.HTML(`<script src="` + href + `"` + integrity + ` defer></script>`), nil
	}
	return "", fmt.Errorf("assetTag %q: not a stylesheet (.css) or a script (.js)", name)
}

// quoted lists phrases, each in curly quotation marks, separated by commas.
func quoted(phrases []string) string {
	var b strings.Builder
	for i, p := range phrases {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("“" + p + "”")
	}
	return b.String()
}

// snippet renders an excerpt as escaped text with its match in <mark>.
func snippet(s index.Snippet) template.HTML {
	return template.HTML(template.HTMLEscapeString(s.Before) + "<mark>" + template.HTMLEscapeString(s.Match) + "</mark>" + template.HTMLEscapeString(s.After))
}

// first returns list[:n], or list when it is shorter; list is a slice.
func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return nil, fmt.Errorf("first: want a list, got %T", list)
	}
	if n < 0 {
		return nil, fmt.Errorf("first: negative count %d", n)
	}
	return v.Slice(0, min(n, v.Len())).Interface(), nil
}
