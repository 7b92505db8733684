// Package events groups articles that report the same event: two outlets'
// reports of one summit become one event, while two meetings of the same two
// ministers in different cities stay apart.
//
// Each article becomes a TF-IDF vector over four channels: stemmed content
// words, names (capitalized words and adjacent pairs of them: "Paris",
// "support group"), participant keys, and dates (month-days stated or
// resolved, weekdays named, found with package dates). Inverse document
// frequency does the weighing: the two ministers who appear in every
// article of a corpus count for little; "Vientiane", "Dec 18" and
// "International Syria Support Group" count for much. Features found in one
// article only are dropped, and the corpus mean (shrunk towards zero, so a
// corpus of two is not its own background) is subtracted before taking the
// cosine: what all articles share does not make two of them alike. Two
// articles that overlap less than MinOverlap outright are never alike, and
// neither are two articles both dated more than MaxGap apart.
//
// Similarity is relative to the corpus, which is what lets five clippings
// about the same two ministers fall into three events. The other side of
// it: in a corpus of a handful of articles, an article about no event in
// particular (a profile, an interview) may join one that shares its rarer
// names, as there is too little background to tell.
//
// Candidate pairs come from an inverted index of each article's heaviest
// features, with postings read only within the date window and capped, so
// the work grows linearly with the number of articles, never with its
// square. Articles are then merged by average-link agglomerative
// clustering while the mean similarity of two groups reaches the threshold
// and the merged group spans no more than MaxGap of publication dates.
// Small groups are compared on all their pairs, large ones on the
// candidate pairs between them.
//
// Group is pure and deterministic: the same input gives the same events,
// whatever the number of CPUs.
//
// The implementation is built for speed on thousands of articles, and
// its result is the plain algorithm's to the last bit, because sums of
// floating-point numbers depend on their order: features are read by an
// interning tokenizer (features.go; dates.Find only reads the sentences
// that may state a day), get ids in the order the plain algorithm gives
// them (model.go), vectors are multiplied by spreading one out by feature
// id and reading the others (the same sum in the same order), and the
// merge queue holds each live link once (cluster.go).
// TestFeaturesMatchReference holds the tokenizer to the plain one, and
// TestGolden pins whole results.
package events

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"briefing/site/dates"
	"briefing/site/parallel"
	"briefing/site/slug"
)

// Doc is one article as Group sees it.
type Doc struct {
	ID           string
	Title        string
	Text         []string    // headline, then body paragraphs
	Date         time.Time   // publication date, zero if unknown
	Participants []string    // participant keys (people and organizations) found in it
	Dates        []time.Time // resolved dates mentioned in it (see package dates); may be empty
	// Mentions, when not nil, is what dates.Find(Text, Date) returns,
	// which Group then need not find again: a caller that has it saves
	// Group the work. Empty means Text states no date.
	Mentions []dates.Mention
}

// Event is a group of articles reporting the same event.
type Event struct {
	ID    string    // URL slug of Title, unique among the events returned
	Title string    // the headline of the event's most central article
	Date  time.Time // see Group
	Docs  []int     // indexes into Group's input, ascending
}

// Options tunes Group.
type Options struct {
	// Threshold is the mean cosine similarity two groups of articles need
	// to merge. Zero means DefaultThreshold.
	Threshold float64
}

// DefaultThreshold is the merge threshold when Options leaves it zero.
//
// It was chosen, not fitted, against three references: reports of one
// event score at least 0.87 among the invented test articles, 0.30 among
// the five seed clippings, and 0.34 for 99% of such pairs in a synthetic
// corpus of 5,000 articles; reports of different events score at most
// 0.00, 0.04 and (for 99% of candidate pairs) 0.17. 0.2 lies inside all
// three gaps, away from their edges. It keeps the expected grouping of the
// seeds and the invented articles when the background and the channel
// weights below are varied from 2 to 8 and from 1 to 3, except with the
// background at 2 and names weighed like words.
const DefaultThreshold = 0.2

