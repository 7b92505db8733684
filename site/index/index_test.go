package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/site/article"
	"briefing/site/extract"
)

func person(name string, aliases ...string) extract.Participant {
	return extract.Participant{Key: extract.Key(name), Name: name, Kind: extract.Person, Aliases: aliases,
		Mentions: []extract.Mention{{Block: 1, Start: 0, End: len(name)}}}
}

func input(id, title string, date string, ps ...extract.Participant) Input {
	a := &article.Article{ID: id, Path: "seeds/" + id + ".txt", Title: title,
		Blocks: []article.Block{{Kind: article.Paragraph, Text: "Body text mentioning people at length."}}}
	if date != "" {
		a.Date, _ = time.Parse(time.DateOnly, date)
	}
	return Input{Article: a, Annotations: extract.Annotations{Participants: ps}}
}

func names(ps []*Participant) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID+"="+p.Name)
	}
	return strings.Join(out, ", ")
}

func TestArticleOrder(t *testing.T) {
	s, err := Build([]Input{
		input("c", "Beta", ""),
		input("a", "Alpha", "2015-12-01"),
		input("b", "Alpha", ""),
		input("d", "Gamma", "2016-07-15"),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range s.Articles {
		ids = append(ids, a.ID)
	}
	if got := strings.Join(ids, ","); got != "d,a,b,c" {
		t.Errorf("order = %s, want newest dated first, then undated by title and id", got)
	}
}

func TestParticipantsMergeAcrossArticles(t *testing.T) {
	s, err := Build([]Input{
		input("a", "A", "", person("Anna Berg")),
		input("b", "B", "", person("Berg")),                        // surname only: joins Anna Berg
		input("c", "C", "", person("Paul Roche"), person("Roche")), // same article, two keys
		input("d", "D", "", person("Omar Haddad"), person("Leila Haddad")),
		input("e", "E", "", person("Haddad")), // two Haddads: stays apart
	}, Options{CoParticipants: 5})
	if err != nil {
		t.Fatal(err)
	}
	got := names(s.Participants)
	want := "anna-berg=Anna Berg, haddad=Haddad, leila-haddad=Leila Haddad, omar-haddad=Omar Haddad, paul-roche=Paul Roche"
	if got != want {
		t.Fatalf("participants = %s\nwant %s", got, want)
	}
	berg := s.Participants[0]
	if len(berg.Articles) != 2 || berg.Articles[0].Article.ID != "a" || berg.Articles[1].Article.ID != "b" {
		t.Errorf("Anna Berg's articles: %+v", berg.Articles)
	}
	if roche := s.Participants[4]; len(roche.Articles) != 1 || roche.Articles[0].Mentions != 2 {
		t.Errorf("Paul Roche should appear once in article c with 2 mentions: %+v", roche.Articles[0])
	}
	omar := s.Participants[3]
	if len(omar.With) != 1 || omar.With[0].Participant.Name != "Leila Haddad" {
		t.Errorf("Omar Haddad appears with %+v", omar.With)
	}
}

func TestChooseName(t *testing.T) {
	tests := []struct {
		key   string
		forms map[string]int
		want  string
	}{
		{"bashar al assad", map[string]int{"Bashar al Assad": 1, "Bashar al-Assad": 1, "Bashar Al-Assad": 1, "Assad": 0}, "Bashar al-Assad"},
		{"islamic state", map[string]int{"Islamic State in Iraq and Syria": 1, "ISIS": 1, "Islamic State": 0}, "Islamic State"},
		{"daesh", map[string]int{"DAESH": 1, "Daesh": 1}, "Daesh"},
		{"john kerry", map[string]int{"John Kerry": 3, "Kerry": 5}, "John Kerry"},
	}
	for _, tt := range tests {
		var forms []form
		for name, n := range tt.forms {
			forms = append(forms, form{name, n})
		}
		if got, _ := chooseName(tt.key, forms); got != tt.want {
			t.Errorf("chooseName(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestTopicsAndErrors(t *testing.T) {
	in := input("a", "A", "")
	in.Annotations.Topics = []extract.TopicMatch{{ID: "talks", Evidence: []string{"talks"}, Hits: 2}}
	in.Article.Topics = []string{"energy"}
	opts := Options{Topics: []TopicInfo{{ID: "talks", Name: "Talks"}, {ID: "energy", Name: "Energy"}, {ID: "empty", Name: "Empty"}}}
	s, err := Build([]Input{in}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Topics) != 3 || len(s.Topics[2].Articles) != 0 {
		t.Fatalf("every taxonomy topic is kept: %+v", s.Topics)
	}
	a := s.Articles[0]
	if len(a.Topics) != 2 || a.Topics[0].Topic.ID != "talks" || !a.Topics[1].Declared {
		t.Errorf("topics of the article: %+v %+v", a.Topics[0], a.Topics[1])
	}

	bad := input("b", "B", "")
	bad.Article.Topics = []string{"nope"}
	if _, err := Build([]Input{bad}, opts); err == nil || !strings.Contains(err.Error(), `seeds/b.txt: topics: unknown topic "nope"`) {
		t.Errorf("err = %v", err)
	}

	x, y := input("Kerry", "X", ""), input("kerry", "Y", "")
	if _, err := Build([]Input{x, y}, opts); err == nil || !strings.Contains(err.Error(), `URL slug "kerry" is also used by`) {
		t.Errorf("err = %v", err)
	}
}

func TestRelated(t *testing.T) {
	s, err := Build([]Input{
		input("a", "A", "", person("Anna Berg"), person("Paul Roche")),
		input("b", "B", "", person("Anna Berg"), person("Paul Roche")),
		input("c", "C", "", person("Anna Berg")),
		input("d", "D", "", person("Omar Haddad")),
	}, Options{Related: 2})
	if err != nil {
		t.Fatal(err)
	}
	a := s.Articles[0]
	if len(a.Related) != 2 || a.Related[0].ID != "b" || a.Related[1].ID != "c" {
		t.Errorf("related to a: %v", a.Related)
	}
	if d := s.Articles[3]; len(d.Related) != 0 {
		t.Errorf("d shares nothing but has related %v", d.Related)
	}
}

// snippetFor makes the snippet of one appearance with mentions ms.
func snippetFor(text []string, ms []extract.Mention) Snippet {
	var apps [1]Appearance
	snippets(text, []cut{cutSnippet(text, ms)}, apps[:])
	return apps[0].Snippet
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("Früher war alles anders und ", 10) + "Anna Berg said so " + strings.Repeat("während die Sonne schien ", 10)
	start := strings.Index(long, "Anna Berg")
	text := []string{"Headline with Anna Berg", long}
	sn := snippetFor(text, []extract.Mention{{Block: 0, Start: 14, End: 23}, {Block: 1, Start: start, End: start + 9}})
	if sn.Match != "Anna Berg" || !strings.HasPrefix(sn.Before, "…") || !strings.HasSuffix(sn.After, "…") {
		t.Fatalf("snippet = %+v", sn)
	}
	if n := len(sn.Before) + len(sn.After); n > 300 {
		t.Errorf("snippet context is %d bytes", n)
	}
	for _, part := range []string{sn.Before, sn.After} {
		if !strings.Contains(long+"…", strings.Trim(part, "…")) {
			t.Errorf("snippet part %q is not cut at a boundary of the text", part)
		}
	}
	short := snippetFor([]string{"Anna Berg wins"}, []extract.Mention{{Block: 0, Start: 0, End: 9}})
	if short.Before != "" || short.Match != "Anna Berg" || short.After != " wins" {
		t.Errorf("headline snippet = %+v", short)
	}
}

func TestFallbackTopic(t *testing.T) {
	matched := input("a", "A", "")
	matched.Annotations.Topics = []extract.TopicMatch{{ID: "talks", Evidence: []string{"talks"}, Hits: 2}}
	s, err := Build([]Input{matched, input("b", "B", "")}, Options{
		Topics:        []TopicInfo{{ID: "talks", Name: "Talks"}, {ID: "other", Name: "Other"}},
		FallbackTopic: "other",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Articles {
		if len(a.Topics) != 1 {
			t.Fatalf("%s has %d topics", a.ID, len(a.Topics))
		}
	}
	if b := s.Articles[1]; b.Topics[0].Topic.ID != "other" || !b.Topics[0].Fallback {
		t.Errorf("b: %+v", b.Topics[0])
	}
	if a := s.Articles[0]; a.Topics[0].Topic.ID != "talks" {
		t.Errorf("a matched a topic but got %+v", a.Topics[0])
	}
}

func TestTransliterationsMerge(t *testing.T) {
	s, err := Build([]Input{
		input("a", "A", "", person("Sergei Lavrov")),
		input("b", "B", "", person("Sergey Lavrov")),
		input("c", "C", "", person("Sergueï Lavrov")),
		input("d", "D", "", person("Lavrov")),
		input("e", "E", "", person("J. Kerry"), person("Mark Toner")),
		input("f", "F", "", person("John Kerry")),
		// Told apart in one article: never merged.
		input("g", "G", "", person("Omar Haddad"), person("Omer Haddad")),
		input("h", "H", "", person("Joan Baker"), person("John Baker")),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := names(s.Participants)
	want := "joan-baker=Joan Baker, john-baker=John Baker, john-kerry=John Kerry, mark-toner=Mark Toner, omar-haddad=Omar Haddad, omer-haddad=Omer Haddad, sergei-lavrov=Sergei Lavrov"
	if got != want {
		t.Fatalf("participants = %s\nwant %s", got, want)
	}
	lavrov := s.Participants[len(s.Participants)-1]
	if len(lavrov.Articles) != 4 {
		t.Errorf("Sergei Lavrov is in %d articles, want 4", len(lavrov.Articles))
	}
	if !slices.Contains(lavrov.Aliases, "Sergueï Lavrov") || !slices.Contains(lavrov.Aliases, "Sergey Lavrov") {
		t.Errorf("aliases = %v", lavrov.Aliases)
	}
}

func TestSkeleton(t *testing.T) {
	for _, group := range [][]string{{"sergei", "sergey", "serguei"}, {"dmitry", "dmitri", "dmitriy"}, {"mohammed", "muhammad", "mohamed"}} {
		for _, w := range group[1:] {
			if skeleton(w) != skeleton(group[0]) {
				t.Errorf("skeleton(%q) = %q, skeleton(%q) = %q", w, skeleton(w), group[0], skeleton(group[0]))
			}
		}
	}
	if skeleton("john") == skeleton("joan") {
		t.Error("john and joan should differ")
	}
}

func org(name string) extract.Participant {
	p := person(name)
	p.Kind = extract.Organization
	return p
}

func TestOrganizationVariantsMerge(t *testing.T) {
	s, err := Build([]Input{
		input("a", "A", "", org("International Syrian Support Group"), org("Iranian Red Crescent Society")),
		input("b", "B", "", org("International Syria Support Group"), org("Iraqi Red Crescent Society")),
		input("c", "C", "", org("International Syria Support Group")),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := names(s.Participants)
	want := "international-syria-support-group=International Syria Support Group, iranian-red-crescent-society=Iranian Red Crescent Society, iraqi-red-crescent-society=Iraqi Red Crescent Society"
	if got != want {
		t.Fatalf("participants = %s\nwant %s", got, want)
	}
}

func TestSameEventIsCapped(t *testing.T) {
	var ins []Input
	for i := 0; i < 15; i++ {
		ins = append(ins, input(fmt.Sprintf("a%02d", i), "T", ""))
	}
	s, err := Build(ins, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := &Event{Articles: s.Articles}
	for _, a := range s.Articles {
		a.Event = ev
	}
	a := s.Articles[0]
	if got := a.SameEvent(); len(got) != SameEventShown || slices.Contains(got, a) {
		t.Errorf("SameEvent lists %d articles (or itself), want %d others", len(got), SameEventShown)
	}
	if a.SameEventMore() != 15-1-SameEventShown {
		t.Errorf("SameEventMore = %d", a.SameEventMore())
	}
}

func TestAddForm(t *testing.T) {
	var g group
	for round := range 3 {
		for k := range 3 * manyForms {
			g.addForm(fmt.Sprintf("Form %d", k), k%2)
			if round == 0 && k == 0 {
				g.addForm("Form 0", 0)
			}
		}
	}
	if len(g.forms) != 3*manyForms || g.formAt == nil {
		t.Fatalf("%d forms, index %v", len(g.forms), g.formAt != nil)
	}
	for k, f := range g.forms {
		if want := fmt.Sprintf("Form %d", k); f.name != want || f.articles != 3*(k%2) {
			t.Errorf("form %d = %+v, want %s counted %d times", k, f, want, 3*(k%2))
		}
	}
}
