// Package index joins the per-article results of parsing and extraction into
// one Site: participants merged across articles, topics with their articles,
// co-occurrence and related coverage.
//
// Index is pure and deterministic: the same inputs give the same Site, with
// every list in a total order. It is cheap enough to recompute whole after
// any change.
package index

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"briefing/site/article"
	"briefing/site/dates"
	"briefing/site/events"
	"briefing/site/extract"
	"briefing/site/slug"
)

// Input is one article with what extraction found in it.
type Input struct {
	Article     *article.Article
	Annotations extract.Annotations
	Dates       []dates.Mention // dates stated in Article.Text(), as dates.Find(Article.Text(), Article.Date) reports them
}

// TopicInfo describes a topic of the taxonomy.
type TopicInfo struct {
	ID, Name, Description string
}

// Options tunes the index.
type Options struct {
	Topics         []TopicInfo // the taxonomy, in display order
	Related        int         // related articles per article
	CoParticipants int         // co-participants kept per participant
	MainPerTopic   int         // main participants kept per topic
	FallbackTopic  string      // topic id for articles no other topic claims
	// Cache, when not nil, carries work from one Build to the next.
	Cache *Cache
}

// A Cache carries work from one build of a site's index to the next,
// for rebuilding after a few articles changed: what event grouping read
// of each article's text. An Input whose Article pointer appeared in an
// earlier build with the Cache must be that same input, unchanged.
//
// A Cache is not safe for concurrent use: one build at a time.
type Cache struct {
	events *events.Reader
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{events: events.NewReader()}
}

// readEvents reads the articles' text for event grouping, through the
// cache when there is one.
func (c *Cache) readEvents(arts []*Article, inputs []Input) *events.Text {
	docs := eventDocs(arts, inputs)
	if c == nil {
		return events.Read(docs)
	}
	keys := make([]any, len(inputs))
	for i, in := range inputs {
		keys[i] = in.Article
	}
	return c.events.Read(docs, keys)
}

// Site is the whole briefing, ready for page building.
type Site struct {
	Articles     []*Article     // newest first where dated, then by title and id
	Participants []*Participant // by name
	Topics       []*Topic       // in taxonomy order
	Events       []*Event       // newest first, undated last
	Timeline     []*Moment      // dated statements, oldest first
}

// Event is a group of articles that report the same event.
type Event struct {
	Index    int // position in Site.Events
	ID       string
	Title    string
	Date     time.Time // zero when unknown
	Articles []*Article
}

// Moment is a date stated in the coverage, with what the articles say
// happened then.
type Moment struct {
	Date       time.Time
	Precision  dates.Precision
	Statements []*Statement
}

// Statement is the sentence of an article that states a date.
type Statement struct {
	Text    string // the sentence
	Phrase  string // the date as written
	Article *Article
}

// Quote is a direct quotation and who said it.
type Quote struct {
	Text    string
	Speaker *Participant // nil when extraction could not attribute it
	Article *Article
}

// Article is a parsed article with its links into the rest of the site.
type Article struct {
	*article.Article
	Slug         string
	Participants []*Appearance // in order of first mention
	Topics       []*Assignment // strongest first
	Related      []*Article
	Event        *Event
	Quotes       []*Quote // in text order
	pos          int      // index in Site.Articles
}

// SameEventShown is how many other reports of its event an article lists.
const SameEventShown = 10

// SameEvent returns up to SameEventShown other articles that report this
// article's event, in site order.
func (a *Article) SameEvent() []*Article {
	if a.Event == nil {
		return nil
	}
	out := make([]*Article, 0, min(len(a.Event.Articles), SameEventShown))
	for _, b := range a.Event.Articles {
		if len(out) == SameEventShown {
			break
		}
		if b.ID != a.ID { // a may be a copy of the site's own Article
			out = append(out, b)
		}
	}
	return out
}

// SameEventMore is how many other reports of the event SameEvent leaves out.
func (a *Article) SameEventMore() int {
	if a.Event == nil {
		return 0
	}
	return max(0, len(a.Event.Articles)-1-SameEventShown)
}

// Dated reports whether the article has a known date.
func (a *Article) Dated() bool { return !a.Date.IsZero() }

// Appearance is one participant's presence in one article.
type Appearance struct {
	Participant *Participant
	Article     *Article
	Roles       []string // roles stated in this article
	Mentions    int
	Snippet     Snippet // text around the first body mention
}

// Snippet is a short excerpt with the mention marked.
type Snippet struct {
	Before, Match, After string
	at                   [2]int // block and offset of the first mention, for ordering
}

// Participant is a person or organization, merged across articles.
type Participant struct {
	ID       string // URL slug, unique
	Key      string // folding key from extraction
	Name     string
	Kind     extract.Kind
	Aliases  []string
	Roles    []Role
	Articles []*Appearance // in site article order
	Mentions int
	With     []*CoParticipant // most shared articles first
	Quotes   []*Quote         // in site article order, then text order
	idx      int              // index in Site.Participants
	fold     string           // Name in lower case, for ordering
}

