// Package feeds makes the files that tell readers and crawlers what a site
// holds: Atom 1.0 and JSON Feed 1.1 feeds, a sitemap and robots.txt.
//
//	feed.xml, feed.json                          the 50 newest articles of the site
//	topics/<id>/feed.xml, topics/<id>/feed.json  the 20 newest articles of a topic
//	participants/<id>/feed.xml, .../feed.json    the 20 newest articles that mention a participant
//	sitemap.xml                                  every HTML page but the 404 page
//	robots.txt                                   allows everything and names the sitemap
//
// Feeds and sitemaps need absolute URLs, so they are made only when the
// site's base URL has a scheme and a host (see [Absolute]); robots.txt is
// always made, with its Sitemap line only when there is a sitemap.
//
// Files is pure: its output depends on its arguments alone, never on the
// clock, and is byte-identical from run to run. Every piece of content goes
// into the markup through encoding/xml or encoding/json. An article's Atom
// entry is encoded once by encoding/xml, however many feeds list it, and
// the feeds embed it as encoded (an ",innerxml" field).
package feeds

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"briefing/site/article"
	"briefing/site/index"
	"briefing/site/output"
	"briefing/site/pages"
	"briefing/site/parallel"
)

// Sizes of the feeds and of their summaries.
const (
	SiteEntries   = 50  // entries in the site's feeds
	PageEntries   = 20  // entries in a topic's or participant's feeds
	SummaryLength = 300 // characters of a summary taken from an article's text, at most
)

// Names of the files Files makes, relative to the site root or, for the
// feeds of a topic or participant, to the folder of its page.
const (
	AtomFile    = "feed.xml"
	JSONFile    = "feed.json"
	SitemapFile = "sitemap.xml"
	RobotsFile  = "robots.txt"
)

// Media types of the feeds, for the type attribute of links to them.
const (
	AtomType = "application/atom+xml"
	JSONType = "application/feed+json"
)

// jsonVersion is the version URL of JSON Feed 1.1.
const jsonVersion = "https://jsonfeed.org/version/1.1"

// maxURLs is how many URLs one sitemap may list (the protocol's limit); a
// site with more gets a sitemap index in sitemap.xml and numbered sitemaps.
var maxURLs = 50000

// Info describes the site as a whole.
type Info struct {
	Title       string // the site's title: the feeds' titles and their author
	Description string // the subtitle of the site's feeds
	Language    string // a language tag ("en"), or ""
	// Updated is the date of what has no date of its own: an undated
	// article and a feed without a dated entry. Atom requires one
	// everywhere. Zero means 1970-01-01T00:00:00Z.
	Updated time.Time
}

// Absolute reports whether r makes absolute URLs, with a scheme and a host:
// only then can Files make feeds and a sitemap.
func Absolute(r pages.Router) bool {
	u, err := url.Parse(r.Absolute(""))
	return err == nil && u.Scheme != "" && u.Host != ""
}

// FeedPaths returns the site-relative paths of the Atom and JSON feeds of a
// page: the home page, a topic (slug is its id) or a participant. Both are ""
// for other kinds of page, and when r cannot make feeds (see [Absolute]).
func FeedPaths(kind pages.Kind, slug string, r pages.Router) (atom, json string) {
	switch kind {
	case pages.Home, pages.Topic, pages.Participant:
	default:
		return "", ""
	}
	if !Absolute(r) {
		return "", ""
	}
	dir := r.Path(kind, slug)
	return dir + AtomFile, dir + JSONFile
}

