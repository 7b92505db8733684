package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefing/site/clip"
)

// quoteSummary renders quotes as "speaker: text", "-" for no speaker.
func quoteSummary(qs []Quote) []string {
	var out []string
	for _, q := range qs {
		s := q.Speaker
		if s == "" {
			s = "-"
		}
		out = append(out, s+": "+q.Text)
	}
	return out
}

func TestQuotes(t *testing.T) {
	x := mustNew(t, Options{})
	tests := []struct {
		name string
		body []string
		want []string
	}{
		// Patterns.
		{
			name: "name then verb after the quote",
			body: []string{`"We will rebuild the bridge by spring," Olek Varga said.`},
			want: []string{"olek varga: We will rebuild the bridge by spring,"},
		},
		{
			name: "verb then name after the quote",
			body: []string{"Agriculture Minister Olek Varga visited the farms.", `"The harvest is better than we feared," said Varga.`},
			want: []string{"olek varga: The harvest is better than we feared,"},
		},
		{
			name: "title and name, then an adverbial",
			body: []string{`"We support a second round of talks in Oslo this month," Ruritanian Foreign Minister Olek Varga said after talks at the palace.`},
			want: []string{"olek varga: We support a second round of talks in Oslo this month,"},
		},
		{
			name: "verb, title and name after the quote",
			body: []string{`"Nobody is coming to the summit uninvited," said Norwegian government spokesman Ivo Dragan.`},
			want: []string{"ivo dragan: Nobody is coming to the summit uninvited,"},
		},
		{
			name: "a capitalised word before the role is not the speaker",
			body: []string{`"Nobody is coming to the summit uninvited," said Zentaran government spokesman Ivo Dragan.`},
			want: []string{"ivo dragan: Nobody is coming to the summit uninvited,"},
		},
		{
			name: "two names after the verb are not one speaker",
			body: []string{`"Nobody is coming to the summit uninvited," said Ivo Dragan and Olek Varga.`},
			want: []string{"-: Nobody is coming to the summit uninvited,"},
		},
		{
			name: "appositive role after the name",
			body: []string{`"The fleet stays in port until the storm passes," Olek Varga, the fisheries minister, said.`},
			want: []string{"olek varga: The fleet stays in port until the storm passes,"},
		},
		{
			name: "speaker and colon before the quote",
			body: []string{`Interior Minister Anna Kowalska said: "The border will stay open for trucks."`},
			want: []string{"anna kowalska: The border will stay open for trucks."},
		},
		{
			name: "speaker and that before the quote",
			body: []string{`Interior Minister Anna Kowalska said that "the border will stay open for trucks and buses."`},
			want: []string{"anna kowalska: the border will stay open for trucks and buses."},
		},
		{
			name: "a fragment inside reported speech goes to the reporting speaker",
			body: []string{`Speaking to a local radio station, Olek Varga said that Ruritania is "committed to the fishing agreements" signed last year.`},
			want: []string{"olek varga: committed to the fishing agreements"},
		},
		{
			name: "he added: the previous sentence's only speaker",
			body: []string{
				`"The port reopens on Monday," said harbour master Piet Olsen.`,
				`"Ships waiting offshore will be served first," he added.`,
			},
			want: []string{"piet olsen: The port reopens on Monday,", "piet olsen: Ships waiting offshore will be served first,"},
		},
		{
			name: "she told reporters: a speaker among two named people",
			body: []string{
				"Minister Anna Kowalska told Ivo Dragan that the deal was off.",
				`"We cannot sign a text we have not read," she told reporters.`,
			},
			want: []string{"anna kowalska: We cannot sign a text we have not read,"},
		},
		{
			name: "a pronoun chain through a sentence with he said",
			body: []string{
				"Foreign Minister Olek Varga says he will meet his counterpart Ivo Dragan next week.",
				"He said that he would see Dragan in Geneva.",
				`"I expect a long and difficult meeting," he told reporters.`,
			},
			want: []string{"olek varga: I expect a long and difficult meeting,"},
		},
		{
			name: "participle: adding that",
			body: []string{`"We had a useful talk on fishing," Olek Varga said, adding that if quotas fall, "the fleet will have to shrink."`},
			want: []string{"olek varga: We had a useful talk on fishing,", "olek varga: the fleet will have to shrink."},
		},
		{
			name: "participle after a clause with a role before the name",
			body: []string{`The head of the Coastal Defence Agency, Lena Ostrova, called the plan "late and badly funded", adding that it "will leave the coast open to smugglers."`},
			want: []string{"lena ostrova: late and badly funded", "lena ostrova: will leave the coast open to smugglers."},
		},
		{
			name: "a second sentence quoted on its own continues the speaker",
			body: []string{`"We are going to check every container," Olek Varga said. "So far, nothing illegal has been found."`},
			want: []string{"olek varga: We are going to check every container,", "olek varga: So far, nothing illegal has been found."},
		},
		{
			name: "a quote split by its attribution",
			body: []string{`"We are ready," Olek Varga said, "and we will not wait for anyone."`},
			want: []string{"olek varga: We are ready,", "olek varga: and we will not wait for anyone."},
		},
		{
			name: "an organization named as the speaker",
			body: []string{`"The plant will close at the end of the year," the Zentar Mining Company said in a statement.`},
			want: []string{"zentar mining company: The plant will close at the end of the year,"},
		},
		{
			name: "according to a person",
			body: []string{`According to Olek Varga, "the fleet has never been this small."`},
			want: []string{"olek varga: the fleet has never been this small."},
		},
		{
			name: "a quote over two paragraphs",
			body: []string{
				`"We have waited long enough for the ministry to act.`,
				`"Now the farmers will act on their own," Olek Varga said.`,
			},
			want: []string{"olek varga: We have waited long enough for the ministry to act.\nNow the farmers will act on their own,"},
		},
		{
			name: "mismatched straight and curly marks",
			body: []string{
				"\"We will not accept this proposal,\u201d Olek Varga said.",
				"\u201cIt is a matter of principle for us,\" he added.",
			},
			want: []string{"olek varga: We will not accept this proposal,", "olek varga: It is a matter of principle for us,"},
		},
		{
			name: "the next sentence that is only the attribution",
			body: []string{`"Will the ministry pay for the damage?" Olek Varga asked on Monday.`},
			want: []string{"olek varga: Will the ministry pay for the damage?"},
		},
		// Traps.
		{
			name: "a descriptive noun phrase names nobody",
			body: []string{
				"Foreign Minister Olek Varga met Ivo Dragan in Oslo.",
				`"Our meeting focused on fishing and trade," the top Ruritanian diplomat said.`,
			},
			want: []string{"-: Our meeting focused on fishing and trade,"},
		},
		{
			name: "a quoted epithet is no quote",
			body: []string{`Olek Varga called Ivo Dragan the "co-pilot" of the talks.`},
			want: nil,
		},
		{
			name: "scare quotes and quoted names are no quotes",
			body: []string{
				`Several "terrorist" groups took part in the talks, which have been dubbed "Oslo 2".`,
				`Olek Varga said the so-called "Army of the Northern Coast" had left.`,
			},
			want: nil,
		},
		{
			name: "said a spokesman for a named person",
			body: []string{
				"Foreign Minister Olek Varga arrived in Oslo.",
				`"The minister will not comment on the report," said a spokesman for Varga.`,
			},
			want: []string{"-: The minister will not comment on the report,"},
		},
		{
			name: "a spokesman for an organization",
			body: []string{`"The plant will close at the end of the year," a spokesman for the Zentar Mining Company said.`},
			want: []string{"-: The plant will close at the end of the year,"},
		},
		{
			name: "said an official; a senior official said",
			body: []string{
				"Foreign Minister Olek Varga arrived in Oslo.",
				`"The talks will go on until Friday," said an official.`,
				`"Nobody expects a deal before then," a senior official said.`,
			},
			want: []string{"-: The talks will go on until Friday,", "-: Nobody expects a deal before then,"},
		},
		{
			name: "he after an unnamed speaker stays unattributed",
			body: []string{
				"Foreign Minister Olek Varga arrived in Oslo.",
				`"The talks will go on until Friday," a senior official said.`,
				`"Nobody expects a deal before then," he added.`,
			},
			want: []string{"-: The talks will go on until Friday,", "-: Nobody expects a deal before then,"},
		},
		{
			name: "he after two named people is ambiguous",
			body: []string{
				"Olek Varga met Ivo Dragan in Oslo on Monday.",
				`"It was a long and difficult meeting," he said.`,
			},
			want: []string{"-: It was a long and difficult meeting,"},
		},
		{
			name: "nested single quotes are part of the quote",
			body: []string{`"When Ivo Dragan told me 'we will never leave the port,' I believed him," Olek Varga said.`},
			want: []string{"olek varga: When Ivo Dragan told me 'we will never leave the port,' I believed him,"},
		},
		{
			name: "nested double quotes are part of the quote",
			body: []string{`"When Ivo Dragan told me "we will never leave the port," I believed him," Olek Varga said.`},
			want: []string{`olek varga: When Ivo Dragan told me "we will never leave the port," I believed him,`},
		},
		{
			name: "a fragment in a reported clause without that",
			body: []string{`Ivo Dragan said Olek Varga had called the plan "a dead end for the whole region."`},
			want: []string{"olek varga: a dead end for the whole region."},
		},
		{
			name: "quoted as saying: not the one who quotes",
			body: []string{`"We must leave the port before the storm," Ivo Dragan quoted Olek Varga as saying.`},
			want: []string{"-: We must leave the port before the storm,"},
		},
		{
			name: "a name set off by commas with a who clause",
			body: []string{`Ivo Dragan, who met Olek Varga on Monday, said: "The port stays open for now."`},
			want: []string{"ivo dragan: The port stays open for now."},
		},
		{
			name: "a question put to a speaker: the speaker answers",
			body: []string{`Asked whether she would resign, Interior Minister Anna Kowalska said: "I have no reason to resign."`},
			want: []string{"anna kowalska: I have no reason to resign."},
		},
		{
			name: "a question put to a speaker: the reporter asked",
			body: []string{
				"Foreign Minister Olek Varga met Ivo Dragan in Oslo.",
				`"Will you meet Dragan again?" a reporter asked Varga.`,
			},
			want: []string{"-: Will you meet Dragan again?"},
		},
		{
			name: "a passive names the listener, not the speaker",
			body: []string{
				"Foreign Minister Olek Varga arrived in Oslo.",
				`"Will you meet Dragan again?" Varga was asked.`,
			},
			want: []string{"-: Will you meet Dragan again?"},
		},
		{
			name: "the next sentence must start with the attribution and say nothing else",
			body: []string{
				"Foreign Minister Olek Varga arrived in Oslo.",
				`"We will never sign this deal." Later, Varga said he was tired.`,
				`"The fleet stays in port this winter." Varga said the talks had failed.`,
			},
			want: []string{"-: We will never sign this deal.", "-: The fleet stays in port this winter."},
		},
		{
			name: "two speakers together are not one speaker",
			body: []string{`"We agree on the quotas for next year," Olek Varga and Ivo Dragan said.`},
			want: []string{"-: We agree on the quotas for next year,"},
		},
		{
			name: "a possessive is not the speaker",
			body: []string{
				"Foreign Minister Olek Varga arrived in Oslo.",
				`"The minister is tired after the flight," Varga's spokesman said.`,
			},
			want: []string{"-: The minister is tired after the flight,"},
		},
		{
			name: "speech not made yet",
			body: []string{`Olek Varga will repeat the ministry's view that "the fleet must shrink by a third."`},
			want: []string{"-: the fleet must shrink by a third."},
		},
		{
			name: "according to a news agency is a source, not a speaker",
			body: []string{`The border will stay closed "until the end of the month at least," according to AFP.`},
			want: []string{"-: until the end of the month at least,"},
		},
		{
			name: "a quote left open is dropped",
			body: []string{`"We will rebuild the bridge by spring, Olek Varga said.`, "The bridge collapsed in May."},
			want: nil,
		},
		{
			name: "no continuation into a new paragraph",
			body: []string{
				`"We are going to check every container," Olek Varga said.`,
				`"So far, nothing illegal has been found."`,
			},
			want: []string{"olek varga: We are going to check every container,", "-: So far, nothing illegal has been found."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := doc("Talks", tc.body...)
			ann := x.Extract(a)
			checkWellFormed(t, a, ann)
			if got := quoteSummary(ann.Quotes); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q\nparticipants %q", got, tc.want, summary(ann.Participants))
			}
		})
	}
}

