package extract

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"briefing/site/article"
)

// doc builds an article from a title and paragraphs.
func doc(title string, paras ...string) *article.Article {
	a := &article.Article{ID: "t", Title: title}
	for _, p := range paras {
		a.Blocks = append(a.Blocks, article.Block{Kind: article.Paragraph, Text: p})
	}
	return a
}

func mustNew(t testing.TB, opts Options) *Extractor {
	t.Helper()
	x, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// summary renders participants as "kind:Name{aliases}<roles>", one per entry.
func summary(ps []Participant) []string {
	var out []string
	for _, p := range ps {
		s := string(p.Kind) + ":" + p.Name
		if len(p.Aliases) > 0 {
			s += "{" + strings.Join(p.Aliases, ",") + "}"
		}
		if len(p.Roles) > 0 {
			s += "<" + strings.Join(p.Roles, ";") + ">"
		}
		out = append(out, s)
	}
	return out
}

func TestExtractParticipants(t *testing.T) {
	x := mustNew(t, Options{})
	tests := []struct {
		name  string
		title string
		body  []string
		want  []string
	}{
		{
			name:  "surname, title and possessive merge into the full name",
			title: "Talks resume in Vienna",
			body: []string{
				"Interior Minister Anna Kowalska met reporters in Vienna on Monday.",
				"Kowalska's office said the meeting was useful, and Ms. Kowalska added that more talks would follow.",
				"\u201cWe are ready,\u201d Kowalska\u2019s deputy said.",
			},
			want: []string{"person:Anna Kowalska{Kowalska}<Interior Minister>"},
		},
		{
			name:  "titles before the name become roles",
			title: "Officials meet",
			body: []string{
				"Deputy Prime Minister Olek Varga and Kremlin spokesman Ivan Petrenko spoke on Friday.",
				"Germany's Interior Minister Tom Baxter joined them, as did White House spokesman Ray Dunmore.",
			},
			want: []string{
				"person:Olek Varga<Deputy Prime Minister>",
				"organization:Kremlin",
				"person:Ivan Petrenko<Kremlin spokesman>",
				"person:Tom Baxter<Germany's Interior Minister>",
				"organization:White House",
				"person:Ray Dunmore<White House spokesman>",
			},
		},
		{
			name:  "appositive titles",
			title: "Reaction",
			body: []string{
				"Lena Ostrova, the Foreign Ministry spokeswoman, said the claims were false.",
				"The chairman of the Coastal Defence Committee, Piotr Zalewski, disagreed.",
			},
			want: []string{
				"person:Lena Ostrova<Foreign Ministry spokeswoman>",
				"organization:Foreign Ministry",
				"organization:Coastal Defence Committee",
				"person:Piotr Zalewski<chairman of the Coastal Defence Committee>",
			},
		},
		{
			name:  "acronym defined after the name",
			title: "Fishing row",
			body: []string{
				"Members of the Northern Fisheries Protection Council (NFPC) met in Oslo.",
				"The NFPC said quotas would fall.",
			},
			want: []string{"organization:Northern Fisheries Protection Council{NFPC}"},
		},
		{
			name:  "acronym defined before the name",
			title: "Fishing row",
			body:  []string{"The NFPC (Northern Fisheries Protection Council) said quotas would fall. NFPC members agreed."},
			want:  []string{"organization:Northern Fisheries Protection Council{NFPC}"},
		},
		{
			name:  "a name defining an acronym is an organization",
			title: "Militias",
			body:  []string{"Fighters of Harakat Nour Zeitoun (HNZ) withdrew, and HNZ commanders said they would return."},
			want:  []string{"organization:Harakat Nour Zeitoun{HNZ}"},
		},
		{
			name:  "particles inside names",
			title: "Envoys",
			body: []string{
				"Omar al-Rashidi met Pieter van der Berg and Luca di Montefiore in Geneva.",
				"Al-Rashidi said the talks went well. Van der Berg declined to comment.",
			},
			want: []string{
				"person:Omar al-Rashidi{Al-Rashidi}",
				"person:Pieter van der Berg{Van der Berg}",
				"person:Luca di Montefiore",
			},
		},
		{
			name:  "particle spelling variants merge",
			title: "Damascus",
			body: []string{
				"Hamid Al-Suri's government agreed. Critics of Hamid al Suri say al-Suri will stay.",
			},
			want: []string{"person:Hamid Al-Suri{Hamid al Suri,al-Suri}"},
		},
		{
			name:  "diacritics fold for merging",
			title: "Ankara",
			body: []string{
				"Turkish Foreign Minister Mevlüt Çavuşoğlu arrived. Cavusoglu said Ankara was ready.",
			},
			want: []string{"person:Mevlüt Çavuşoğlu{Cavusoglu}<Turkish Foreign Minister>"},
		},
		{
			name:  "middle initials merge",
			title: "Vote delayed",
			body:  []string{"Senator Walter J. Brannigan spoke first. Walter Brannigan later left."},
			want:  []string{"person:Walter J. Brannigan{Walter Brannigan}<Senator>"},
		},
		{
			name:  "two people sharing a surname stay apart",
			title: "A family affair",
			body: []string{
				"Elena Moroz chairs the committee. Her husband, Pavel Moroz, runs a bank.",
				"Moroz said the bank would not be sold.",
			},
			want: []string{"person:Elena Moroz", "person:Pavel Moroz{Moroz}"},
		},
		{
			name:  "bare surname before any full name, shared: ambiguous",
			title: "Moroz under fire",
			body:  []string{"Elena Moroz and Pavel Moroz both declined to comment."},
			want:  []string{"person:Elena Moroz", "person:Pavel Moroz"},
		},
		{
			name:  "single names need evidence",
			title: "Reactions",
			body: []string{
				"Mr. Halvorsen said the vote was fair.",
				"\u201cIt is over,\u201d said Brekke.",
				"Dunmore and Brekke met in Oslo.",
				"Outside Paris, Trellis reported rain.",
			},
			want: []string{"person:Halvorsen", "person:Brekke", "person:Dunmore"},
		},
		{
			name:  "speech verbs with an adverb between",
			title: "Quotes",
			body:  []string{"\u201cNo,\u201d Castellanos also told reporters."},
			want:  []string{"person:Castellanos"},
		},
		{
			name:  "places, nationalities, dates and events are not participants",
			title: "Saudi Arabia and Russia agree",
			body: []string{
				"Russian and Syrian officials met in New York on Monday in June.",
				"The Geneva Communique and the Minsk Agreement remain the basis, Western diplomats said.",
				"Speaking in Damascus, officials praised the Geneva 2 process. Following the talks, Moscow said it was pleased.",
			},
			want: nil,
		},
		{
			name:  "organization heads",
			title: "Farm policy",
			body: []string{
				"The Ruritanian Ministry of Agriculture and the Blue River Party disagree.",
				"The Coastal Defence Agency sided with the Joint Chiefs of Staff, not with the Council.",
			},
			want: []string{
				"organization:Ruritanian Ministry of Agriculture",
				"organization:Blue River Party",
				"organization:Coastal Defence Agency",
				"organization:Joint Chiefs of Staff",
			},
		},
		{
			name:  "a possessive place before an organization is kept as an alias",
			title: "Statement",
			body:  []string{"Norway’s Fisheries Directorate said quotas would fall."},
			want:  []string{"organization:Fisheries Directorate{Norway’s Fisheries Directorate}"},
		},
		{
			name:  "a lower-case head makes an organization",
			title: "Media",
			body:  []string{"Speaking to the Zentar television channel, the minister said talks would go on."},
			want:  []string{"organization:Zentar"},
		},
		{
			name:  "known organizations and their aliases merge",
			title: "Coalition",
			body: []string{
				"The U.S. State Department said the coalition would fight ISIL [DAESH].",
				"A State Department official said Daesh was weaker, according to AFP.",
				"The UN Security Council met, and the United Nations said aid was ready.",
			},
			want: []string{
				"organization:State Department{U.S. State Department}",
				"organization:Islamic State{DAESH,Daesh,ISIL}",
				"organization:Agence France-Presse{AFP}",
				"organization:United Nations Security Council{UN Security Council}",
				"organization:United Nations",
			},
		},
		{
			name:  "demonym-prefixed organization absorbs the bare one",
			title: "Ministry",
			body:  []string{"The Norwegian Foreign Ministry said so. The Foreign Ministry later denied it."},
			want:  []string{"organization:Norwegian Foreign Ministry{Foreign Ministry}"},
		},
		{
			name:  "title-case headline only confirms what the body names",
			title: "Varga Says Farmers Will Discuss Preparations",
			body:  []string{"Agriculture Minister Olek Varga spoke on Tuesday."},
			want:  []string{"person:Olek Varga{Varga}<Agriculture Minister>"},
		},
		{
			name:  "headline surname resolves to the body's full name",
			title: "Varga to meet farmers",
			body:  []string{"Agriculture Minister Olek Varga spoke on Tuesday."},
			want:  []string{"person:Olek Varga{Varga}<Agriculture Minister>"},
		},
		{
			name:  "a headline speech verb alone does not make a person",
			title: "Pipeline notes: what the board decided",
			body:  []string{"The board approved the pipeline on Friday."},
			want:  nil,
		},
		{
			name:  "the body vouches for a name a headline speech verb introduced",
			title: "Varga warns of shortages",
			body:  []string{"Grain stocks are low, Varga said on Monday."},
			want:  []string{"person:Varga"},
		},
		{
			name:  "model numbers and adjective compounds are not names",
			title: "Jets",
			body:  []string{"Su-24 bombers and Russian-backed forces hit Norway-linked targets, said Tsvetkov."},
			want:  []string{"person:Tsvetkov"},
		},
		{
			name:  "a known organization in a compound still counts",
			title: "Separatists",
			body:  []string{"Kremlin-backed separatists fired on UN-run camps."},
			want:  []string{"organization:Kremlin", "organization:United Nations{UN}"},
		},
		{
			name:  "a title word ending a name is a surname",
			title: "Canberra",
			body:  []string{"Maria Bishop said the deal was fair. Foreign Minister Maria Bishop later flew home."},
			want:  []string{"person:Maria Bishop<Foreign Minister>"},
		},
		{
			name:  "family name first",
			title: "Seoul",
			body:  []string{"President Park Sun-hee met Lee Jae-won. Park said ties were good."},
			want:  []string{"person:Park Sun-hee{Park}<President>", "person:Lee Jae-won"},
		},
		{
			name:  "bylines are not participants",
			title: "Analysis",
			body:  []string{"By Jonathan Pettersen", "Minister Lars Aune said little.", "Reporting by Kari Nilsen; Editing by Ola Berg"},
			want:  []string{"person:Lars Aune<Minister>"},
		},
		{
			name:  "given names spelled two ways, or shortened, stay one person",
			title: "Summit",
			body: []string{
				"Iranian President Hassan Rouhani and Turkish President Recep Tayyip Erdogan met.",
				"Later, Hasan Rouhani and Tayyip Erdogan agreed to meet again.",
			},
			want: []string{
				"person:Hassan Rouhani{Hasan Rouhani}<Iranian President>",
				"person:Recep Tayyip Erdogan{Tayyip Erdogan}<Turkish President>",
			},
		},
		{
			name:  "a plural title is evidence but no role",
			title: "Summit",
			body:  []string{"Presidents Olek Varga, Tomas Kerrigan and Ivo Dragan met in Sochi."},
			want:  []string{"person:Olek Varga", "person:Tomas Kerrigan", "person:Ivo Dragan"},
		},
		{
			name:  "names listed in a headline vouch for each other",
			title: "Dragan, Halvorsen to meet in Oslo",
			body:  []string{"Foreign Minister Ivo Dragan will travel on Monday. Halvorsen made no comment."},
			want:  []string{"person:Ivo Dragan{Dragan}<Foreign Minister>", "person:Halvorsen"},
		},
		{
			name:  "a sentence-opening word the article writes in lower case is no name",
			title: "Kerrigan to Oslo: Press Dragan on the deal",
			body:  []string{"Minister Tomas Kerrigan will press Ivo Dragan to sign."},
			want:  []string{"person:Tomas Kerrigan{Kerrigan}<Minister>", "person:Ivo Dragan{Dragan}"},
		},
		{
			name:  "a known organization at the end of a longer name",
			title: "Meetings",
			body:  []string{"The Syrian National Dialogue Congress opened; the Russian Security Council met."},
			want:  []string{"organization:Syrian National Dialogue Congress", "organization:Russian Security Council"},
		},
		{
			name:  "a surname followed by a person noun",
			title: "Damascus",
			body:  []string{"The Halabi regime denied the report."},
			want:  []string{"person:Halabi"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := summary(x.Extract(doc(tc.title, tc.body...)).Participants)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestMentions(t *testing.T) {
	x := mustNew(t, Options{})
	a := doc("Kerrigan visits Oslo", "Foreign Minister Tomas Kerrigan\u2019s visit began. Kerrigan said so.")
	text := a.Text()
	ann := x.Extract(a)
	if len(ann.Participants) != 1 {
		t.Fatalf("participants: %q", summary(ann.Participants))
	}
	p := ann.Participants[0]
	var got []string
	for _, m := range p.Mentions {
		got = append(got, fmt.Sprintf("%d:%s", m.Block, text[m.Block][m.Start:m.End]))
	}
	want := []string{"0:Kerrigan", "1:Tomas Kerrigan", "1:Kerrigan"}
	if !slices.Equal(got, want) {
		t.Errorf("mentions %q, want %q", got, want)
	}
	if p.Key != "tomas kerrigan" {
		t.Errorf("key %q", p.Key)
	}
}

func TestKeyAndSurname(t *testing.T) {
	keys := map[string]string{
		"John Kerry":            "john kerry",
		"Bashar al-Assad":       "bashar al assad",
		"Bashar Al-Assad":       "bashar al assad",
		"Mr. Lavrov":            "lavrov",
		"President Putin":       "putin",
		"Kerry's":               "kerry",
		"Assad\u2019s":          "assad",
		"al-Assad":              "assad",
		"Mevlüt Çavuşoğlu":      "mevlut cavusoglu",
		"Sergueï Lavrov":        "serguei lavrov",
		"U.S. State Department": "us state department",
		"The Guardian":          "guardian",
		"Łukasz Øster":          "lukasz oster",
	}
	for in, want := range keys {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
	surnames := map[string]string{
		"john kerry":            "kerry",
		"bashar al assad":       "assad",
		"staffan de mistura":    "mistura",
		"martin luther king jr": "king",
		"kerry":                 "",
		"al assad":              "",
		"":                      "",
	}
	for in, want := range surnames {
		if got := Surname(in); got != want {
			t.Errorf("Surname(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRules(t *testing.T) {
	x := mustNew(t, Options{Rules: append(DefaultRules(),
		Rule{Name: "Olek Varga", Kind: Person, Aliases: []string{"The Ploughman"}},
		Rule{Name: "Zentar Holdings", Kind: Organization, Aliases: []string{"ZH Group"}},
		Rule{Name: "Lena Ostrova", Exclude: true},
		Rule{Name: "Vestmark", Kind: Place},
		Rule{Name: "Kremlin", Exclude: true},
	)})
	a := doc("Farm vote",
		"The Ploughman met Lena Ostrova of ZH Group in Vestmark. The Kremlin said nothing.",
		"Agriculture Minister Olek Varga said Zentar Holdings would invest. Varga left Vestmark Tuesday.",
	)
	got := summary(x.Extract(a).Participants)
	want := []string{"person:Olek Varga{The Ploughman,Varga}<Agriculture Minister>", "organization:Zentar Holdings{ZH Group}"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// An empty list means no rules: only shapes remain (an acronym).
	bare := mustNew(t, Options{Rules: []Rule{}})
	if got := summary(bare.Extract(doc("x", "The Kremlin and NATO met.")).Participants); !slices.Equal(got, []string{"organization:NATO"}) {
		t.Errorf("no rules: %q", got)
	}
	if _, err := New(Options{Rules: []Rule{{Name: "X", Kind: "planet"}}}); err == nil {
		t.Error("unknown kind: want an error")
	}
	if _, err := New(Options{Rules: []Rule{{Name: " "}}}); err == nil {
		t.Error("empty name: want an error")
	}
}

func TestDefaultRulesNameNoPerson(t *testing.T) {
	rules := DefaultRules()
	if len(rules) < 100 {
		t.Fatalf("only %d default rules", len(rules))
	}
	for _, r := range rules {
		if r.Kind != Organization && r.Kind != Place {
			t.Errorf("default rule %q has kind %q; defaults name organizations and places only", r.Name, r.Kind)
		}
	}
	rules[0].Aliases = append(rules[0].Aliases, "changed")
	if slices.Contains(DefaultRules()[0].Aliases, "changed") {
		t.Error("DefaultRules shares its slices")
	}
}

func TestArticleHints(t *testing.T) {
	x := mustNew(t, Options{Topics: []Topic{{ID: "farming", Terms: []string{"harvest"}}}})
	a := doc("Harvest talks", "Agriculture Minister Olek Varga met Lena Ostrova at the Zentar depot.")
	a.Exclude = []string{"Lena Ostrova"}
	a.Participants = []string{"Zentar"}
	a.Topics = []string{"farming"}
	ann := x.Extract(a)
	got := summary(ann.Participants)
	want := []string{"person:Olek Varga<Agriculture Minister>", "person:Zentar"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if len(ann.Participants) == 2 && len(ann.Participants[1].Mentions) != 1 {
		t.Errorf("hinted participant mentions: %v", ann.Participants[1].Mentions)
	}
	if len(ann.Topics) != 1 || ann.Topics[0].ID != "farming" {
		t.Errorf("topics %+v", ann.Topics)
	}
}

func TestTopics(t *testing.T) {
	topics := []Topic{
		{ID: "sanctions", Terms: []string{"sanction", "asset freeze"}},
		{ID: "truce", Terms: []string{"ceasefire", "cease-fire", "truce"}},
		{ID: "arms", Terms: []string{"missile", "arms deal"}},
		{ID: "weak", Terms: []string{"embargo"}},
	}
	x := mustNew(t, Options{Topics: topics})
	a := doc("Truce holds as talks go on",
		"New sanctions and an asset freeze were announced; the Sanctions will bite, and the sanction's cost is high.",
		"The cease-fire, or ceasefire, held. An arms deal was signed and missiles were moved.",
		"There is no embargo.",
	)
	got := x.Extract(a).Topics
	want := []TopicMatch{
		{ID: "sanctions", Evidence: []string{"sanctions", "asset freeze", "sanction"}, Hits: 4},
		{ID: "truce", Evidence: []string{"Truce", "cease-fire", "ceasefire"}, Hits: 3},
		{ID: "arms", Evidence: []string{"arms deal", "missiles"}, Hits: 2},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	x1 := mustNew(t, Options{Topics: topics, TopicMinHits: 1})
	if got := x1.Extract(a).Topics; len(got) != 4 {
		t.Errorf("TopicMinHits 1: %+v", got)
	}
	if _, err := New(Options{Topics: []Topic{{ID: "a"}, {ID: "a"}}}); err == nil {
		t.Error("duplicate topic id: want an error")
	}
}

func TestDeterministicAndConcurrent(t *testing.T) {
	x := mustNew(t, Options{Topics: []Topic{{ID: "war", Terms: []string{"war", "conflict"}}}})
	arts := make([]*article.Article, 0, len(stressCorpus))
	for _, s := range stressCorpus {
		arts = append(arts, doc("Kerry and Lavrov talk war", s))
	}
	want := make([]string, len(arts))
	for i, a := range arts {
		want[i] = fmt.Sprintf("%+v", x.Extract(a))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, a := range arts {
				if got := fmt.Sprintf("%+v", x.Extract(a)); got != want[i] {
					errs <- fmt.Sprintf("article %d differs:\n%s\n%s", i, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// stressCorpus is invented prose in several outlets' styles.
var stressCorpus = []string{
	`Turkish Foreign Minister Mevlüt Çavuşoğlu met his Russian counterpart Sergueï Lavrov in Antalya on Thursday. “We agreed on a ceasefire mechanism,” Çavuşoğlu told reporters. Mr. Lavrov said Moscow would keep supporting the Syrian government.`,
	`"We are not going to accept this," said Dmitry Peskov, the Kremlin spokesman. "Never," he added. Peskov also dismissed reports that Putin had been ill.`,
	`Hayat Tahrir al-Sham (HTS) fighters seized the town, according to the Syrian Observatory for Human Rights. Rami Abdel Rahman, head of the Britain-based Observatory, told AFP that 40 people died.`,
	`WASHINGTON (Reuters) - U.S. President Barack Obama on Friday said Russia's intervention would fail. Secretary of State John Kerry and Defense Secretary Ash Carter briefed lawmakers on Capitol Hill.`,
	`MOSCOW, December 15 /TASS/. Russian Foreign Minister Sergey Lavrov and U.S. Secretary of State John Kerry will discuss Syria. TASS learned this from a source.`,
	`Former Secretary of State Hillary Clinton and her husband, former President Bill Clinton, attended. Clinton said she supported a no-fly zone.`,
}

func TestMentionsAreWellFormed(t *testing.T) {
	x := mustNew(t, Options{})
	for _, s := range stressCorpus {
		a := doc("Lavrov, Kerry in Paris", s)
		checkWellFormed(t, a, x.Extract(a))
	}
}

// checkWellFormed checks the invariants every Annotations must hold.
func checkWellFormed(t *testing.T, a *article.Article, ann Annotations) {
	t.Helper()
	text := a.Text()
	keys := map[string]bool{}
	for _, p := range ann.Participants {
		if p.Kind != Person && p.Kind != Organization {
			t.Errorf("%q: kind %q", p.Name, p.Kind)
		}
		if p.Key == "" || p.Name == "" {
			t.Errorf("empty key or name: %+v", p)
		}
		if keys[p.Key+"/"+string(p.Kind)] {
			t.Errorf("key %q twice", p.Key)
		}
		keys[p.Key+"/"+string(p.Kind)] = true
		if !slices.IsSorted(p.Aliases) || slices.Contains(p.Aliases, p.Name) {
			t.Errorf("%q: aliases %q", p.Name, p.Aliases)
		}
		for _, m := range p.Mentions {
			if m.Block < 0 || m.Block >= len(text) || m.Start < 0 || m.Start >= m.End || m.End > len(text[m.Block]) {
				t.Errorf("%q: bad mention %+v", p.Name, m)
				continue
			}
			s := text[m.Block]
			if utf8.ValidString(s) && (!utf8.RuneStart(s[m.Start]) || m.End < len(s) && !utf8.RuneStart(s[m.End])) {
				t.Errorf("%q: mention %+v splits a character", p.Name, m)
			}
		}
	}
	speakers := map[string]bool{}
	for _, p := range ann.Participants {
		speakers[p.Key] = true
	}
	for i, q := range ann.Quotes {
		if q.Block < 0 || q.Block >= len(text) || q.Start < 0 || q.Start > q.End || q.End > len(text[q.Block]) {
			t.Errorf("bad quote %+v", q)
			continue
		}
		if i > 0 {
			if p := ann.Quotes[i-1]; p.Block > q.Block || p.Block == q.Block && p.End > q.Start {
				t.Errorf("quotes out of order: %+v, %+v", p, q)
			}
		}
		if in := text[q.Block][q.Start:q.End]; q.Text != in && !strings.HasPrefix(q.Text, in+"\n") {
			t.Errorf("quote text %q, block has %q", q.Text, in)
		}
		if q.Speaker != "" && !speakers[q.Speaker] {
			t.Errorf("quote %q: speaker %q is no participant", q.Text, q.Speaker)
		}
	}
}
