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
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
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
	Articles     Kind = "articles"
	Events       Kind = "events"
	Timeline     Kind = "timeline"
	NotFound     Kind = "404"
)

// Sizes of paged lists. Long lists are split into pages so that no page
// grows with the size of the site.
const (
	PerPage        = 50  // articles, mentions and events on one page
	HomeArticles   = 20  // newest articles on the home page
	MomentsPerPage = 100 // dates on one page of the timeline
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
	case Articles:
		return "articles/"
	case Events:
		return "events/"
	case Timeline:
		return "timeline/"
	case NotFound:
		return "404.html"
	}
	panic("pages: unknown page kind " + string(kind))
}

// PagePath returns the path of page n (from 1) of a paged list: the list's
// own path for the first page, then ".../page/2/" and so on.
func (r Router) PagePath(kind Kind, slug string, n int) string {
	p := r.Path(kind, slug)
	if n <= 1 {
		return p
	}
	return p + "page/" + strconv.Itoa(n) + "/"
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

// EventURL is the link to an event's section of the events list, on the
// page of the list that holds it.
func (r Router) EventURL(e *index.Event) string {
	return r.Href(r.PagePath(Events, "", e.Index/PerPage+1)) + "#" + EventAnchor(e)
}

// EventAnchor is the id of an event's section on the events list.
func EventAnchor(e *index.Event) string { return "event-" + e.ID }

// Page is one HTML page to render: which template, where, and its data.
// A page of a paged list carries its slice of the list and a Pager.
type Page struct {
	Kind  Kind
	Path  string // site-relative path, as Router.Path or Router.PagePath
	Title string

	Site        *index.Site
	Article     *index.Article     // Kind article
	Participant *index.Participant // Kind participant
	Topic       *index.Topic       // Kind topic
	Top         []*index.Participant

	Articles    []*index.Article    // home (the newest), articles list
	Mentions    []*index.Appearance // participant: this page's articles
	Quotes      []*index.Quote      // participant: the quotes of those articles
	Assignments []*index.Assignment // topic: this page's articles
	Events      []*index.Event
	Moments     []*index.Moment
	Pager       *Pager // nil when the list fits on one page
}

// Pager links the pages of a paged list.
type Pager struct {
	Number, Count int    // this page, and how many there are (from 1)
	Prev, Next    string // links; "" at either end
	Links         []PageLink
}

// PageLink is a link to one page of a list; Number 0 stands for a gap.
type PageLink struct {
	Number  int
	Href    string
	Current bool
}

// List returns every page of the site in a fixed order.
func List(s *index.Site, r Router, siteTitle string, topParticipants int) []*Page {
	out := make([]*Page, 0, 8+len(s.Articles)+len(s.Participants)+len(s.Topics))
	add := func(p *Page) {
		p.Site = s
		out = append(out, p)
	}
	add(&Page{Kind: Home, Path: r.Path(Home, ""), Title: siteTitle, Top: mostMentioned(s.Participants, topParticipants),
		Articles: s.Articles[:min(HomeArticles, len(s.Articles))]})
	add(&Page{Kind: Participants, Path: r.Path(Participants, ""), Title: "Participants"})
	add(&Page{Kind: Topics, Path: r.Path(Topics, ""), Title: "Topics"})
	add(&Page{Kind: NotFound, Path: r.Path(NotFound, ""), Title: "Page not found"})
	paged(r, Articles, "", "Articles", len(s.Articles), PerPage, func(p *Page, lo, hi int) {
		p.Articles = s.Articles[lo:hi]
		add(p)
	})
	paged(r, Events, "", "Events", len(s.Events), PerPage, func(p *Page, lo, hi int) {
		p.Events = s.Events[lo:hi]
		add(p)
	})
	paged(r, Timeline, "", "Timeline", len(s.Timeline), MomentsPerPage, func(p *Page, lo, hi int) {
		p.Moments = s.Timeline[lo:hi]
		add(p)
	})
	for _, a := range s.Articles {
		add(&Page{Kind: ArticlePage, Path: r.Path(ArticlePage, a.Slug), Title: a.Title, Article: a})
	}
	for _, pt := range s.Participants {
		paged(r, Participant, pt.ID, pt.Name, len(pt.Articles), PerPage, func(p *Page, lo, hi int) {
			p.Participant = pt
			p.Mentions = pt.Articles[lo:hi]
			p.Quotes = quotesOf(pt, p.Mentions)
			add(p)
		})
	}
	for _, t := range s.Topics {
		paged(r, Topic, t.ID, t.Name, len(t.Articles), PerPage, func(p *Page, lo, hi int) {
			p.Topic = t
			p.Assignments = t.Articles[lo:hi]
			add(p)
		})
	}
	return out
}

// paged calls add for each page of a list of n entries, per to a page,
// with the bounds of the page's slice; an empty list still has its page.
func paged(r Router, kind Kind, slug, title string, n, per int, add func(p *Page, lo, hi int)) {
	count := max(1, (n+per-1)/per)
	for k := 1; k <= count; k++ {
		p := &Page{Kind: kind, Path: r.PagePath(kind, slug, k), Title: title}
		if count > 1 {
			p.Pager = pager(r, kind, slug, k, count)
			if k > 1 {
				p.Title = fmt.Sprintf("%s, page %d", title, k)
			}
		}
		add(p, min(n, (k-1)*per), min(n, k*per))
	}
}

// pager links page k of count: its neighbours, the first and last pages and
// those near k, with gaps between.
func pager(r Router, kind Kind, slug string, k, count int) *Pager {
	href := func(n int) string { return r.Href(r.PagePath(kind, slug, n)) }
	pg := &Pager{Number: k, Count: count}
	if k > 1 {
		pg.Prev = href(k - 1)
	}
	if k < count {
		pg.Next = href(k + 1)
	}
	for n := 1; n <= count; n++ {
		if n == 1 || n == count || n >= k-2 && n <= k+2 {
			pg.Links = append(pg.Links, PageLink{Number: n, Href: href(n), Current: n == k})
		} else if l := len(pg.Links); l > 0 && pg.Links[l-1].Number != 0 {
			pg.Links = append(pg.Links, PageLink{})
		}
	}
	return pg
}

// quotesOf returns the participant's quotes from the listed articles.
func quotesOf(p *index.Participant, apps []*index.Appearance) []*index.Quote {
	if len(p.Quotes) == 0 || len(apps) == 0 {
		return nil
	}
	listed := make(map[*index.Article]bool, len(apps))
	for _, app := range apps {
		listed[app.Article] = true
	}
	var out []*index.Quote
	for _, q := range p.Quotes {
		if listed[q.Article] {
			out = append(out, q)
		}
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
