package index

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// coOccurrence fills each participant's With list: the participants it
// shares articles with, most shared first, at most limit of them.
func coOccurrence(s *Site, limit int) {
	counts := make(map[*Participant]map[*Participant]int, len(s.Participants))
	for _, a := range s.Articles {
		for _, x := range a.Participants {
			m := counts[x.Participant]
			if m == nil {
				m = map[*Participant]int{}
				counts[x.Participant] = m
			}
			for _, y := range a.Participants {
				if x != y {
					m[y.Participant]++
				}
			}
		}
	}
	for _, p := range s.Participants {
		p.With = topCounts(counts[p], limit)
	}
}

// topCounts turns a count map into a list, largest first, ties by name and
// id, at most limit long (0: all). Only the kept entries are sorted.
func topCounts(m map[*Participant]int, limit int) []*CoParticipant {
	out := make([]*CoParticipant, 0, len(m))
	for p, n := range m {
		out = append(out, &CoParticipant{Participant: p, Articles: n})
	}
	cmpCo := func(a, b *CoParticipant) int {
		return cmp.Or(-cmp.Compare(a.Articles, b.Articles),
			strings.Compare(strings.ToLower(a.Participant.Name), strings.ToLower(b.Participant.Name)),
			strings.Compare(a.Participant.ID, b.Participant.ID))
	}
	if limit > 0 && len(out) > 4*limit {
		// Keep the entries with at least the limit-th largest count, then sort those.
		counts := make([]int, len(out))
		for i, c := range out {
			counts[i] = c.Articles
		}
		slices.Sort(counts)
		cut := counts[len(counts)-limit]
		out = slices.DeleteFunc(out, func(c *CoParticipant) bool { return c.Articles < cut })
	}
	slices.SortFunc(out, cmpCo)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// assignTopics builds the topics of the taxonomy from the articles' matches.
// Topics without articles are kept, so the taxonomy is always complete.
func assignTopics(arts []*Article, inputs []Input, opts Options) []*Topic {
	byID := make(map[string]*Topic, len(opts.Topics))
	topics := make([]*Topic, 0, len(opts.Topics))
	for _, info := range opts.Topics {
		t := &Topic{TopicInfo: info}
		byID[info.ID] = t
		topics = append(topics, t)
	}
	for i, in := range inputs {
		a := arts[i]
		assigned := map[string]bool{}
		for _, m := range in.Annotations.Topics {
			t := byID[m.ID]
			if t == nil {
				continue
			}
			assigned[m.ID] = true
			as := &Assignment{Topic: t, Article: a, Evidence: m.Evidence, Hits: m.Hits}
			a.Topics = append(a.Topics, as)
			t.Articles = append(t.Articles, as)
		}
		// Topics set in the article's metadata; Build checked they exist.
		for _, id := range a.Article.Topics {
			if t := byID[id]; t != nil && !assigned[id] {
				assigned[id] = true
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
	for _, t := range topics {
		counts := map[*Participant]int{}
		for _, as := range t.Articles {
			for _, app := range as.Article.Participants {
				counts[app.Participant]++
			}
		}
		t.Main = topCounts(counts, opts.MainPerTopic)
	}
	return topics
}

// relate gives each article its most related articles: those sharing its
// rarest participants score highest (inverse document frequency), and a
// shared topic adds a little. To stay linear on large sites, candidates come
// only from the article's rarest few participants and the first
// maxPostings articles of each; a participant in nearly every article says
// little about relatedness anyway.
func relate(arts []*Article, limit int) {
	if limit <= 0 {
		return
	}
	const (
		maxRare     = 6  // participants per article that propose candidates
		maxPostings = 64 // candidates each of them proposes
	)
	n := float64(len(arts))
	pos := make(map[*Article]int, len(arts))
	for i, a := range arts {
		pos[a] = i
	}
	idf := func(df int) float64 { return math.Log(1 + n/float64(df)) }
	scores := map[*Article]float64{}
	var rare []*Participant
	for _, a := range arts {
		clear(scores)
		rare = rare[:0]
		for _, app := range a.Participants {
			rare = append(rare, app.Participant)
		}
		slices.SortFunc(rare, func(x, y *Participant) int {
			return cmp.Or(cmp.Compare(len(x.Articles), len(y.Articles)), strings.Compare(x.ID, y.ID))
		})
		for _, p := range rare[:min(maxRare, len(rare))] {
			w := idf(len(p.Articles))
			for k, other := range p.Articles {
				if k >= maxPostings {
					break
				}
				if other.Article != a {
					scores[other.Article] += w
				}
			}
		}
		if len(scores) == 0 {
			a.Related = nil
			continue
		}
		// Shared topics and the other shared participants refine the
		// candidates found.
		for b := range scores {
			scores[b] += sharedWeight(a, b, idf)
		}
		// Keep the best few by insertion: sorting every candidate would
		// cost more than the scoring on a large site.
		better := func(x, y *Article) bool {
			return scores[x] > scores[y] || scores[x] == scores[y] && pos[x] < pos[y]
		}
		top := make([]*Article, 0, limit+1)
		for b := range scores {
			if len(top) == limit && !better(b, top[limit-1]) {
				continue
			}
			k := len(top)
			for k > 0 && better(b, top[k-1]) {
				k--
			}
			top = slices.Insert(top, k, b)
			if len(top) > limit {
				top = top[:limit]
			}
		}
		a.Related = top
	}
}

// sharedWeight scores what a and b share beyond their rarest participants:
// half the weight of each shared topic. Both lists are short.
func sharedWeight(a, b *Article, idf func(int) float64) float64 {
	w := 0.0
	for _, x := range a.Topics {
		for _, y := range b.Topics {
			if x.Topic == y.Topic {
				w += 0.5 * idf(len(x.Topic.Articles))
			}
		}
	}
	return w
}
