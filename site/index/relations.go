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

// topCounts turns a count map into a list, largest first, ties by name and id.
func topCounts(m map[*Participant]int, limit int) []*CoParticipant {
	out := make([]*CoParticipant, 0, len(m))
	for p, n := range m {
		out = append(out, &CoParticipant{Participant: p, Articles: n})
	}
	slices.SortFunc(out, func(a, b *CoParticipant) int {
		return cmp.Or(-cmp.Compare(a.Articles, b.Articles),
			strings.Compare(strings.ToLower(a.Participant.Name), strings.ToLower(b.Participant.Name)),
			strings.Compare(a.Participant.ID, b.Participant.ID))
	})
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

// relate gives each article its most related articles: those sharing rare
// participants and topics score highest (inverse document frequency). To stay
// near-linear on large sites, only the most recent maxPostings articles of
// each participant and topic are considered as candidates.
func relate(arts []*Article, limit int) {
	if limit <= 0 {
		return
	}
	const maxPostings = 200
	n := float64(len(arts))
	pos := make(map[*Article]int, len(arts))
	for i, a := range arts {
		pos[a] = i
	}
	for _, a := range arts {
		scores := map[*Article]float64{}
		for _, app := range a.Participants {
			apps := app.Participant.Articles
			w := math.Log(1 + n/float64(len(apps)))
			for k, other := range apps {
				if k >= maxPostings {
					break
				}
				if other.Article != a {
					scores[other.Article] += w
				}
			}
		}
		for _, as := range a.Topics {
			w := 0.5 * math.Log(1+n/float64(len(as.Topic.Articles)))
			for k, other := range as.Topic.Articles {
				if k >= maxPostings {
					break
				}
				if other.Article != a {
					scores[other.Article] += w
				}
			}
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