func TestQuoteOffsets(t *testing.T) {
	x := mustNew(t, Options{})
	a := doc("Ports",
		`Harbour master Piet Olsen said: “The port reopens on Monday.”`,
		`"Ships waiting offshore will be served first.`,
		`"Then the ferries," Olsen added.`,
	)
	text := a.Text()
	got := x.Extract(a).Quotes
	if len(got) != 2 {
		t.Fatalf("quotes %q", quoteSummary(got))
	}
	var pos []string
	for _, q := range got {
		pos = append(pos, fmt.Sprintf("%d:%s", q.Block, text[q.Block][q.Start:q.End]))
	}
	want := []string{"1:The port reopens on Monday.", "2:Ships waiting offshore will be served first."}
	if !slices.Equal(pos, want) {
		t.Errorf("positions %q, want %q", pos, want)
	}
	if !strings.HasSuffix(got[1].Text, "\nThen the ferries,") || got[1].Speaker != "piet olsen" {
		t.Errorf("multi-paragraph quote %+v", got[1])
	}
}

// seedQuote is one quote of a seed clipping: where it starts and who said it.
type seedQuote struct {
	id           string // the seed file's number
	block, start int
	speaker      string
}

// seedQuotesWant is the hand-checked regression list for the seeds, read
// with the clipping reader. Every speaker was checked against the text; the
// unattributed ones say why, and who the speaker really is where known.
var seedQuotesWant = []seedQuote{
	{"000", 2, 16, ""}, // "the official said": an unnamed State Department official
	{"000", 12, 131, "sergei lavrov"},
	{"000", 12, 224, "sergei lavrov"},
	{"000", 14, 90, "martin dempsey"},
	{"000", 14, 143, "martin dempsey"},
	{"001", 4, 50, "dmitry peskov"},
	{"001", 5, 1, "dmitry peskov"}, // "he added", after Peskov's quote
	{"001", 6, 71, "mark toner"},
	{"001", 7, 129, "josh earnest"},
	{"001", 11, 84, "josh earnest"}, // Earnest said that Kerry "will repeat" the view: not yet said by Kerry
	{"002", 2, 1, "sergei lavrov"},
	{"002", 6, 1, ""},  // "the top US diplomat said" (Kerry): a descriptive noun phrase
	{"002", 7, 56, ""}, // "He also said" (Kerry): the sentence before has an unnamed speaker
	{"002", 8, 1, "john kerry"},
	{"002", 12, 1, "sergei lavrov"},
	{"002", 13, 1, "sergei lavrov"}, // "he said", after Lavrov's quote
	{"002", 14, 101, "john kerry"},  // "Kerry called Lavrov ... and thanked him for his efforts "...""
	{"002", 17, 1, "john kerry"},
	{"002", 17, 144, "john kerry"}, // "adding that ... "...""
	{"003", 6, 143, "walid al moallem"},
	{"003", 6, 226, "walid al moallem"},
	{"003", 9, 1, "sergei lavrov"},
	{"004", 3, 3, "john kerry"},  // "he told reporters", through "He said" back to Kerry
	{"004", 5, 33, "john kerry"}, // "He defended the US plan, saying "...""
	{"004", 8, 1, "john kerry"},
	{"004", 9, 1, "john kerry"},
	{"004", 9, 102, "john kerry"}, // a quote on its own after Kerry's
}