// Files returns the feeds, the sitemap of the pages in list and robots.txt,
// in a fixed order: the site's feeds, each topic's (in site order), each
// participant's (in site order), then the sitemap files and robots.txt.
func Files(s *index.Site, r pages.Router, info Info, list []*pages.Page) ([]output.File, error) {
	if !Absolute(r) {
		return []output.File{robots(r, false)}, nil
	}
	if info.Updated.IsZero() {
		info.Updated = time.Unix(0, 0)
	}
	info.Updated = info.Updated.UTC()

	specs := make([]feed, 0, 1+len(s.Topics)+len(s.Participants))
	specs = append(specs, feed{kind: pages.Home, title: info.Title, subtitle: info.Description,
		articles: s.Articles[:min(SiteEntries, len(s.Articles))]})
	for _, t := range s.Topics {
		arts := make([]*index.Article, 0, min(PageEntries, len(t.Articles)))
		for _, as := range t.Articles[:min(PageEntries, len(t.Articles))] {
			arts = append(arts, as.Article)
		}
		specs = append(specs, feed{kind: pages.Topic, slug: t.ID, title: joinTitle(t.Name, info.Title),
			subtitle: t.Description, articles: arts})
	}
	for _, p := range s.Participants {
		arts := make([]*index.Article, 0, min(PageEntries, len(p.Articles)))
		for _, app := range p.Articles[:min(PageEntries, len(p.Articles))] {
			arts = append(arts, app.Article)
		}
		specs = append(specs, feed{kind: pages.Participant, slug: p.ID, title: joinTitle(p.Name, info.Title), articles: arts})
	}

	// Each article is encoded once, in both formats, however many feeds
	// list it; the feeds take the encoded entries as they are.
	slot := map[*index.Article]int{}
	var arts []*index.Article
	for i := range specs {
		for _, a := range specs[i].articles {
			if _, ok := slot[a]; !ok {
				slot[a] = len(arts)
				arts = append(arts, a)
			}
		}
	}
	workers := runtime.GOMAXPROCS(0)
	bufs := make([]scratch, workers)
	encoded := make([]entry, len(arts))
	errs := make([]error, max(len(arts), len(specs)))
	parallel.Chunks(workers, len(arts), 64, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			encoded[i], errs[i] = encodeEntry(arts[i], r, info.Updated, &bufs[w])
		}
	})
	if err := firstError(errs); err != nil {
		return nil, err
	}
	files := make([]output.File, 2*len(specs))
	parallel.Chunks(workers, len(specs), 16, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			f := &specs[i]
			es := make([]*entry, len(f.articles))
			for k, a := range f.articles {
				es[k] = &encoded[slot[a]]
			}
			files[2*i], files[2*i+1], errs[i] = f.files(r, info, es, &bufs[w])
		}
	})
	if err := firstError(errs[:len(specs)]); err != nil {
		return nil, err
	}
	maps, err := sitemaps(r, list)
	if err != nil {
		return nil, err
	}
	files = append(files, maps...)
	return append(files, robots(r, true)), nil
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// joinTitle is the title of a topic's or participant's feed: "Name · Site".
func joinTitle(name, site string) string {
	if site == "" {
		return name
	}
	return name + " · " + site
}

// feed is one feed to make, in both formats.
type feed struct {
	kind            pages.Kind
	slug            string
	title, subtitle string
	articles        []*index.Article // the entries, in site order
}

// files makes the feed's Atom and JSON files from the encoded entries of
// its articles, using buf as scratch space.
func (f *feed) files(r pages.Router, info Info, es []*entry, buf *scratch) (atomFile, jsonFile output.File, err error) {
	dir := r.Path(f.kind, f.slug)
	page := r.Absolute(dir)
	atomPath, jsonPath := dir+AtomFile, dir+JSONFile
	atomURL, jsonURL := r.Absolute(atomPath), r.Absolute(jsonPath)
	author := info.Title
	if author == "" {
		author = r.Absolute("")
	}
	updated := info.Updated
	for _, a := range f.articles {
		if a.Dated() {
			updated = a.Date.UTC() // the first dated entry is the newest
			break
		}
	}

	n := 0
	for _, e := range es {
		n += len(e.atom)
	}
	af := atomFeed{
		Lang:     info.Language,
		ID:       atomURL,
		Title:    f.title,
		Subtitle: f.subtitle,
		Updated:  stamp(updated),
		Links: []atomLink{
			{Rel: "self", Type: AtomType, Href: atomURL},
			{Rel: "alternate", Type: "text/html", Href: page},
			{Rel: "alternate", Type: JSONType, Href: jsonURL},
		},
		Author:  atomPerson{Name: author},
		Entries: make([]byte, 0, n),
	}
	jf := jsonFeed{
		Version:     jsonVersion,
		Title:       f.title,
		HomePageURL: page,
		FeedURL:     jsonURL,
		Description: f.subtitle,
		Language:    info.Language,
		Authors:     []jsonAuthor{{Name: author}},
		Items:       make([]*jsonItem, len(es)),
	}
	for i, e := range es {
		af.Entries = append(af.Entries, e.atom...)
		jf.Items[i] = e.json
	}

	buf.Reset()
	buf.WriteString(xml.Header)
	if err := buf.xml("", "  ").Encode(&af); err != nil {
		return atomFile, jsonFile, err
	}
	buf.WriteByte('\n')
	atomFile = output.File{Path: atomPath, Data: bytes.Clone(buf.Bytes())}

	buf.Reset()
	if err := json.NewEncoder(buf).Encode(&jf); err != nil {
		return atomFile, jsonFile, err
	}
	jsonFile = output.File{Path: jsonPath, Data: bytes.Clone(buf.Bytes())}
	return atomFile, jsonFile, nil
}

