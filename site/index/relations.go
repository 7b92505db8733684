package index

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"briefing/site/parallel"
	"briefing/site/topk"
)

// tally counts participants by index, for one participant or topic at a
// time: a worker's reusable scratch memory.
type tally struct {
	count   []int32 // by participant index; zero between uses
	touched []int32 // the participants counted, in no particular order
	top     []int32
}

func newTally(participants int) *tally {
	return &tally{count: make([]int32, participants)}
}

func (t *tally) add(p int) {
	if t.count[p] == 0 {
		t.touched = append(t.touched, int32(p))
	}
	t.count[p]++
}

// take returns the participants counted, largest count first, ties by
// name and id, at most limit of them (0: all), and resets the tally.
func (t *tally) take(ps []*Participant, limit int) []*CoParticipant {
	order := func(x, y int32) int {
		if cx, cy := t.count[x], t.count[y]; cx != cy {
			return -cmp.Compare(cx, cy)
		}
		return compareNames(ps[x], ps[y])
	}
	before := func(x, y int32) bool { return order(x, y) < 0 }
	top := t.top[:0]
	if limit <= 0 {
		top = append(top, t.touched...)
		slices.SortFunc(top, order)
	} else {
		for _, p := range t.touched {
			top = topk.Insert(top, limit, p, before)
		}
	}
	slab := make([]CoParticipant, len(top))
	out := make([]*CoParticipant, len(top))
	for k, p := range top {
		slab[k] = CoParticipant{Participant: ps[p], Articles: int(t.count[p])}
		out[k] = &slab[k]
	}
	for _, p := range t.touched {
		t.count[p] = 0
	}
	t.touched, t.top = t.touched[:0], top[:0]
	return out
}

// compareNames orders participants by name, case aside, then by id.
func compareNames(a, b *Participant) int {
	return cmp.Or(strings.Compare(a.fold, b.fold), strings.Compare(a.ID, b.ID))
}

// coOccurrence fills each participant's With list: the participants it
// shares articles with, most shared first, at most limit of them.
func coOccurrence(s *Site, inc *incidence, limit, workers int) {
	ps := s.Participants
	tallies := make([]*tally, workers)
	parallel.Chunks(workers, len(ps), 64, func(w, lo, hi int) {
		if tallies[w] == nil {
			tallies[w] = newTally(len(ps))
		}
		t := tallies[w]
		for p := lo; p < hi; p++ {
			for _, i := range inc.articles(p) {
				for _, q := range inc.participants(int(i)) {
					if int(q) != p {
						t.add(int(q))
					}
				}
			}
			ps[p].With = t.take(ps, limit)
		}
	})
}

// assignTopics builds the topics of the taxonomy from the articles' matches.
// Topics without articles are kept, so the taxonomy is always complete.
func assignTopics(s *Site, inc *incidence, inputs []Input, opts Options, workers int) []*Topic {
	arts := s.Articles
	byID := make(map[string]*Topic, len(opts.Topics))
	topics := make([]*Topic, 0, len(opts.Topics))
	for k, info := range opts.Topics {
		t := &Topic{TopicInfo: info, idx: k}
		byID[info.ID] = t
		topics = append(topics, t)
	}
	var assigned []string
	for i, in := range inputs {
		a := arts[i]
		assigned = assigned[:0]
		for _, m := range in.Annotations.Topics {
			t := byID[m.ID]
			if t == nil {
				continue
			}
			assigned = append(assigned, m.ID)
			as := &Assignment{Topic: t, Article: a, Evidence: m.Evidence, Hits: m.Hits}
			a.Topics = append(a.Topics, as)
			t.Articles = append(t.Articles, as)
		}
		// Topics set in the article's metadata; Build checked they exist.
		for _, id := range a.Article.Topics {
			if t := byID[id]; t != nil && !slices.Contains(assigned, id) {
				assigned = append(assigned, id)
				as := &Assignment{Topic: t, Article: a, Declared: true}
				a.Topics = append(a.Topics, as)
				t.Articles = append(t.Articles, as)
			}
		}
	}
	if fb := byID[opts.FallbackTopic]; fb != nil {
		for _, a := range arts {
			if len(a.Topics) == 0 {
				as := &Assignment{Topic: fb, Article: a, Fallback: true}
				a.Topics = append(a.Topics, as)
				fb.Articles = append(fb.Articles, as)
			}
		}
	}
	tallies := make([]*tally, workers)
	parallel.Chunks(workers, len(topics), 1, func(w, lo, hi int) {
		if tallies[w] == nil {
			tallies[w] = newTally(len(s.Participants))
		}
		t := tallies[w]
		for _, tp := range topics[lo:hi] {
			for _, as := range tp.Articles {
				for _, q := range inc.participants(as.Article.pos) {
					t.add(int(q))
				}
			}
			tp.Main = t.take(s.Participants, opts.MainPerTopic)
		}
	})
	return topics
}

