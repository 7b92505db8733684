// Package render turns pages into bytes with html/template.
//
// A theme is a file system with templates/ and static/. templates/layout.html
// is the shared shell; it calls {{block "main" .}} and {{block "title" .}},
// which each page template (home.html, article.html, participants.html,
// participant.html, topics.html, topic.html, articles.html, events.html,
// timeline.html, 404.html) defines. Files whose
// names start with "_" are partials available to every page. Templates are
// parsed once, by New; Render is safe for concurrent use.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"time"

	"briefing/site/dates"
	"briefing/site/index"
	"briefing/site/pages"
)

// SiteInfo is what every template can read about the site as a whole.
type SiteInfo struct {
	Title       string
	Description string
	Language    string
}

// View is the data a page template executes with.
type View struct {
	*pages.Page
	Info SiteInfo
}

// Renderer holds the parsed templates of a theme.
type Renderer struct {
	byKind map[pages.Kind]*template.Template
	router pages.Router
	info   SiteInfo
}

// Kinds lists the page kinds a theme must have a template for.
var kinds = []pages.Kind{pages.Home, pages.ArticlePage, pages.Participants, pages.Participant, pages.Topics, pages.Topic,
	pages.Articles, pages.Events, pages.Timeline, pages.NotFound}

// New parses the theme's templates. Errors name the template file and line.
func New(theme fs.FS, r pages.Router, info SiteInfo) (*Renderer, error) {
	base := template.New("layout.html").Funcs(funcs(r))
	layout, err := fs.ReadFile(theme, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if _, err := base.Parse(string(layout)); err != nil {
		return nil, fmt.Errorf("templates/%w", err)
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
	rd := &Renderer{byKind: map[pages.Kind]*template.Template{}, router: r, info: info}
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
		return fmt.Errorf("templates/%w", err)
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
	if err := t.ExecuteTemplate(buf, "layout.html", View{Page: p, Info: rd.info}); err != nil {
		return fmt.Errorf("rendering %s: %w", pages.File(p.Path), err)
	}
	return nil
}

func funcs(r pages.Router) template.FuncMap {
	return template.FuncMap{
		"articleURL":     r.ArticleURL,
		"participantURL": r.ParticipantURL,
		"topicURL":       r.TopicURL,
		"eventURL":       r.EventURL,
		"eventAnchor":    pages.EventAnchor,
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
		// asset links to a file under static/, e.g. {{asset "style.css"}}.
		"asset": func(name string) string { return r.Href(strings.TrimPrefix(name, "/")) },
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