// TestSeedQuotes reads the seed clippings as the site does, logs every quote
// and checks them against the hand-checked list. The seeds built the simple
// way (seed_test.go) must give the same quotes.
func TestSeedQuotes(t *testing.T) {
	r, err := clip.NewReader(clip.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(files) == 0 {
		t.Skip("no seeds")
	}
	x := mustNew(t, Options{})
	var got []seedQuote
	said := map[string][]string{} // per seed: "speaker: text"
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := r.Read(filepath.Base(f), src)
		if err != nil {
			t.Fatal(err)
		}
		ann := x.Extract(a)
		checkWellFormed(t, a, ann)
		for _, q := range ann.Quotes {
			t.Logf("%s b%-2d %4d %-18q %q", a.ID[:3], q.Block, q.Start, q.Speaker, q.Text)
			got = append(got, seedQuote{a.ID[:3], q.Block, q.Start, q.Speaker})
		}
		said[a.ID] = quoteSummary(ann.Quotes)
	}
	if !slices.Equal(got, seedQuotesWant) {
		for i := range max(len(got), len(seedQuotesWant)) {
			var g, w seedQuote
			if i < len(got) {
				g = got[i]
			}
			if i < len(seedQuotesWant) {
				w = seedQuotesWant[i]
			}
			if g != w {
				t.Errorf("quote %d: got %+v, want %+v", i, g, w)
			}
		}
	}
	t.Run("simple reader", func(t *testing.T) {
		arts, _ := seedArticles(t)
		for _, a := range arts {
			got := quoteSummary(x.Extract(a).Quotes)
			for i := range got {
				got[i] = strings.ReplaceAll(got[i], "\u00a0", " ") // the clipping reader normalizes spaces
			}
			if !slices.Equal(got, said[a.ID]) {
				t.Errorf("%s: got  %q\nwant %q", a.ID, got, said[a.ID])
			}
		}
	})
}
