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
	Event        Kind = "event"
	Timeline     Kind = "timeline"
	NotFound     Kind = "404"
	Search       Kind = "search"
)

// Sizes of paged lists. Long lists are split into pages so that no page
// grows with the size of the site.
const (
	PerPage           = 50  // articles, mentions and events on one page
	HomeArticles      = 20  // newest articles on the home page
	StatementsPerPage = 100 // statements on one page of the timeline
	// EventArticlesShown is how many reports of an event fit in its
	// section of the events list; an event with more has a page of its own.
	EventArticlesShown = 10
)

// Router maps site objects to URLs. The zero value serves from the domain root.
type Router struct {
	base *url.URL // absolute or root-relative, with a trailing slash
	// origin is "scheme://host" when the base URL has a host and nothing
	// else that String would write (user, query, fragment): an absolute
	// URL of a plain path is then origin, base path and path joined.
	origin string
	// oddBase is set when the base path is not plain (see plainPath):
	// links then go the long way, cleaned and escaped.
	oddBase bool
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
	// A clean path, without "." or ".." segments or empty ones: links
	// then start with the base path as given here, and the home link is
	// never "//host/", which a browser reads as another host.
	u.Path = path.Clean("/" + u.Path)
	if u.Path != "/" {
		u.Path += "/"
	}
	u.RawPath = ""
	r := Router{base: u, oddBase: !plainPath(u.Path[1:])}
	if u.Host != "" && u.User == nil && u.Opaque == "" && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" {
		r.origin = (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
	}
	return r, nil
}

// BasePath is the path part of the base URL, with leading and trailing slashes.
func (r Router) BasePath() string {
	if r.base == nil {
		return "/"
	}
	return r.base.Path
}

// HasHost reports whether the base URL names a scheme and host, which
// absolute URLs (feeds, sitemap, OpenGraph) need.
func (r Router) HasHost() bool { return r.base != nil && r.base.Host != "" }

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
	case Event:
		return "events/" + slug + "/"
	case Timeline:
		return "timeline/"
	case NotFound:
		return "404.html"
	case Search:
		return "search/"
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
	base := r.BasePath()
	if !r.oddBase && plainPath(sitePath) {
		// Nothing to clean or escape: the link is the two joined.
		return base + sitePath
	}
	return hrefSlow(base, sitePath)
}

// hrefSlow is Href for any base path and site path: joined, cleaned and
// escaped.
func hrefSlow(base, sitePath string) string {
	if sitePath == "" {
		return (&url.URL{Path: base}).EscapedPath()
	}
	return (&url.URL{Path: path.Join(base, sitePath) + trailingSlash(sitePath)}).EscapedPath()
}

// plainPath reports whether a relative slash-separated path is already
// clean and escaped: only letters, digits and "-._~", segments that are
// neither empty nor "." or "..", and at most a trailing slash. "" is plain.
func plainPath(p string) bool {
	start := 0 // of the current segment
	for i := 0; i <= len(p); i++ {
		if i < len(p) {
			c := p[i]
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
				continue
			}
			if c != '/' {
				return false
			}
		} else if start == len(p) {
			break // "" or a trailing slash
		}
		if seg := p[start:i]; seg == "" || seg == "." || seg == ".." {
			return false
		}
		start = i + 1
	}
	return true
}

// Absolute returns the absolute URL of a site-relative path, or the
// root-relative link when the base URL has no host.
func (r Router) Absolute(sitePath string) string {
	if r.base == nil || r.base.Host == "" {
		return r.Href(sitePath)
	}
	if r.origin != "" && !r.oddBase && plainPath(sitePath) {
		return r.origin + r.base.Path + sitePath
	}
	return r.absoluteSlow(sitePath)
}