// Role is a title the text gives a participant: the first article that
// gives it, and how many do.
type Role struct {
	Title    string
	Article  *Article
	Articles int
}

// CoParticipant counts the articles two participants share.
type CoParticipant struct {
	Participant *Participant
	Articles    int
}

// Topic is a taxonomy entry with the articles assigned to it.
type Topic struct {
	TopicInfo
	Articles []*Assignment    // in site article order
	Main     []*CoParticipant // participants of its articles, most frequent first
	idx      int              // index in Site.Topics
}

// Assignment links an article to a topic with the phrases that matched.
type Assignment struct {
	Topic    *Topic
	Article  *Article
	Evidence []string
	Hits     int
	Declared bool // set in the article's metadata rather than found in its text
	Fallback bool // given because no other topic matched
}

// Build joins inputs into a Site. Inputs may come in any order.
func Build(inputs []Input, opts Options) (*Site, error) {
	return BuildContext(context.Background(), inputs, opts)
}

// BuildContext is Build that gives up, between its steps, once ctx is done.
func BuildContext(ctx context.Context, inputs []Input, opts Options) (*Site, error) {
	s := &Site{}
	slab := make([]Article, len(inputs))
	arts := make([]*Article, len(inputs))
	for i, in := range inputs {
		sl := in.Article.Slug
		if sl == "" {
			sl = slug.Make(in.Article.ID)
		}
		slab[i] = Article{Article: in.Article, Slug: sl}
		arts[i] = &slab[i]
	}
	order := make([]int, len(inputs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return compareArticles(arts[i], arts[j]) })
	sorted := make([]*Article, len(order))
	sortedIn := make([]Input, len(order))
	for k, i := range order {
		sorted[k] = arts[i]
		sorted[k].pos = k
		sortedIn[k] = inputs[i]
	}
	s.Articles = sorted
	if err := checkSlugs(sorted); err != nil {
		return nil, err
	}
	if err := checkTopics(sorted, opts.Topics); err != nil {
		return nil, err
	}

	procs := runtime.GOMAXPROCS(0)
	// Events are found from the articles' text and participants alone.
	// Their text is read while the participants are merged, and their
	// clustering runs on one CPU while the rest of the index is built on
	// the others.
	read := make(chan *events.Text, 1)
	go func() { read <- opts.Cache.readEvents(sorted, sortedIn) }()
	var speakers speakerIndex
	s.Participants, speakers = mergeParticipants(sorted, sortedIn, procs)
	prepared := (<-read).Prepare(eventParticipants(sorted))
	grouped := make(chan []events.Event, 1)
	go func() { grouped <- prepared.Group(events.Options{}) }()
	spare := max(1, procs-1)
	attachQuotes(sorted, sortedIn, speakers)
	inc := newIncidence(s)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	coOccurrence(s, inc, opts.CoParticipants, spare)
	s.Topics = assignTopics(s, inc, sortedIn, opts, spare)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	relate(s, inc, opts.Related, spare)
	s.Timeline = timeline(sorted, sortedIn)
	select {
	case g := <-grouped:
		s.Events = linkEvents(sorted, g)
	case <-ctx.Done():
		return nil, ctx.Err() // the grouping finishes on its own and is dropped
	}
	return s, nil
}

// compareArticles orders dated articles newest first, then undated ones, with
// title and id as tie breakers so the order is total.
func compareArticles(a, b *Article) int {
	switch {
	case a.Dated() && !b.Dated():
		return -1
	case !a.Dated() && b.Dated():
		return 1
	}
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func checkSlugs(arts []*Article) error {
	seen := make(map[string]*Article, len(arts))
	var errs article.Errors
	for _, a := range arts {
		if a.Slug == "" {
			errs = append(errs, &article.Error{Path: a.Path, Msg: "the file name gives an empty URL slug; rename the file or set slug"})
			continue
		}
		if prev, ok := seen[a.Slug]; ok {
			errs = append(errs, &article.Error{Path: a.Path, Msg: fmt.Sprintf("URL slug %q is also used by %s; rename one file or set slug", a.Slug, prev.Path)})
			continue
		}
		seen[a.Slug] = a
	}
	return errs.Err()
}

// Date formats a date as YYYY-MM-DD, or "" when unknown.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// checkTopics reports topic ids in article metadata that the taxonomy lacks.
func checkTopics(arts []*Article, topics []TopicInfo) error {
	known := make(map[string]bool, len(topics))
	for _, t := range topics {
		known[t.ID] = true
	}
	var errs article.Errors
	for _, a := range arts {
		for _, id := range a.Article.Topics {
			if !known[id] {
				errs = append(errs, &article.Error{Path: a.Path, Field: "topics", Msg: fmt.Sprintf("unknown topic %q (the taxonomy has no such id)", id)})
			}
		}
	}
	return errs.Err()
}
