package index

// The reference implementations of relate and of the co-occurrence counts:
// the plain forms over maps and pointers that Build used before they were
// made flat and parallel. TestMatchesReference holds Build to them.

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"briefing/site/extract"
)

// refRelated returns the related articles of every article.
func refRelated(arts []*Article, limit int) [][]*Article {
	const (
		maxRare     = 6
		maxPostings = 64
	)
	out := make([][]*Article, len(arts))
	n := float64(len(arts))
	pos := make(map[*Article]int, len(arts))
	for i, a := range arts {
		pos[a] = i
	}
	idf := func(df int) float64 { return math.Log(1 + n/float64(df)) }
	for i, a := range arts {
		scores := map[*Article]float64{}
		var rare []*Participant
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
			continue
		}
		for b := range scores {
			w := 0.0
			for _, x := range a.Topics {
				for _, y := range b.Topics {
					if x.Topic == y.Topic {
						w += 0.5 * idf(len(x.Topic.Articles))
					}
				}
			}
			scores[b] += w
		}
		var top []*Article
		for b := range scores {
			top = append(top, b)
		}
		slices.SortFunc(top, func(x, y *Article) int {
			return cmp.Or(-cmp.Compare(scores[x], scores[y]), cmp.Compare(pos[x], pos[y]))
		})
		out[i] = top[:min(limit, len(top))]
	}
	return out
}

// refTopCounts turns a count map into a list, largest first, ties by name
// and id, at most limit long (0: all).
func refTopCounts(m map[*Participant]int, limit int) []*CoParticipant {
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

// refWith returns every participant's co-participants.
func refWith(s *Site, limit int) map[*Participant][]*CoParticipant {
	counts := map[*Participant]map[*Participant]int{}
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
	out := map[*Participant][]*CoParticipant{}
	for _, p := range s.Participants {
		out[p] = refTopCounts(counts[p], limit)
	}
	return out
}

// refMain returns every topic's main participants.
func refMain(s *Site, limit int) map[*Topic][]*CoParticipant {
	out := map[*Topic][]*CoParticipant{}
	for _, t := range s.Topics {
		counts := map[*Participant]int{}
		for _, as := range t.Articles {
			for _, app := range as.Article.Participants {
				counts[app.Participant]++
			}
		}
		out[t] = refTopCounts(counts, limit)
	}
	return out
}

func coString(cs []*CoParticipant) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s:%d ", c.Participant.ID, c.Articles)
	}
	return b.String()
}

func articleIDs(as []*Article) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.ID + " ")
	}
	return b.String()
}

// checkReference compares what Build made of inputs with the reference
// implementations.
func checkReference(t *testing.T, inputs []Input, opts Options) {
	t.Helper()
	s, err := Build(inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	related := refRelated(s.Articles, opts.Related)
	for i, a := range s.Articles {
		if got, want := articleIDs(a.Related), articleIDs(related[i]); got != want {
			t.Fatalf("related to %s: %s, want %s", a.ID, got, want)
		}
		if (a.Related == nil) != (related[i] == nil) {
			t.Fatalf("related to %s: nil is %v, want %v", a.ID, a.Related == nil, related[i] == nil)
		}
	}
	with := refWith(s, opts.CoParticipants)
	for _, p := range s.Participants {
		if got, want := coString(p.With), coString(with[p]); got != want || p.With == nil {
			t.Fatalf("%s appears with %s, want %s", p.ID, got, want)
		}
	}
	main := refMain(s, opts.MainPerTopic)
	for _, tp := range s.Topics {
		if got, want := coString(tp.Main), coString(main[tp]); got != want || tp.Main == nil {
			t.Fatalf("topic %s has main participants %s, want %s", tp.ID, got, want)
		}
	}
}

// TestMatchesReference holds relate and the co-occurrence counts to their
// plain forms: on generated clippings, and on random articles with more
// than 64 topics, topics matched twice and names that differ in case only.
func TestMatchesReference(t *testing.T) {
	t.Run("generated", func(t *testing.T) {
		n := 1000
		if testing.Short() {
			n = 200
		}
		inputs, opts := generatedInputs(t, n)
		checkReference(t, inputs, opts)
	})
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		var topics []TopicInfo
		for k := range 70 {
			topics = append(topics, TopicInfo{ID: fmt.Sprintf("t%d", k), Name: fmt.Sprintf("T%d", k)})
		}
		names := []string{"Anna Berg", "anna berg", "Omar Haddad", "Leila Haddad", "Paul Roche", "Roche", "Mara Lind",
			"Tomas Okafor", "Ines Duval", "Kofi Mensah", "Yuki Sato", "Lena Vogel", "Ravi Nair", "Sara Costa"}
		var inputs []Input
		for i := range 400 {
			var ps []extract.Participant
			for range 1 + rng.IntN(8) {
				ps = append(ps, person(names[rng.IntN(len(names))]))
			}
			in := input(fmt.Sprintf("a%03d", i), fmt.Sprintf("Title %d", rng.IntN(50)), "", ps...)
			for range rng.IntN(4) {
				id := topics[rng.IntN(len(topics))].ID
				in.Annotations.Topics = append(in.Annotations.Topics, extract.TopicMatch{ID: id, Hits: 1})
				if rng.IntN(5) == 0 { // matched twice
					in.Annotations.Topics = append(in.Annotations.Topics, extract.TopicMatch{ID: id, Hits: 1})
				}
			}
			inputs = append(inputs, in)
		}
		for _, limit := range []int{1, 3, 0} {
			checkReference(t, inputs, Options{Topics: topics, Related: 4, CoParticipants: limit, MainPerTopic: limit, FallbackTopic: "t0"})
		}
	})
}
