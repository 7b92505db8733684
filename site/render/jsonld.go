package render

import (
	"briefing/site/extract"
	"briefing/site/index"
	"briefing/site/pages"
	"briefing/site/topk"
)

// The schema.org data of a page, written as JSON-LD. Struct fields keep the
// output in a fixed order; html/template escapes the JSON for the script
// element it sits in.

type ldGraph struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
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

// aboutShown is how many of an article's participants it is said to be
// about: the ones mentioned most; all of them are among its mentions.
const aboutShown = 3

// jsonLD returns the schema.org description of a page: the article, the
// person or organization, or the site, and the breadcrumbs that lead to it.
func (rd *Renderer) jsonLD(p *pages.Page) ldGraph {
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
	most := make([]*index.Appearance, 0, aboutShown)
	for _, app := range a.Participants {
		ref := ldThing{Type: ldType(app.Participant.Kind), Name: app.Participant.Name, URL: r.Absolute(r.Path(pages.Participant, app.Participant.ID))}
		out.Mentions = append(out.Mentions, ref)
		most = topk.Insert(most, aboutShown, app, mentionedMore) // earliest first on ties
	}
	for _, app := range most {
		out.About = append(out.About, ldThing{Type: ldType(app.Participant.Kind), Name: app.Participant.Name, URL: r.Absolute(r.Path(pages.Participant, app.Participant.ID))})
	}
	return out
}

func mentionedMore(a, b *index.Appearance) bool { return a.Mentions > b.Mentions }

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
