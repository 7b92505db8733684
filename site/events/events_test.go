package events

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/site/clip"
	"briefing/site/extract"
)

var zero time.Time // an unknown date

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// byID returns the mini article with the given id, dated d (zero: undated).
func byID(id string, d time.Time) Doc {
	for _, m := range corpus {
		if m.id == id {
			doc := m.doc()
			doc.Date = d
			return doc
		}
	}
	panic("no mini article " + id)
}

// partition renders events as "a b | c", docs by ID, groups in event order.
func partition(docs []Doc, evs []Event) string {
	var groups []string
	for _, e := range evs {
		var ids []string
		for _, i := range e.Docs {
			ids = append(ids, docs[i].ID)
		}
		groups = append(groups, strings.Join(ids, " "))
	}
	return strings.Join(groups, " | ")
}

// sorted renders a partition independently of event order.
func sorted(p string) string {
	groups := strings.Split(p, " | ")
	slices.Sort(groups)
	return strings.Join(groups, " | ")
}

func TestGroup(t *testing.T) {
	mar1 := day(2021, time.March, 1)
	tests := []struct {
		name string
		docs []Doc
		want string // sorted partition
	}{
		{"two reports of one summit group",
			[]Doc{byID("oslo-wire", zero), byID("oslo-daily", zero)},
			"oslo-wire oslo-daily"},
		{"same ministers, different cities stay apart",
			[]Doc{byID("oslo-wire", zero), byID("nairobi-wire", zero)},
			"nairobi-wire | oslo-wire"},
		{"the whole corpus",
			func() []Doc {
				var ds []Doc
				for _, m := range corpus {
					ds = append(ds, m.doc())
				}
				return ds
			}(),
			"interview | lima-profile | nairobi-wire nairobi-times | oslo-wire oslo-daily"},
		{"reports a day apart group",
			[]Doc{byID("oslo-wire", mar1), byID("oslo-daily", mar1.AddDate(0, 0, 1)), byID("nairobi-wire", mar1)},
			"nairobi-wire | oslo-wire oslo-daily"},
		{"an undated report joins a dated one",
			[]Doc{byID("oslo-wire", mar1), byID("oslo-daily", zero), byID("nairobi-wire", mar1)},
			"nairobi-wire | oslo-wire oslo-daily"},
		{"reports weeks apart never group",
			[]Doc{byID("oslo-wire", mar1), byID("oslo-daily", mar1.AddDate(0, 0, 40)), byID("nairobi-wire", mar1)},
			"nairobi-wire | oslo-daily | oslo-wire"},
		{"the same text eight days apart never groups",
			[]Doc{byID("oslo-wire", mar1), byID("oslo-wire", mar1.AddDate(0, 0, 8))},
			"oslo-wire | oslo-wire"},
		{"an event spans at most a week",
			[]Doc{byID("oslo-wire", mar1), byID("oslo-wire", mar1.AddDate(0, 0, 5)), byID("oslo-wire", mar1.AddDate(0, 0, 10))},
			"oslo-wire | oslo-wire oslo-wire"},
		{"one article", []Doc{byID("interview", zero)}, "interview"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := Group(tc.docs, Options{})
			if got := sorted(partition(tc.docs, evs)); got != tc.want {
				t.Errorf("Group = %q, want %q", got, tc.want)
			}
			checkEvents(t, tc.docs, evs)
		})
	}
}

// checkEvents checks what holds for any result: every doc in exactly one
// event, docs ascending, unique IDs, total order, spans within MaxGap.
func checkEvents(t *testing.T, docs []Doc, evs []Event) {
	t.Helper()
	seen := make([]int, len(docs))
	ids := map[string]bool{}
	for k, e := range evs {
		if len(e.Docs) == 0 || !slices.IsSorted(e.Docs) {
			t.Errorf("event %d docs %v: empty or unsorted", k, e.Docs)
		}
		var first, last time.Time
		for _, i := range e.Docs {
			seen[i]++
			if d := docs[i].Date; !d.IsZero() {
				if first.IsZero() || d.Before(first) {
					first = d
				}
				if d.After(last) {
					last = d
				}
			}
		}
		if last.Sub(first) > MaxGap && !first.IsZero() {
			t.Errorf("event %q spans %v", e.ID, last.Sub(first))
		}
		if e.Date != first && !first.IsZero() {
			t.Errorf("event %q dated %v, want earliest %v", e.ID, e.Date, first)
		}
		if ids[e.ID] || e.ID == "" {
			t.Errorf("event ID %q empty or repeated", e.ID)
		}
		ids[e.ID] = true
		if k > 0 && compareEvents(evs[k-1], e) >= 0 {
			t.Errorf("events %q and %q out of order", evs[k-1].ID, e.ID)
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("doc %d (%s) is in %d events", i, docs[i].ID, n)
		}
	}
}

