package render

import (
	"html/template"
	"strconv"
	"sync"

	"briefing/site/extract"
	"briefing/site/index"
	"briefing/site/jsonx"
	"briefing/site/pages"
	"briefing/site/topk"
)

// The schema.org data of a page, written as JSON-LD. The struct fields and
// their tags describe the output: each type's appendJSON writes what
// encoding/json's Marshal would, in the same field order and leaving out the
// same empty fields, without reflection.

// ldNode is an element of a JSON-LD graph.
type ldNode interface {
	// appendJSON appends the node's JSON to b.
	appendJSON(b []byte) []byte
}

type ldGraph struct {
	Context string   `json:"@context"`
	Graph   []ldNode `json:"@graph"`
}

type ldThing struct {
	Type          string   `json:"@type"`
	Name          string   `json:"name,omitempty"`
	URL           string   `json:"url,omitempty"`
	AlternateName []string `json:"alternateName,omitempty"`
	JobTitle      string   `json:"jobTitle,omitempty"`
	Description   string   `json:"description,omitempty"`
}

type ldArticle struct {
	Type             string    `json:"@type"`
	Headline         string    `json:"headline"`
	Description      string    `json:"description,omitempty"`
	URL              string    `json:"url"`
	MainEntityOfPage string    `json:"mainEntityOfPage"`
	DatePublished    string    `json:"datePublished,omitempty"`
	Author           []ldThing `json:"author,omitempty"`
	Publisher        *ldThing  `json:"publisher,omitempty"`
	IsBasedOn        string    `json:"isBasedOn,omitempty"`
	About            []ldThing `json:"about,omitempty"`
	Mentions         []ldThing `json:"mentions,omitempty"`
}

type ldBreadcrumbs struct {
	Type  string    `json:"@type"`
	Items []ldCrumb `json:"itemListElement"`
}

type ldCrumb struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

// appendJSON appends the graph's JSON to b.
func (g ldGraph) appendJSON(b []byte) []byte {
	b = append(b, `{"@context":`...)
	b = jsonx.AppendString(b, g.Context)
	b = append(b, `,"@graph":`...)
	b = jsonx.AppendArray(b, g.Graph, func(b []byte, n ldNode) []byte {
		if n == nil {
			return append(b, "null"...)
		}
		return n.appendJSON(b)
	})
	return append(b, '}')
}

func (t ldThing) appendJSON(b []byte) []byte {
	b = append(b, `{"@type":`...)
	b = jsonx.AppendString(b, t.Type)
	b = appendLDOptional(b, `,"name":`, t.Name)
	b = appendLDOptional(b, `,"url":`, t.URL)
	if len(t.AlternateName) > 0 {
		b = jsonx.AppendArray(append(b, `,"alternateName":`...), t.AlternateName, jsonx.AppendString)
	}
	b = appendLDOptional(b, `,"jobTitle":`, t.JobTitle)
	b = appendLDOptional(b, `,"description":`, t.Description)
	return append(b, '}')
}

func (a ldArticle) appendJSON(b []byte) []byte {
	b = append(b, `{"@type":`...)
	b = jsonx.AppendString(b, a.Type)
	b = append(b, `,"headline":`...)
	b = jsonx.AppendString(b, a.Headline)
	b = appendLDOptional(b, `,"description":`, a.Description)
	b = append(b, `,"url":`...)
	b = jsonx.AppendString(b, a.URL)
	b = append(b, `,"mainEntityOfPage":`...)
	b = jsonx.AppendString(b, a.MainEntityOfPage)
	b = appendLDOptional(b, `,"datePublished":`, a.DatePublished)
	b = appendLDThings(b, `,"author":`, a.Author)
	if a.Publisher != nil {
		b = append(b, `,"publisher":`...)
		b = a.Publisher.appendJSON(b)
	}
	b = appendLDOptional(b, `,"isBasedOn":`, a.IsBasedOn)
	b = appendLDThings(b, `,"about":`, a.About)
	b = appendLDThings(b, `,"mentions":`, a.Mentions)
	return append(b, '}')
}

func (c ldBreadcrumbs) appendJSON(b []byte) []byte {
	b = append(b, `{"@type":`...)
	b = jsonx.AppendString(b, c.Type)
	b = append(b, `,"itemListElement":`...)
	b = jsonx.AppendArray(b, c.Items, func(b []byte, it ldCrumb) []byte { return it.appendJSON(b) })
	return append(b, '}')
}

func (c ldCrumb) appendJSON(b []byte) []byte {
	b = append(b, `{"@type":`...)
	b = jsonx.AppendString(b, c.Type)
	b = append(b, `,"position":`...)
	b = strconv.AppendInt(b, int64(c.Position), 10)
	b = append(b, `,"name":`...)
	b = jsonx.AppendString(b, c.Name)
	b = append(b, `,"item":`...)
	b = jsonx.AppendString(b, c.Item)
	return append(b, '}')
}

// appendLDOptional appends key and s, unless s is empty (omitempty).
func appendLDOptional(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return jsonx.AppendString(append(b, key...), s)
}

// appendLDThings appends key and a list of things, unless the list is empty
// (omitempty).
func appendLDThings(b []byte, key string, list []ldThing) []byte {
	if len(list) == 0 {
		return b
	}
	return jsonx.AppendArray(append(b, key...), list, func(b []byte, t ldThing) []byte { return t.appendJSON(b) })
}

