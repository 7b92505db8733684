package extract

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/site/article"
)

var benchTopics = []Topic{
	{ID: "diplomacy", Terms: []string{"talks", "negotiations", "diplomat", "summit", "foreign minister", "secretary of state", "meeting"}},
	{ID: "peace", Terms: []string{"peace process", "peace conference", "ceasefire", "cease-fire", "truce", "political transition"}},
	{ID: "conflict", Terms: []string{"war", "civil war", "conflict", "bloodshed", "airstrikes", "rebels", "killed"}},
	{ID: "terrorism", Terms: []string{"terrorism", "terrorist", "militant", "ISIS", "ISIL", "Daesh", "Islamic State"}},
	{ID: "sanctions", Terms: []string{"sanction", "embargo", "asset freeze"}},
}

func FuzzExtract(f *testing.F) {
	for _, s := range stressCorpus {
		f.Add("Kerry, Lavrov meet", s)
	}
	f.Add("", "")
	f.Add("U.S.'s", "al- -al \u2019s (CSTO) [ISIL] ) ( U.N.\u2019s H. Mr. - -- \u2014 Al-")
	f.Add("Title Case Headline Here", "Mr. A. B. C. said. said Mr. ,and and al al-Bin bin Van der")
	f.Add("x", "Ki-moon Su-24 S-300 ÇAVUŞOĞLU Çavuşoğlu's İstanbul ß ﬁ \xff\xfe")
	f.Add("\"Quote\" in title", "\"We will win the vote on Monday,\" Olek Varga said.\n\"Then we rest,\u201d he added. \"Yes.\" Varga asked.\n\u201cOpen paragraph\n\"goes on,\" said a spokesman for Varga, \"and \"nested\" ends\" here.")
	f.Add("x", "\" \u201c\u201d\"\"\u201d \u201c x\" said he, according to, adding \"a b c d\"\n\"\n\"")
	x, err := New(Options{Topics: benchTopics, Rules: []Rule{{Name: "Olek Varga", Kind: Person, Aliases: []string{"Varga"}}}})
	if err != nil {
		f.Fatal(err)
	}
	checkKeys = true
	f.Cleanup(func() { checkKeys = false })
	f.Fuzz(func(t *testing.T, title, body string) {
		a := &article.Article{Title: title}
		for _, p := range strings.Split(body, "\n") {
			a.Blocks = append(a.Blocks, article.Block{Kind: article.Paragraph, Text: p})
		}
		before := cloneArticle(a)
		ann := x.Extract(a)
		if !reflect.DeepEqual(a, before) {
			t.Fatalf("Extract changed the article")
		}
		checkWellFormed(t, a, ann)
		known := map[string]bool{}
		for _, tp := range benchTopics {
			known[tp.ID] = true
		}
		for i, tm := range ann.Topics {
			if tm.Hits < 0 || len(tm.Evidence) == 0 && tm.Hits > 0 || !known[tm.ID] {
				t.Errorf("topic %+v", tm)
			}
			if i > 0 {
				if p := ann.Topics[i-1]; p.Hits < tm.Hits || p.Hits == tm.Hits && p.ID >= tm.ID {
					t.Errorf("topics out of order: %+v before %+v", p, tm)
				}
			}
		}
		// The Extractor keeps no state from one article to the next.
		if again := x.Extract(a); !reflect.DeepEqual(ann, again) {
			t.Fatalf("Extract not deterministic:\n%+v\n%+v", ann, again)
		}
		if Key(title) != Key(title) {
			t.Fatalf("Key(%q) not deterministic", title)
		}
		_ = Surname(Key(body))
	})
}

// cloneArticle copies the parts of a that Extract reads.
func cloneArticle(a *article.Article) *article.Article {
	c := *a
	c.Blocks = slices.Clone(a.Blocks)
	return &c
}

// BenchmarkExtract extracts the seed articles; ns/article is the figure to
// watch (a site of 50,000 articles costs 50,000 of them).
func BenchmarkExtract(b *testing.B) {
	arts, _ := seedArticles(b)
	x := mustNew(b, Options{Topics: benchTopics})
	b.ReportAllocs()
	n := 0
	start := time.Now()
	for b.Loop() {
		for _, a := range arts {
			x.Extract(a)
			n++
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(n), "ns/article")
}

// BenchmarkNew measures compiling the default rules.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{Topics: benchTopics}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractManyNames extracts one huge article naming thousands of
// people: its time per name must stay flat as the article grows.
func BenchmarkExtractManyNames(b *testing.B) {
	x := mustNew(b, Options{Topics: benchTopics})
	for _, n := range []int{500, 5000} {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, "Minister %s %s and %s said %s met %s's aides. ",
				fakeName(i, "Ka"), fakeName(i, "Lo"), fakeName(i%40, "Mu"), fakeName(i, "Ne"), fakeName(i, "Lo"))
		}
		a := &article.Article{Title: "T", Blocks: []article.Block{{Text: sb.String()}}}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				x.Extract(a)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/name")
		})
	}
}

// fakeName spells i in letters after a prefix: a capitalised word of no list.
func fakeName(i int, prefix string) string {
	s := prefix
	for ; i > 0; i /= 26 {
		s += string(rune('a' + i%26))
	}
	return s + "ov"
}

// BenchmarkExtractManyQuotes extracts one huge article of quotes and
// attributions: its time per quote must stay flat as the article grows.
func BenchmarkExtractManyQuotes(b *testing.B) {
	x := mustNew(b, Options{Topics: benchTopics})
	for _, n := range []int{500, 5000} {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, "\"We will meet %s in the spring,\" Minister %s %s said, adding that \"the talks must go on.\" \"Then we rest,\" he said. ",
				fakeName(i, "Ne"), fakeName(i, "Ka"), fakeName(i, "Lo"))
		}
		a := &article.Article{Title: "T", Blocks: []article.Block{{Text: sb.String()}}}
		if got := len(x.Extract(a).Quotes); got != 3*n {
			b.Fatalf("%d quotes, want %d", got, 3*n)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				x.Extract(a)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*3*n), "ns/quote")
		})
	}
}