// scratch is a worker's buffer for encoding files.
type scratch struct {
	bytes.Buffer
	w *bufio.Writer // writes to Buffer; an xml.Encoder on it needs no buffer of its own
}

// xml returns an encoder that writes to the buffer with the given
// indentation. Each Encode flushes what it wrote to the buffer.
func (s *scratch) xml(prefix, indent string) *xml.Encoder {
	if s.w == nil {
		s.w = bufio.NewWriter(&s.Buffer)
	}
	s.w.Reset(&s.Buffer) // drops what a failed Encode left unflushed
	enc := xml.NewEncoder(s.w)
	enc.Indent(prefix, indent)
	return enc
}

// stamp formats a time for Atom and JSON Feed (RFC 3339).
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// entry is an article as the feeds list it, encoded.
type entry struct {
	atom []byte    // an Atom <entry> element, after a newline and indented to sit in a <feed>
	json *jsonItem // a JSON Feed item
}

// encodeEntry encodes the entry of a, using buf as scratch space. An
// undated article is updated at undated and has no publication date.
func encodeEntry(a *index.Article, r pages.Router, undated time.Time, buf *scratch) (entry, error) {
	link := r.Absolute(r.Path(pages.ArticlePage, a.Slug))
	sum := summary(a.Article)
	text := sum
	if text == "" {
		text = a.Title // JSON Feed wants content_text; the title is all there is
	}
	ae := atomEntry{
		ID:      link,
		Title:   a.Title,
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Updated: stamp(undated),
		Summary: sum,
	}
	ji := jsonItem{ID: link, URL: link, Title: a.Title, ContentText: text}
	if a.Dated() {
		d := stamp(a.Date)
		ae.Published, ae.Updated, ji.DatePublished = d, d, d
	}
	if ext := external(a.URL); ext != "" {
		ae.Links = append(ae.Links, atomLink{Rel: "related", Type: "text/html", Href: ext})
		ji.ExternalURL = ext
	}
	if by := author(a.Article); by != "" {
		ae.Author = &atomPerson{Name: by}
		ji.Authors = []jsonAuthor{{Name: by}}
	}
	for _, as := range a.Topics {
		ae.Categories = append(ae.Categories, atomCategory{Term: as.Topic.ID, Label: as.Topic.Name})
		ji.Tags = append(ji.Tags, as.Topic.Name)
	}

	var e entry
	buf.Reset()
	buf.WriteByte('\n')
	if err := buf.xml("  ", "  ").Encode(&ae); err != nil {
		return e, err
	}
	e.atom = bytes.Clone(buf.Bytes())
	e.json = &ji
	return e, nil
}

// author is who an article is by: its byline, else its publication.
func author(a *article.Article) string {
	if by := strings.Join(strings.Fields(a.Author), " "); by != "" {
		return by
	}
	return strings.Join(strings.Fields(a.Source), " ")
}