// MinOverlap is the least plain TF-IDF cosine, over all their features,
// two articles need for their relative similarity to count at all.
//
// Relative similarity weighs two articles against the rest of the corpus.
// In a corpus of two to four articles about different events that rest is
// nearly empty, and two articles sharing only the recurring names would
// look alike: in the invented test articles such pairs overlap 0.03 to
// 0.06 outright. The seeds' weakest same-event pair overlaps 0.10; 0.075
// lies between (near their geometric mean). Reports of one event usually
// overlap far more, so the floor only matters in tiny corpora.
const MinOverlap = 0.075

// MaxGap is the widest spread of publication dates an event may have.
// Articles both dated further apart never share an event.
const MaxGap = 7 * 24 * time.Hour

// Channel weights multiply IDF. Events are told apart by who, where and
// when far more than by the words around them, so names, participants and
// dates weigh twice a content word; a capitalized word, which is also
// counted as a word, weighs about three times a lower-case one.
const (
	wordWeight        = 1.0
	nameWeight        = 2.0
	participantWeight = 2.0
	dateWeight        = 2.0
)

// minDF is the fewest articles a feature must appear in to be part of the
// vectors. A feature of one article can be shared by no pair; left in, it
// would only scale an article's similarities down by how much else it
// says. It still counts in the plain overlap that MinOverlap bounds.
const minDF = 2

// background is the number of unrelated articles the corpus mean is shrunk
// towards (a pseudo-count): the mean of two or three articles is mostly the
// articles themselves and must not be subtracted whole.
const background = 4

// Candidate search bounds: each article indexes its indexTerms heaviest
// features shared with at least one other article, reads at most
// postingCap entries of each posting and keeps its maxCandidates best
// partial matches for exact comparison.
const (
	indexTerms    = 16
	postingCap    = 64
	maxCandidates = 24
)

// Group partitions docs into events. Every doc belongs to exactly one
// event; a doc like no other is an event of its own.
//
// Events come newest first, undated ones last, then by title. An event's
// Date is the earliest publication date among its docs; when none is
// dated, the date its docs mention most often (the earliest on a tie);
// else zero. Its Title is the headline of the doc with the highest mean
// similarity to the others (on a tie, the headline with more words, then
// the first in input order); its ID is the title's slug, made unique with
// "-2", "-3" in event order.
func Group(docs []Doc, opts Options) []Event {
	return Prepare(docs).Group(opts)
}

// Prepared is a set of documents ready to be grouped: their features
// and vectors, and the candidate pairs with their similarity.
type Prepared struct {
	m     *model
	pairs []edge
}

// Prepare does the first part of Group, which runs on all CPUs: it reads
// the documents' features and finds the candidate pairs. The rest, the
// clustering, runs mostly on one CPU: a caller may have work of its own
// to do meanwhile.
func Prepare(docs []Doc) *Prepared {
	return Read(docs).Prepare(participantsOf(docs))
}

// Text is the documents' features as far as their text and dates give
// them: see Read.
type Text struct {
	t *text
}

// Read reads the features of the documents' text and dates, on all
// CPUs: the larger part of Prepare, which a caller may run while it is
// still finding the documents' participants. It leaves out their
// Participants; Text.Prepare adds them. docs must not change until the
// events are grouped.
func Read(docs []Doc) *Text {
	return &Text{readText(docs)}
}

// A Reader reads documents as Read does, and keeps what it read of each
// under a key the caller gives it: a later Read with the same key takes
// the document's features from it instead of reading its text again.
// It is for reading a corpus again after a few of its documents changed.
//
// A Reader is not safe for concurrent use, and the Text of one Read must
// be prepared or dropped before the next Read.
type Reader struct {
	r *reader
}

// NewReader returns an empty Reader.
func NewReader() *Reader {
	return &Reader{newReader()}
}

