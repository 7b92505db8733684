package index

// incidence lists, by index, the participants of each article and the
// articles of each participant: what the passes over the whole site read
// again and again, kept flat so that they need not chase pointers.
type incidence struct {
	parts    []int32 // by article, from partFrom: its participants, in its order
	partFrom []int32
	arts     []int32 // by participant, from artFrom: its articles, in site order
	artFrom  []int32
}

func newIncidence(s *Site) *incidence {
	x := &incidence{partFrom: make([]int32, len(s.Articles)+1), artFrom: make([]int32, len(s.Participants)+1)}
	for i, a := range s.Articles {
		x.partFrom[i+1] = x.partFrom[i] + int32(len(a.Participants))
	}
	for p, pp := range s.Participants {
		x.artFrom[p+1] = x.artFrom[p] + int32(len(pp.Articles))
	}
	x.parts = make([]int32, x.partFrom[len(s.Articles)])
	x.arts = make([]int32, x.artFrom[len(s.Participants)])
	for i, a := range s.Articles {
		parts := x.participants(i)
		for k, app := range a.Participants {
			parts[k] = int32(app.Participant.idx)
		}
	}
	for p, pp := range s.Participants {
		arts := x.articles(p)
		for k, app := range pp.Articles {
			arts[k] = int32(app.Article.pos)
		}
	}
	return x
}

// participants returns the indexes of article i's participants.
func (x *incidence) participants(i int) []int32 {
	return x.parts[x.partFrom[i]:x.partFrom[i+1]]
}

// articles returns the indexes of participant p's articles.
func (x *incidence) articles(p int) []int32 {
	return x.arts[x.artFrom[p]:x.artFrom[p+1]]
}