// Bounds of the candidates relate considers for an article.
const (
	maxRare     = 6  // participants per article that propose candidates
	maxPostings = 64 // candidates each of them proposes
)

// relate gives each article its most related articles: those sharing its
// rarest participants score highest (inverse document frequency), and a
// shared topic adds a little. To stay linear on large sites, candidates come
// only from the article's rarest few participants and the first
// maxPostings articles of each; a participant in nearly every article says
// little about relatedness anyway.
func relate(s *Site, inc *incidence, limit, workers int) {
	if limit <= 0 {
		return
	}
	arts := s.Articles
	r := newRelator(s, inc)
	slab := make([]*Article, len(arts)*limit)
	scratch := make([]*relateScratch, workers)
	parallel.Chunks(workers, len(arts), 64, func(w, lo, hi int) {
		if scratch[w] == nil {
			scratch[w] = &relateScratch{score: make([]float64, len(arts))}
		}
		sc := scratch[w]
		for i := lo; i < hi; i++ {
			top := r.best(int32(i), limit, sc)
			if len(top) == 0 {
				arts[i].Related = nil
				continue
			}
			out := slab[i*limit : i*limit+len(top) : i*limit+len(top)]
			for k, j := range top {
				out[k] = arts[j]
			}
			arts[i].Related = out
		}
	})
}

// relator holds what relate reads for every article, by index: each
// participant ranked from the rarest, its weight and its first postings;
// each article's participant ranks and topics; each topic's weight.
type relator struct {
	weight      []float64 // by rank: the participant's inverse document frequency
	postings    []int32   // by rank, from postFrom: its first maxPostings articles
	postFrom    []int32
	ranks       []int32 // by article, from rankFrom: its participants' ranks
	rankFrom    []int32
	topics      []int32 // by article, from topicFrom: its topics' indexes, in order
	topicFrom   []int32
	topicSet    []uint64  // by article: its topics below 63 as a bit set, and mixed
	topicWeight []float64 // by topic index: half its inverse document frequency
}

// relateScratch is a worker's memory for relate: candidate scores by
// article index, zero between articles.
type relateScratch struct {
	score   []float64
	touched []int32
	rare    []int32
	top     []int32
}

