// Package pages decides what pages a site has and where each one lives.
//
// Every URL of the site comes from Router. Page paths are directories with an
// index.html ("articles/<slug>/"), so links never name a file and the site
// works on any static host. Links are root-relative and carry the base URL's
// path, so a site built with --base-url https://example.org/briefing/ links
// to /briefing/articles/<slug>/ and works under that subpath.
package pages

import (
	"cmp"
	"net/url"
	"path"
	"slices"
	"strings"

	"briefing/site/index"
)

// Kind names a kind of page; each kind has a template of the same name.
type Kind string

// Page kinds.
const (
	Home         Kind = "home"
	ArticlePage  Kind = "article"
	Participants Kind = "participants"
	Participant  Kind = "participant"
	Topics       Kind = "topics"
	Topic        Kind = "topic"
	Timeline     Kind = "timeline"
	NotFound     Kind = "404"
)

// Router maps site objects to URLs. The zero value serves from the domain root.
type Router struct {
	base *url.URL // absolute or root-relative, with a trailing slash
}

// NewRouter returns a Router for a base URL ("/", "/sub/", "https://host/sub/").
func NewRouter(baseURL string) (Router, error) {
	if baseURL == "" {
		baseURL = "/"
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return Router{}, err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return Router{base: u}, nil
}

// BasePath is the path part of the base URL, with leading and trailing slashes.
func (r Router) BasePath() string {
	if r.base == nil {
		return "/"
	}
	return r.base.Path
}

// Path returns the site-relative path of a page: "" for the home page,
// "articles/<slug>/", "participants/", "404.html", ...
func (r Router) Path(kind Kind, slug string) string {
	switch kind {
	case Home:
		return ""
	case ArticlePage:
		return "articles/" + slug + "/"
	case Participants:
		return "participants/"
	case Participant:
		return "participants/" + slug + "/"
	case Topics:
		return "topics/"
	case Topic:
		return "topics/" + slug + "/"
	case Timeline:
		return "timeline/"
	case NotFound:
		return "404.html"
	}
	panic("pages: unknown page kind " + string(kind))
}

// File returns the output file of a site-relative path.
func File(sitePath string) string {
	if sitePath == "" || strings.HasSuffix(sitePath, "/") {
		return sitePath + "index.html"
	}
	return sitePath
}

// Href returns the link to a site-relative path (a page path or an asset such
// as "style.css"), as used in href and src attributes.
func (r Router) Href(sitePath string) string {
	if sitePath == "" {
		return (&url.URL{Path: r.BasePath()}).EscapedPath()
	}
	return (&url.URL{Path: path.Join(r.BasePath(), sitePath) + trailingSlash(sitePath)}).EscapedPath()
}

// Absolute returns the absolute URL of a site-relative path, or the
// root-relative link when the base URL has no host.
func (r Router) Absolute(sitePath string) string {
	if r.base == nil || r.base.Host == "" {
		return r.Href(sitePath)
	}
	u := *r.base
	if sitePath != "" {
		u.Path = path.Join(r.base.Path, sitePath) + trailingSlash(sitePath)
	}
	u.RawPath = ""
	return u.String()
}

func trailingSlash(p string) string {
	if strings.HasSuffix(p, "/") && p != "/" {
		return "/"
	}
	return ""
}

// ArticleURL, ParticipantURL and TopicURL are the links to those pages.
func (r Router) ArticleURL(a *index.Article) string { return r.Href(r.Path(ArticlePage, a.Slug)) }

// ParticipantURL is the link to a participant's page.
func (r Router) ParticipantURL(p *index.Participant) string {
	return r.Href(r.Path(Participant, p.ID))
}

// TopicURL is the link to a topic's page.
func (r Router) TopicURL(t *index.Topic) string { return r.Href(r.Path(Topic, t.ID)) }

// EventURL is the link to an event's section of the timeline page.
func (r Router) EventURL(e *index.Event) string {
	return r.Href(r.Path(Timeline, "")) + "#" + EventAnchor(e)
}

// EventAnchor is the id of an event's section on the timeline page.
func EventAnchor(e *index.Event) string { return "event-" + e.ID }

// Page is one HTML page to render: which template, where, and its data.
type Page struct {
	Kind  Kind
	Path  string // site-relative path, as Router.Path
	Title string

	Site        *index.Site
	Article     *index.Article     // Kind article
	Participant *index.Participant // Kind participant
	Topic       *index.Topic       // Kind topic
	Top         []*index.Participant
}

// List returns every page of the site in a fixed order.
func List(s *index.Site, r Router, siteTitle string, topParticipants int) []*Page {
	out := make([]*Page, 0, 4+len(s.Articles)+len(s.Participants)+len(s.Topics))
	add := func(p *Page) {
		p.Site = s
		out = append(out, p)
	}
	add(&Page{Kind: Home, Path: r.Path(Home, ""), Title: siteTitle, Top: mostMentioned(s.Participants, topParticipants)})
	add(&Page{Kind: Participants, Path: r.Path(Participants, ""), Title: "Participants"})
	add(&Page{Kind: Topics, Path: r.Path(Topics, ""), Title: "Topics"})
	add(&Page{Kind: Timeline, Path: r.Path(Timeline, ""), Title: "Timeline"})
	add(&Page{Kind: NotFound, Path: r.Path(NotFound, ""), Title: "Page not found"})
	for _, a := range s.Articles {
		add(&Page{Kind: ArticlePage, Path: r.Path(ArticlePage, a.Slug), Title: a.Title, Article: a})
	}
	for _, p := range s.Participants {
		add(&Page{Kind: Participant, Path: r.Path(Participant, p.ID), Title: p.Name, Participant: p})
	}
	for _, t := range s.Topics {
		add(&Page{Kind: Topic, Path: r.Path(Topic, t.ID), Title: t.Name, Topic: t})
	}
	return out
}

// mostMentioned returns up to n participants, those in the most articles first.
func mostMentioned(ps []*index.Participant, n int) []*index.Participant {
	top := slices.Clone(ps)
	slices.SortStableFunc(top, func(a, b *index.Participant) int {
		return cmp.Or(-cmp.Compare(len(a.Articles), len(b.Articles)), -cmp.Compare(a.Mentions, b.Mentions))
	})
	if len(top) > n {
		top = top[:n]
	}
	return top
}