// external returns an article's original address when it is an absolute
// http(s) URL, else "".
func external(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// summary is the plain-text summary of an article in its feed entries: its
// own Summary, or else the start of its first paragraph, cut after a word
// within SummaryLength characters and marked with an ellipsis. Runs of white
// space become one space. It is "" when the article has neither.
func summary(a *article.Article) string {
	if s := strings.Join(strings.Fields(a.Summary), " "); s != "" {
		return s
	}
	for _, b := range a.Blocks {
		if b.Kind != article.Paragraph {
			continue
		}
		if s := strings.Join(strings.Fields(b.Text), " "); s != "" {
			return shorten(s, SummaryLength)
		}
	}
	return ""
}

// shorten cuts s, a text with single spaces, to at most n characters plus an
// ellipsis, at the last space that keeps it within n when there is one.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, k := len(s), 0
	for i := range s {
		if k == n {
			cut = i
			break
		}
		k++
	}
	head := s[:cut]
	if s[cut] != ' ' {
		if sp := strings.LastIndexByte(head, ' '); sp > 0 {
			head = head[:sp]
		}
	}
	head = strings.TrimRight(head, " ,;:-–—")
	return head + "…"
}

// Atom 1.0 (RFC 4287).

type atomFeed struct {
	XMLName  xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string     `xml:"xml:lang,attr,omitempty"`
	ID       string     `xml:"id"`
	Title    string     `xml:"title"`
	Subtitle string     `xml:"subtitle,omitempty"`
	Updated  string     `xml:"updated"`
	Links    []atomLink `xml:"link"`
	Author   atomPerson `xml:"author"`
	// Entries are the <entry> elements, each encoded by encoding/xml.
	Entries []byte `xml:",innerxml"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	XMLName    xml.Name       `xml:"entry"`
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []*jsonItem  `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	ExternalURL   string       `json:"external_url,omitempty"`
	Title         string       `json:"title"`
	ContentText   string       `json:"content_text"`
	DatePublished string       `json:"date_published,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

// Sitemaps (https://www.sitemaps.org/protocol.html).

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// sitemaps lists every page of list but the 404 page: in sitemap.xml, or,
// past maxURLs, in sitemap-1.xml, sitemap-2.xml, ... that sitemap.xml
// indexes.
func sitemaps(r pages.Router, list []*pages.Page) ([]output.File, error) {
	urls := make([]sitemapURL, 0, len(list))
	for _, p := range list {
		if p.Kind == pages.NotFound {
			continue
		}
		u := sitemapURL{Loc: r.Absolute(p.Path)}
		if p.Kind == pages.ArticlePage && p.Article != nil {
			u.LastMod = index.Date(p.Article.Date)
		}
		urls = append(urls, u)
	}
	if len(urls) <= maxURLs {
		data, err := encodeXML(&urlSet{URLs: urls})
		if err != nil {
			return nil, err
		}
		return []output.File{{Path: SitemapFile, Data: data}}, nil
	}
	var files []output.File
	var idx sitemapIndex
	for n := 1; len(urls) > 0; n++ {
		part := urls[:min(maxURLs, len(urls))]
		urls = urls[len(part):]
		data, err := encodeXML(&urlSet{URLs: part})
		if err != nil {
			return nil, err
		}
		name := "sitemap-" + strconv.Itoa(n) + ".xml"
		files = append(files, output.File{Path: name, Data: data})
		idx.Sitemaps = append(idx.Sitemaps, sitemapURL{Loc: r.Absolute(name)})
	}
	data, err := encodeXML(&idx)
	if err != nil {
		return nil, err
	}
	return append([]output.File{{Path: SitemapFile, Data: data}}, files...), nil
}

// encodeXML encodes v as an indented XML document.
func encodeXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// robots is robots.txt: every crawler may read everything, and the sitemap
// is named when there is one.
func robots(r pages.Router, sitemap bool) output.File {
	var buf bytes.Buffer
	buf.WriteString("User-agent: *\nAllow: /\n")
	if sitemap {
		buf.WriteString("\nSitemap: " + r.Absolute(SitemapFile) + "\n")
	}
	return output.File{Path: RobotsFile, Data: buf.Bytes()}
}