func compareEvents(a, b Event) int {
	switch {
	case !a.Date.IsZero() && b.Date.IsZero():
		return -1
	case a.Date.IsZero() && !b.Date.IsZero():
		return 1
	}
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return a.Docs[0] - b.Docs[0]
}

func TestThresholdOption(t *testing.T) {
	docs := []Doc{byID("oslo-wire", zero), byID("oslo-daily", zero), byID("nairobi-wire", zero)}
	for _, tc := range []struct {
		th   float64
		want string
	}{{0, "nairobi-wire | oslo-wire oslo-daily"}, {0.99, "nairobi-wire | oslo-daily | oslo-wire"}} {
		if got := sorted(partition(docs, Group(docs, Options{Threshold: tc.th}))); got != tc.want {
			t.Errorf("Threshold %.2f: %q, want %q", tc.th, got, tc.want)
		}
	}
}

func TestEventFields(t *testing.T) {
	mar1 := day(2021, time.March, 1)
	docs := []Doc{
		byID("oslo-daily", mar1.AddDate(0, 0, 2)),
		byID("oslo-wire", mar1.AddDate(0, 0, 1)),
		byID("nairobi-wire", zero),
		byID("nairobi-times", zero),
		byID("lima-profile", zero),
	}
	docs[2].Dates = []time.Time{day(2021, time.May, 6), day(2021, time.May, 1)}
	docs[3].Dates = []time.Time{day(2021, time.May, 6)}
	docs[4].Title = docs[1].Title // a clash of slugs
	evs := Group(docs, Options{})
	type ev struct {
		ID, Title, Date string
		Docs            []int
	}
	var got []ev
	for _, e := range evs {
		d := ""
		if !e.Date.IsZero() {
			d = e.Date.Format(time.DateOnly)
		}
		got = append(got, ev{e.ID, e.Title, d, e.Docs})
	}
	want := []ev{
		// Unpublished articles: dated by the date they mention most,
		// which is the latest here.
		{"lind-okafor-hold-talks-in-nairobi-on-lake-victoria-water-dispute", docs[2].Title, "2021-05-06", []int{2, 3}},
		// The earliest publication date; two articles tie on
		// centrality, so the fuller headline gives the title.
		{"lind-and-okafor-sign-arctic-fisheries-accord-in-oslo", docs[1].Title, "2021-03-02", []int{0, 1}},
		// No date at all; the slug clashes with the first event's.
		{"lind-and-okafor-sign-arctic-fisheries-accord-in-oslo-2", docs[1].Title, "", []int{4}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Group =\n%+v\nwant\n%+v", got, want)
	}
}

// TestEventIDNotPage checks that no event takes the id "page", which would
// clash with the pages of the events list.
func TestEventIDNotPage(t *testing.T) {
	d := byID("lima-profile", zero)
	d.Title = "Page"
	evs := Group([]Doc{d}, Options{})
	if len(evs) != 1 || evs[0].ID != "page-2" {
		t.Errorf("events = %+v, want one with id page-2", evs)
	}
}

func TestCentralTitle(t *testing.T) {
	// Three reports of one summit: the full wire story shares most with
	// both shorter ones, so its headline names the event.
	wire := byID("oslo-wire", zero)
	short := osloBrief()
	docs := []Doc{short, byID("oslo-daily", zero), wire, byID("nairobi-wire", zero), byID("interview", zero)}
	evs := Group(docs, Options{})
	for _, e := range evs {
		if slices.Contains(e.Docs, 2) {
			if len(e.Docs) != 3 || e.Title != wire.Title {
				t.Errorf("Oslo event %v titled %q, want all three under %q", e.Docs, e.Title, wire.Title)
			}
			return
		}
	}
	t.Fatal("no event holds the wire story")
}

// osloBrief is a third, short report of the Oslo signing.
func osloBrief() Doc {
	title := "Brief: Oslo accord signed"
	return Doc{ID: "oslo-brief", Title: title, Participants: []string{"mara lind", "tomas okafor"},
		Text: []string{title, "Mara Lind and Tomas Okafor signed the Arctic Fisheries Accord at Akershus Fortress in Oslo on Monday."}}
}

func TestGroupDeterministic(t *testing.T) {
	docs, _ := synthetic(600, 3)
	a := Group(docs, Options{})
	b := Group(docs, Options{})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs differ")
	}
	// Shuffled input: the same events (titles may differ, as ties on
	// centrality go to the first article in input order).
	perm := rand.New(rand.NewPCG(5, 5)).Perm(len(docs))
	shuffled := make([]Doc, len(docs))
	for k, i := range perm {
		shuffled[k] = docs[i]
	}
	c := Group(shuffled, Options{})
	key := func(docs []Doc, evs []Event) map[string]bool {
		m := map[string]bool{}
		for _, e := range evs {
			var ids []string
			for _, i := range e.Docs {
				ids = append(ids, docs[i].ID)
			}
			slices.Sort(ids)
			m[strings.Join(ids, " ")] = true
		}
		return m
	}
	if ka, kc := key(docs, a), key(shuffled, c); !reflect.DeepEqual(ka, kc) {
		t.Errorf("shuffling the input changes the events: %d vs %d events", len(ka), len(kc))
	}
	if len(Group(nil, Options{})) != 0 {
		t.Error("no docs should give no events")
	}
}