// Read is package-level Read with keys[i], a comparable value, naming
// docs[i]: a document read under a key must have the same Text, Date,
// Dates and Mentions whenever it is read under that key again. What the
// Reader keeps afterwards is the documents of this Read alone.
func (r *Reader) Read(docs []Doc, keys []any) *Text {
	if len(keys) != len(docs) {
		panic("events: " + strconv.Itoa(len(keys)) + " keys for " + strconv.Itoa(len(docs)) + " documents")
	}
	return &Text{r.r.read(docs, keys)}
}

// Prepare does the rest of Prepare for the documents read, with
// participants[i] as the Participants of the i-th: participants is nil
// or has one entry per document. It returns what Prepare returns for
// documents with those Participants, and may be called once.
func (t *Text) Prepare(participants [][]string) *Prepared {
	tx := t.t
	switch {
	case tx == nil:
		panic("events: Text prepared twice")
	case participants != nil && len(participants) != len(tx.docs):
		panic("events: participants for " + strconv.Itoa(len(participants)) + " documents, not " + strconv.Itoa(len(tx.docs)))
	}
	t.t = nil
	if len(tx.docs) == 0 {
		return &Prepared{}
	}
	m := tx.model(participants)
	return &Prepared{m: m, pairs: m.candidates()}
}

// Group partitions the prepared documents into events, as package-level
// Group does.
func (p *Prepared) Group(opts Options) []Event {
	if p.m == nil {
		return nil
	}
	th := opts.Threshold
	if th <= 0 {
		th = DefaultThreshold
	}
	return p.m.events(p.m.cluster(p.pairs, th))
}

// events turns the clusters into ordered, named events.
func (m *model) events(c *clusters) []Event {
	var groups [][]int32
	for x, size := range c.size {
		if size > 0 {
			groups = append(groups, c.members(int32(x), make([]int32, 0, size)))
		}
	}
	evs := make([]Event, len(groups))
	base := make([]string, len(groups))
	scratches := make([]*scratch, runtime.GOMAXPROCS(0))
	parallel.Chunks(len(scratches), len(groups), 16, func(w, lo, hi int) {
		if scratches[w] == nil {
			scratches[w] = &scratch{}
		}
		for k := lo; k < hi; k++ {
			ms := groups[k]
			e := Event{Docs: make([]int, len(ms))}
			for x, i := range ms {
				e.Docs[x] = int(i)
			}
			e.Title = m.title(m.central(ms, scratches[w]))
			e.Date = m.date(ms)
			evs[k] = e
			base[k] = slug.Make(e.Title)
		}
	})
	order := make([]int, len(evs))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(x, y int) int {
		a, b := &evs[x], &evs[y]
		switch {
		case !a.Date.IsZero() && b.Date.IsZero():
			return -1
		case a.Date.IsZero() && !b.Date.IsZero():
			return 1
		}
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return cmp.Compare(a.Docs[0], b.Docs[0])
	})
	out := make([]Event, len(evs))
	// "page" is taken: an event's page would clash with the pages of the
	// events list (events/page/2/).
	used := map[string]bool{"page": true}
	for k, x := range order {
		out[k] = evs[x]
		b := base[x]
		if b == "" {
			b = "event"
		}
		id := b
		for n := 2; used[id]; n++ {
			id = b + "-" + strconv.Itoa(n)
		}
		used[id] = true
		out[k].ID = id
	}
	return out
}

// scratch is a worker's reusable memory for scoring events: vectors
// spread out by feature id, and dot products.
type scratch struct {
	dense []float64
	t     []float64
	dots  []float64
}