func newRelator(s *Site, inc *incidence) *relator {
	arts, ps := s.Articles, s.Participants
	n := float64(len(arts))
	idf := func(df int) float64 { return math.Log(1 + n/float64(df)) }
	r := &relator{}

	// Participants from the rarest, then by id.
	byRank := make([]*Participant, len(ps))
	copy(byRank, ps)
	slices.SortFunc(byRank, func(x, y *Participant) int {
		return cmp.Or(cmp.Compare(len(x.Articles), len(y.Articles)), strings.Compare(x.ID, y.ID))
	})
	rank := make([]int32, len(ps)) // by participant index
	r.weight = make([]float64, len(ps))
	r.postFrom = make([]int32, len(ps)+1)
	for k, p := range byRank {
		rank[p.idx] = int32(k)
		r.weight[k] = idf(len(p.Articles))
		r.postFrom[k+1] = r.postFrom[k] + int32(min(maxPostings, len(p.Articles)))
	}
	r.postings = make([]int32, r.postFrom[len(ps)])
	for k, p := range byRank {
		copy(r.postings[r.postFrom[k]:r.postFrom[k+1]], inc.articles(p.idx))
	}

	r.ranks = make([]int32, len(inc.parts))
	for k, p := range inc.parts {
		r.ranks[k] = rank[p]
	}
	r.rankFrom = inc.partFrom
	r.topicFrom = make([]int32, len(arts)+1)
	for i, a := range arts {
		r.topicFrom[i+1] = r.topicFrom[i] + int32(len(a.Topics))
	}
	r.topics = make([]int32, r.topicFrom[len(arts)])
	r.topicSet = make([]uint64, len(arts))
	for i, a := range arts {
		for k, as := range a.Topics {
			t := as.Topic.idx
			r.topics[int(r.topicFrom[i])+k] = int32(t)
			if t >= 63 || r.topicSet[i]&(1<<t) != 0 {
				r.topicSet[i] |= mixed
			} else {
				r.topicSet[i] |= 1 << t
			}
		}
	}
	r.topicWeight = make([]float64, len(s.Topics))
	for k, t := range s.Topics {
		r.topicWeight[k] = 0.5 * idf(len(t.Articles))
	}
	return r
}

// best returns the indexes of the limit articles most related to article
// i, best first, in sc.top: the highest score, then the first in site
// order.
func (r *relator) best(i int32, limit int, sc *relateScratch) []int32 {
	score := sc.score
	rare := append(sc.rare[:0], r.ranks[r.rankFrom[i]:r.rankFrom[i+1]]...)
	slices.Sort(rare)
	touched := sc.touched[:0]
	for _, p := range rare[:min(maxRare, len(rare))] {
		w := r.weight[p]
		for _, j := range r.postings[r.postFrom[p]:r.postFrom[p+1]] {
			if j == i {
				continue
			}
			if score[j] == 0 { // weights are positive
				touched = append(touched, j)
			}
			score[j] += w
		}
	}
	// Shared topics refine the candidates found.
	ti, seti := r.topics[r.topicFrom[i]:r.topicFrom[i+1]], r.topicSet[i]
	for _, j := range touched {
		score[j] += r.shared(ti, seti, j)
	}
	// Keep the best few by insertion: sorting every candidate would cost
	// more than the scoring on a large site.
	better := func(x, y int32) bool {
		return score[x] > score[y] || score[x] == score[y] && x < y
	}
	top := sc.top[:0]
	for _, j := range touched {
		top = topk.Insert(top, limit, j, better)
	}
	for _, j := range touched {
		score[j] = 0
	}
	sc.rare, sc.touched, sc.top = rare, touched, top
	return top
}

// mixed marks a topic set that does not hold all of its article's topics,
// each once: the article has a topic twice, or one of index 63 or more.
const mixed = 1 << 63

// shared scores the topics an article with topics ti (and topic set
// seti) shares with article j: half the weight of each, for each pair of
// their topics that match, summed in the order of ti, then j's topics.
func (r *relator) shared(ti []int32, seti uint64, j int32) float64 {
	w := 0.0
	if set := r.topicSet[j]; set&mixed == 0 {
		// Each of ti matches one of j's topics at most.
		if seti&set == 0 {
			return w
		}
		for _, x := range ti {
			if x < 63 && set&(1<<x) != 0 {
				w += r.topicWeight[x]
			}
		}
		return w
	}
	for _, x := range ti {
		for _, y := range r.topics[r.topicFrom[j]:r.topicFrom[j+1]] {
			if x == y {
				w += r.topicWeight[x]
			}
		}
	}
	return w
}