// TestGroupSynthetic checks the default threshold at a larger scale: on
// invented events of one to four reports, pairs put together are nearly
// all right and nearly all right pairs are put together.
func TestGroupSynthetic(t *testing.T) {
	docs, truth := synthetic(2000, 1)
	evs := Group(docs, Options{})
	checkEvents(t, docs, evs)
	p, r := pairQuality(evs, truth)
	t.Logf("%d docs, %d events: pair precision %.3f, recall %.3f", len(docs), len(evs), p, r)
	if p < 0.95 || r < 0.95 {
		t.Errorf("pair precision %.3f, recall %.3f; want both at least 0.95", p, r)
	}
}

// pairQuality scores a grouping against the true events by pairs of docs.
func pairQuality(evs []Event, truth []int) (precision, recall float64) {
	pred := make([]int, len(truth))
	for k, e := range evs {
		for _, d := range e.Docs {
			pred[d] = k
		}
	}
	pairs := func(n int) float64 { return float64(n*(n-1)) / 2 }
	both, p, tr := map[[2]int]int{}, map[int]int{}, map[int]int{}
	for i := range truth {
		both[[2]int{pred[i], truth[i]}]++
		p[pred[i]]++
		tr[truth[i]]++
	}
	var tp, pp, tt float64
	for _, n := range both {
		tp += pairs(n)
	}
	for _, n := range p {
		pp += pairs(n)
	}
	for _, n := range tr {
		tt += pairs(n)
	}
	return tp / pp, tp / tt
}