// ldBuffers holds buffers for jsonLD.
var ldBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// aboutShown is how many of an article's participants it is said to be
// about: the ones mentioned most; all of them are among its mentions.
const aboutShown = 3

// jsonLD returns the page's schema.org data as JSON, for the content of a
// script element of type application/ld+json. It holds the bytes
// html/template's escaper makes of an ldGraph value in that element (its
// encoding/json Marshal output); html/template writes a template.JS as it is.
//
// The result never holds '<', '>' or '&': JSON syntax has none, and strings
// have them escaped as \u003c, \u003e and \u0026, so it can neither end
// the script element nor open a comment or CDATA section in it.
func (rd *Renderer) jsonLD(p *pages.Page) template.JS {
	bp := ldBuffers.Get().(*[]byte)
	b := rd.ldData(p).appendJSON((*bp)[:0])
	js := template.JS(b)
	if cap(b) <= 64<<10 {
		*bp = b
		ldBuffers.Put(bp)
	}
	return js
}

// ldData returns the schema.org description of a page: the article, the
// person or organization, or the site, and the breadcrumbs that lead to it.
func (rd *Renderer) ldData(p *pages.Page) ldGraph {
	r := rd.router
	url := r.Absolute(p.Path)
	g := ldGraph{Context: "https://schema.org"}
	switch {
	case p.Kind == pages.ArticlePage && p.Article != nil:
		g.Graph = append(g.Graph, rd.ldArticle(p.Article, url))
	case p.Kind == pages.Participant && p.Participant != nil:
		g.Graph = append(g.Graph, ldParticipant(p.Participant, url))
	case p.Kind == pages.Home:
		g.Graph = append(g.Graph, ldThing{Type: "WebSite", Name: rd.siteName(), URL: url, Description: rd.info.Description})
	}
	if crumbs := rd.breadcrumbs(p, url); len(crumbs.Items) > 1 {
		g.Graph = append(g.Graph, crumbs)
	}
	return g
}

func (rd *Renderer) siteName() string {
	if rd.info.Title != "" {
		return rd.info.Title
	}
	return "Briefing"
}

func (rd *Renderer) ldArticle(a *index.Article, url string) ldArticle {
	r := rd.router
	out := ldArticle{Type: "NewsArticle", Headline: a.Title, Description: a.Summary, URL: url, MainEntityOfPage: url, IsBasedOn: a.URL}
	if a.Dated() {
		out.DatePublished = index.Date(a.Date)
	}
	switch {
	case a.Author != "":
		out.Author = []ldThing{{Type: "Person", Name: a.Author}}
	case a.Source != "":
		out.Author = []ldThing{{Type: "Organization", Name: a.Source}}
	}
	if a.Source != "" {
		out.Publisher = &ldThing{Type: "Organization", Name: a.Source}
	}
	out.Mentions = make([]ldThing, 0, len(a.Participants))
	most := make([]int, 0, aboutShown) // indexes in a.Participants
	mentionedMore := func(i, j int) bool { return a.Participants[i].Mentions > a.Participants[j].Mentions }
	for i, app := range a.Participants {
		ref := ldThing{Type: ldType(app.Participant.Kind), Name: app.Participant.Name, URL: r.Absolute(r.Path(pages.Participant, app.Participant.ID))}
		out.Mentions = append(out.Mentions, ref)
		most = topk.Insert(most, aboutShown, i, mentionedMore) // earliest first on ties
	}
	for _, i := range most {
		out.About = append(out.About, out.Mentions[i])
	}
	return out
}

func ldParticipant(p *index.Participant, url string) ldThing {
	t := ldThing{Type: ldType(p.Kind), Name: p.Name, URL: url, AlternateName: p.Aliases}
	if p.Kind == extract.Person && len(p.Roles) > 0 {
		t.JobTitle = p.Roles[0].Title
	}
	return t
}

// ldType is the schema.org type of a participant kind.
func ldType(k extract.Kind) string {
	switch k {
	case extract.Person:
		return "Person"
	case extract.Place:
		return "Place"
	}
	return "Organization"
}

// breadcrumbs leads from the home page to p: Home › Participants › name.
func (rd *Renderer) breadcrumbs(p *pages.Page, url string) ldBreadcrumbs {
	r := rd.router
	b := ldBreadcrumbs{Type: "BreadcrumbList"}
	add := func(name, item string) {
		b.Items = append(b.Items, ldCrumb{Type: "ListItem", Position: len(b.Items) + 1, Name: name, Item: item})
	}
	add(rd.siteName(), r.Absolute(r.Path(pages.Home, "")))
	list := func(kind pages.Kind, name string) { add(name, r.Absolute(r.Path(kind, ""))) }
	switch p.Kind {
	case pages.ArticlePage:
		list(pages.Articles, "Articles")
	case pages.Participant:
		list(pages.Participants, "Participants")
	case pages.Topic:
		list(pages.Topics, "Topics")
	case pages.Event:
		list(pages.Events, "Events")
	case pages.Home, pages.NotFound:
		return b
	}
	add(p.Title, url)
	return b
}