// central returns the member with the highest mean similarity to the
// others; on a tie, the one with the longer headline, then the first.
func (m *model) central(ms []int32, sc *scratch) int {
	var scores []float64
	switch {
	case len(ms) <= 2:
		scores = make([]float64, len(ms)) // a pair is symmetric: a tie
	case len(ms) <= 64:
		scores = m.pairScores(ms, sc)
	default:
		scores = m.sumScores(ms, sc)
	}
	// On a tie the fuller headline says more about the event.
	words := func(k int) int { return len(strings.Fields(m.docs[ms[k]].Title)) }
	best := 0
	for k, s := range scores {
		if s > scores[best] || s == scores[best] && words(k) > words(best) {
			best = k
		}
	}
	return int(ms[best])
}

// pairScores sums each member's similarities to the others pair by pair.
func (m *model) pairScores(ms []int32, sc *scratch) []float64 {
	if sc == nil {
		sc = &scratch{}
	}
	if sc.dense == nil {
		sc.dense = make([]float64, m.nfeat)
	}
	sc.dots = slices.Grow(sc.dots[:0], len(ms))[:len(ms)]
	scores := make([]float64, len(ms))
	for k, i := range ms {
		v := m.vecs[i]
		v.scatter(sc.dense)
		m.dotsWith(sc.dense, ms, sc.dots)
		v.unscatter(sc.dense)
		for x, j := range ms {
			if i != j {
				scores[k] += m.simDot(int(i), int(j), sc.dots[x])
			}
		}
	}
	return scores
}

// sumScores does what pairScores does in one pass over the members, for
// large events, but without MinOverlap. With centered vectors a_j - mu
// scaled by 1/s_j, member i's similarities to all members sum to
// (a_i·T - (c_i-q)·U - V)/s_i, where T, U and V sum a_j/s_j, 1/s_j and
// c_j/s_j over the members; its similarity to itself, 1, is taken off.
func (m *model) sumScores(ms []int32, sc *scratch) []float64 {
	if sc == nil {
		sc = &scratch{}
	}
	if sc.t == nil {
		sc.t = make([]float64, m.nfeat)
	}
	T := sc.t
	q := m.sumSq / (m.scale * m.scale)
	s := make([]float64, len(ms))
	var U, V float64
	for k, i := range ms {
		c := m.dotS[i] / m.scale
		n := m.self[i] - 2*c + q
		if m.self[i] == 0 || n <= 0 {
			continue // similarity 0 to every other member
		}
		s[k] = math.Sqrt(n)
		v := m.vecs[i]
		for x, id := range v.ids {
			T[id] += float64(v.w[x]) / s[k]
		}
		U += 1 / s[k]
		V += c / s[k]
	}
	scores := make([]float64, len(ms))
	for k, i := range ms {
		if s[k] == 0 {
			continue
		}
		dot := 0.0
		v := m.vecs[i]
		for x, id := range v.ids {
			dot += float64(v.w[x]) * T[id]
		}
		c := m.dotS[i] / m.scale
		scores[k] = (dot-(c-q)*U-V)/s[k] - 1
	}
	for _, i := range ms {
		for _, id := range m.vecs[i].ids {
			T[id] = 0
		}
	}
	return scores
}

func (m *model) title(i int) string {
	d := &m.docs[i]
	switch {
	case d.Title != "":
		return d.Title
	case len(d.Text) > 0 && d.Text[0] != "":
		return d.Text[0]
	}
	return d.ID
}

// date is the earliest publication date of the members, else the date
// they mention most (the earliest on a tie), else zero.
func (m *model) date(ms []int32) time.Time {
	var first time.Time
	for _, i := range ms {
		if d := m.docs[i].Date; !d.IsZero() && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	if !first.IsZero() {
		return first
	}
	count := map[time.Time]int{}
	for _, i := range ms {
		for _, d := range m.docs[i].Dates {
			if !d.IsZero() {
				count[d.UTC()]++
			}
		}
	}
	var best time.Time
	for d, n := range count {
		if n > count[best] || (n == count[best] && d.Before(best)) {
			best = d
		}
	}
	return best
}