// seedDocs reads the seed clippings as the site does.
func seedDocs(t testing.TB) []Doc {
	r, err := clip.NewReader(clip.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../seeds/*.txt")
	if len(files) != 5 {
		t.Fatalf("found %d seed clippings, want 5", len(files))
	}
	var docs []Doc
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := r.Read(filepath.Base(f), data)
		if err != nil {
			t.Fatal(err)
		}
		d := Doc{ID: a.ID[:3], Title: a.Title, Text: a.Text(), Date: a.Date}
		for _, p := range x.Extract(a).Participants {
			d.Participants = append(d.Participants, p.Key)
		}
		docs = append(docs, d)
	}
	return docs
}

// TestSeeds groups the five seed clippings, which carry no publication
// date: 000 and 003 report the Paris meeting, 001 and 002 the Moscow visit,
// 004 the later meeting in Vientiane. It logs the similarity matrix and
// the margins around the threshold.
func TestSeeds(t *testing.T) {
	docs := seedDocs(t)
	evs := Group(docs, Options{})
	if got, want := sorted(partition(docs, evs)), "000 003 | 001 002 | 004"; got != want {
		t.Errorf("seed events %q, want %q", got, want)
	}
	checkEvents(t, docs, evs)

	event := map[string]string{"000": "paris", "003": "paris", "001": "moscow", "002": "moscow", "004": "laos"}
	m := newModel(docs)
	var b strings.Builder
	b.WriteString("     ")
	for _, d := range docs {
		fmt.Fprintf(&b, "%7s", d.ID)
	}
	minSame, maxDiff := 2.0, -2.0
	for i := range docs {
		fmt.Fprintf(&b, "\n%5s", docs[i].ID)
		for j := range docs {
			s := m.sim(i, j)
			fmt.Fprintf(&b, "%7.3f", s)
			if i < j && event[docs[i].ID] == event[docs[j].ID] {
				minSame = min(minSame, s)
			} else if i < j {
				maxDiff = max(maxDiff, s)
			}
		}
	}
	b.WriteString("\nplain overlap (for MinOverlap):")
	for i := range docs {
		fmt.Fprintf(&b, "\n%5s", docs[i].ID)
		for j := range docs {
			if i == j {
				b.WriteString("      -")
				continue
			}
			fmt.Fprintf(&b, "%7.3f", m.plain(i, j, m.vecs[i].dot(m.vecs[j])))
		}
	}
	t.Logf("seed similarities:\n%s", b.String())
	t.Logf("lowest same-event %.3f, highest different-event %.3f, threshold %.2f: margins %.3f above, %.3f below",
		minSame, maxDiff, DefaultThreshold, minSame-DefaultThreshold, DefaultThreshold-maxDiff)
	if minSame-DefaultThreshold < 0.05 || DefaultThreshold-maxDiff < 0.05 {
		t.Errorf("the threshold is within 0.05 of a seed pair")
	}
	for _, e := range evs {
		t.Logf("event %s %v: %s", e.ID, e.Docs, e.Title)
	}
}

func TestFeatures(t *testing.T) {
	tests := []struct {
		name string
		text []string
		has  []string
		lack []string
	}{
		{"names and pairs", []string{"Talks", "Ministers are meeting the International Syria Support Group in Paris."},
			[]string{"n:paris", "n:support group", "n:international syria", "w:meet", "w:talk"}, []string{"n:ministers", "n:minister"}},
		{"demonyms meet countries", []string{"x", "The Syrian envoy left Syria."}, []string{"w:syria"}, []string{"w:syrian"}},
		{"sentence starts are not names", []string{"x", "Meanwhile the talks went on."}, []string{"w:meanwhile"}, []string{"n:meanwhile"}},
		{"unless capitalized elsewhere", []string{"x", "Moscow said no. Talks in Moscow went on."}, []string{"n:moscow"}, nil},
		{"headline capitals are not names", []string{"Envoy Heads Home", "The envoy left."}, []string{"w:envoy", "w:head"}, []string{"n:envoy", "n:head"}},
		{"dates in any spelling", []string{"x", "They meet on Dec 18.", "The December 18 meeting is on Friday."},
			[]string{"d:12-18", "k:friday"}, []string{"w:december", "n:december", "n:friday"}},
		{"numbers are not dates", []string{"x", "The 17-nation group bought 300 S-300 missiles."}, []string{"w:17", "w:300"}, []string{"d:"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := features(&Doc{Text: tc.text})
			for _, k := range tc.has {
				if _, ok := f[k]; !ok {
					t.Errorf("no feature %q in %v", k, keys(f))
				}
			}
			for _, k := range tc.lack {
				for got := range f {
					if got == k || (strings.HasSuffix(k, ":") && strings.HasPrefix(got, k)) {
						t.Errorf("unwanted feature %q in %v", got, keys(f))
					}
				}
			}
		})
	}
}

func keys(m map[string]float64) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// BenchmarkGroup groups synthetic corpora of growing size; ns/doc stays
// about flat when the work grows linearly.
func BenchmarkGroup(b *testing.B) {
	for _, n := range []int{2500, 5000, 10000, 20000} {
		docs, _ := synthetic(n, 1)
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			for b.Loop() {
				Group(docs, Options{})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
		})
	}
}

// TestSumScores checks the one-pass centrality of large events against
// the pairwise sums, on articles that all overlap beyond MinOverlap.
func TestSumScores(t *testing.T) {
	var docs []Doc
	for _, m := range corpus {
		docs = append(docs, m.doc())
	}
	docs = append(docs, osloBrief())
	m := newModel(docs)
	ms := []int32{0, 1, 6}
	for _, i := range ms {
		for _, j := range ms {
			if p := m.plain(int(i), int(j), m.vecs[i].dot(m.vecs[j])); p < MinOverlap {
				t.Fatalf("docs %d and %d overlap only %.3f", i, j, p)
			}
		}
	}
	pair, sum := m.pairScores(ms, nil), m.sumScores(ms, nil)
	for k := range ms {
		if d := pair[k] - sum[k]; d > 1e-6 || d < -1e-6 {
			t.Errorf("member %d: pairwise %.6f, one pass %.6f", k, pair[k], sum[k])
		}
	}
}