// absoluteSlow is Absolute for a base URL with a host and any site path.
func (r Router) absoluteSlow(sitePath string) string {
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

// EventURL is the link to an event: its own page when it has one (see
// [HasPage]), else its section of the events list.
func (r Router) EventURL(e *index.Event) string {
	if HasPage(e) {
		return r.Href(r.Path(Event, e.ID))
	}
	return r.EventListURL(e)
}

// EventListURL is the link to an event's section of the events list, on
// the page of the list that holds it.
func (r Router) EventListURL(e *index.Event) string {
	return r.Href(r.PagePath(Events, "", e.Index/PerPage+1)) + "#" + EventAnchor(e)
}

// HasPage reports whether an event has a page of its own: when it has
// more reports than its section of the events list shows.
func HasPage(e *index.Event) bool { return len(e.Articles) > EventArticlesShown }

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
	Event       *index.Event       // Kind event
	Top         []*index.Participant

	Articles    []*index.Article    // home (the newest), articles list, event
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

// PageLink is a link to one page of a list, or a gap between such links.
type PageLink struct {
	Number  int // 0 for a gap
	Href    string
	Current bool
	Gap     bool
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
	add(&Page{Kind: Search, Path: r.Path(Search, ""), Title: "Search"})
	paged(r, Articles, "", "Articles", len(s.Articles), PerPage, func(p *Page, lo, hi int) {
		p.Articles = s.Articles[lo:hi]
		add(p)
	})
	paged(r, Events, "", "Events", len(s.Events), PerPage, func(p *Page, lo, hi int) {
		p.Events = s.Events[lo:hi]
		add(p)
	})
	timeline := timelinePages(s.Timeline, StatementsPerPage)
	paged(r, Timeline, "", "Timeline", len(timeline), 1, func(p *Page, lo, hi int) {
		if lo < hi {
			p.Moments = timeline[lo]
		}
		add(p)
	})
	for _, e := range s.Events {
		if !HasPage(e) {
			continue
		}
		paged(r, Event, e.ID, e.Title, len(e.Articles), PerPage, func(p *Page, lo, hi int) {
			p.Event = e
			p.Articles = e.Articles[lo:hi]
			add(p)
		})
	}
	for _, a := range s.Articles {
		add(&Page{Kind: ArticlePage, Path: r.Path(ArticlePage, a.Slug), Title: a.Title, Article: a})
	}
	for _, pt := range s.Participants {
		quotes := newQuoteIndex(pt)
		paged(r, Participant, pt.ID, pt.Name, len(pt.Articles), PerPage, func(p *Page, lo, hi int) {
			p.Participant = pt
			p.Mentions = pt.Articles[lo:hi]
			p.Quotes = quotes.from(p.Mentions)
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
		} else if l := len(pg.Links); l > 0 && !pg.Links[l-1].Gap {
			pg.Links = append(pg.Links, PageLink{Gap: true})
		}
	}
	return pg
}

// timelinePages splits the timeline into pages of per statements each. A
// date with more statements than fit is continued on the next page, under
// the same date.
func timelinePages(moments []*index.Moment, per int) [][]*index.Moment {
	var out [][]*index.Moment
	var page []*index.Moment
	room := per
	for _, m := range moments {
		for rest := m.Statements; len(rest) > 0; {
			take := min(len(rest), room)
			part := m
			if take < len(m.Statements) {
				part = &index.Moment{Date: m.Date, Precision: m.Precision, Statements: rest[:take]}
			}
			page = append(page, part)
			rest, room = rest[take:], room-take
			if room == 0 {
				out, page, room = append(out, page), nil, per
			}
		}
	}
	if len(page) > 0 {
		out = append(out, page)
	}
	return out
}

// quoteIndex finds a participant's quotes by article.
type quoteIndex struct {
	quotes    []*index.Quote
	byArticle map[*index.Article][]int // positions in quotes
}

func newQuoteIndex(p *index.Participant) quoteIndex {
	qi := quoteIndex{quotes: p.Quotes, byArticle: map[*index.Article][]int{}}
	for i, q := range p.Quotes {
		qi.byArticle[q.Article] = append(qi.byArticle[q.Article], i)
	}
	return qi
}

// from returns the quotes from the listed articles, in the participant's
// order.
func (qi quoteIndex) from(apps []*index.Appearance) []*index.Quote {
	var at []int
	for _, app := range apps {
		at = append(at, qi.byArticle[app.Article]...)
	}
	if len(at) == 0 {
		return nil
	}
	slices.Sort(at)
	out := make([]*index.Quote, 0, len(at))
	for _, i := range slices.Compact(at) {
		out = append(out, qi.quotes[i])
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
