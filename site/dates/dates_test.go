package dates

import (
	"testing"
	"time"
	"unicode/utf8"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// want is the part of a Mention a test states; Date "" means zero.
type want struct {
	Text      string
	Date      string
	Precision Precision
	Inferred  bool
}

func TestFind(t *testing.T) {
	tue := day(2015, time.December, 15) // a Tuesday
	tests := []struct {
		name string
		text string
		pub  time.Time
		want []want
	}{
		// Explicit dates in their many spellings.
		{"month day", "The group meets in New York on December 18.", tue, []want{{"December 18", "2015-12-18", Day, true}}},
		{"abbreviated", "Talks resume Dec 18 in Vienna.", tue, []want{{"Dec 18", "2015-12-18", Day, true}}},
		{"abbreviated with period", "Talks resume Dec. 18 in Vienna.", tue, []want{{"Dec. 18", "2015-12-18", Day, true}}},
		{"ordinal", "The vote is set for March 3rd.", tue, []want{{"March 3rd", "2016-03-03", Day, true}}},
		{"month day year", "They met in Moscow on July 15, 2016.", tue, []want{{"July 15, 2016", "2016-07-15", Day, false}}},
		{"day month year", "They met in Moscow on 15 July 2016.", tue, []want{{"15 July 2016", "2016-07-15", Day, false}}},
		{"day of month", "Elections follow on the 18th of December.", tue, []want{{"18th of December", "2015-12-18", Day, true}}},
		{"iso", "The decree (2016-07-15) took effect.", tue, []want{{"2016-07-15", "2016-07-15", Day, false}}},
		{"month year", "Fighting began in March 2011.", tue, []want{{"March 2011", "2011-03-01", Month, false}}},
		{"abbreviated month year", "Prices peaked in Aug 2014.", tue, []want{{"Aug 2014", "2014-08-01", Month, false}}},
		{"year alone", "The party was founded in 2011 by students.", tue, []want{{"2011", "2011-01-01", Year, false}}},
		{"mid year", "Work should end by mid-2017.", tue, []want{{"mid-2017", "2017-01-01", Year, false}}},

		// A missing year is the one nearest publication.
		{"next year near new year", "The transition starts on January 1.", tue, []want{{"January 1", "2016-01-01", Day, true}}},
		{"same year in summer", "The transition started on January 1.", day(2015, time.June, 15), []want{{"January 1", "2015-01-01", Day, true}}},
		{"december in january", "The truce was agreed on December 28.", day(2016, time.January, 4), []want{{"December 28", "2015-12-28", Day, true}}},
		{"leap day out of reach", "The law lapsed on February 29.", day(2015, time.June, 15), []want{{"February 29", "", Day, false}}},
		{"no publication date", "The group meets on December 18.", time.Time{}, []want{{"December 18", "", Day, false}}},

		// Months without a day.
		{"bare month", "The conference will take place in June.", day(2013, time.May, 24), []want{{"June", "2013-06-01", Month, true}}},
		{"last month name", "The first meeting, last June, ended in a deal.", day(2013, time.May, 24), []want{{"last June", "2012-06-01", Month, true}}},
		{"next month name", "A vote is due next June.", day(2013, time.July, 1), []want{{"next June", "2014-06-01", Month, true}}},
		{"late month", "The truce went into effect late February.", day(2016, time.July, 22), []want{{"late February", "2016-02-01", Month, true}}},
		{"mid month", "It was postponed until at least mid-June.", day(2013, time.May, 24), []want{{"mid-June", "2013-06-01", Month, true}}},
		{"end of month", "The talks could take place by the end of May.", day(2013, time.May, 24), []want{{"end of May", "2013-05-01", Month, true}}},
		{"possessive month", "June's conference aims to end the war.", day(2013, time.May, 24), []want{{"June", "2013-06-01", Month, true}}},

		// Weekdays: tense picks the direction.
		{"past weekday", "Kerry met Lavrov on Monday.", tue, []want{{"on Monday", "2015-12-14", Day, true}}},
		{"future weekday", "Kerry will meet Lavrov in Paris on Monday.", tue, []want{{"on Monday", "2015-12-21", Day, true}}},
		{"is to", "Kerry is to meet Lavrov in Paris on Monday.", tue, []want{{"on Monday", "2015-12-21", Day, true}}},
		{"progressive", "The ministers are meeting on Thursday.", tue, []want{{"on Thursday", "2015-12-17", Day, true}}},
		{"said weekday", "An official said Friday that talks would go on.", tue, []want{{"Friday", "2015-12-11", Day, true}}},
		{"unmarked weekday", "Opposition factions gathered in Riyadh on Thursday.", tue, []want{{"on Thursday", "2015-12-10", Day, true}}},
		{"same weekday", "The minister arrived on Tuesday.", tue, []want{{"on Tuesday", "2015-12-15", Day, true}}},
		{"last weekday", "Protests began last Tuesday.", tue, []want{{"last Tuesday", "2015-12-08", Day, true}}},
		{"next weekday", "The envoy returns next Monday.", tue, []want{{"next Monday", "2015-12-21", Day, true}}},
		{"this weekday", "We back a meeting this Friday.", tue, []want{{"this Friday", "2015-12-18", Day, true}}},
		{"weekday unknown date", "Kerry will meet Lavrov on Monday.", time.Time{}, []want{{"on Monday", "", Day, false}}},
		{"two in a sentence", "Kerry is to meet Lavrov on Monday, an official said Friday.", tue,
			[]want{{"on Monday", "2015-12-21", Day, true}, {"Friday", "2015-12-11", Day, true}}},

		// Relative expressions.
		{"yesterday", "The ceasefire collapsed yesterday.", tue, []want{{"yesterday", "2015-12-14", Day, true}}},
		{"this evening", "They are meeting this evening in France.", tue, []want{{"this evening", "2015-12-15", Day, true}}},
		{"days ago", "Rebels took the town three days ago.", tue, []want{{"three days ago", "2015-12-12", Day, true}}},
		{"years ago", "The plant closed 2 years ago.", tue, []want{{"2 years ago", "2013-01-01", Year, true}}},
		{"last year", "It repeats last year's conference.", tue, []want{{"last year", "2014-01-01", Year, true}}},
		{"next month", "Troops leave next month.", tue, []want{{"next month", "2016-01-01", Month, true}}},
		{"last week unresolved", "Russia last week clarified its plans.", tue, []want{{"last week", "", Week, false}}},
		{"few weeks unresolved", "They met just a few weeks ago in Russia.", tue, []want{{"a few weeks ago", "", Week, false}}},

		// Numbers and names that are not dates.
		{"large number", "More than 400,000 people have been killed.", tue, nil},
		{"model number", "Russia will sell S-300 missiles to Syria.", tue, nil},
		{"nation count", "The 17-nation group met again.", tue, nil},
		{"bare number", "He has 2015 reasons and 18 options.", tue, nil},
		{"year without context", "Some 2011 ballots were lost.", tue, nil},
		{"may the name", "Theresa May and Angela Merkel met.", tue, nil},
		{"march the verb", "March with us, the leaflet said.", tue, nil},
		{"abbreviation as name", "Jan Kowalski and Dec Smith spoke.", tue, nil},
		{"invalid iso", "Code 2016-13-45 failed.", tue, nil},
		{"invalid day", "He cited February 30 as the date.", tue, nil},
		{"lower case month", "Protesters march to the square and may stay.", tue, nil},
		{"time of day", "The session opens at 18:30 sharp.", tue, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Find([]string{tc.text}, tc.pub)
			if len(got) != len(tc.want) {
				t.Fatalf("Find(%q) = %d mentions %v, want %d", tc.text, len(got), texts(got), len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				gd := ""
				if !g.Date.IsZero() {
					gd = g.Date.Format(time.DateOnly)
				}
				if g.Text != w.Text || gd != w.Date || g.Precision != w.Precision || g.Inferred != w.Inferred {
					t.Errorf("mention %d = {%q %s %v %v}, want {%q %s %v %v}", i, g.Text, gd, g.Precision, g.Inferred, w.Text, w.Date, w.Precision, w.Inferred)
				}
				if tc.text[g.Start:g.End] != g.Text {
					t.Errorf("offsets [%d:%d] give %q, not %q", g.Start, g.End, tc.text[g.Start:g.End], g.Text)
				}
				if !g.Date.IsZero() && g.Date.Location() != time.UTC {
					t.Errorf("date %v is not UTC", g.Date)
				}
			}
		})
	}
}

func texts(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

func TestSentenceAndBlock(t *testing.T) {
	text := []string{
		"Kerry to meet Lavrov",
		"U.S. officials said the envoy arrived. Talks began on Monday in Geneva. They went on late.",
	}
	got := Find(text, time.Time{})
	if len(got) != 1 {
		t.Fatalf("got %v, want one mention", texts(got))
	}
	m := got[0]
	if m.Block != 1 || m.Sentence != "Talks began on Monday in Geneva." {
		t.Errorf("block %d sentence %q", m.Block, m.Sentence)
	}
	if wd, ok := m.Weekday(); !ok || wd != time.Monday {
		t.Errorf("Weekday() = %v, %v", wd, ok)
	}
	if _, _, ok := m.MonthDay(); ok {
		t.Errorf("unresolved weekday has a month and day")
	}
}

func TestMonthDayWithoutYear(t *testing.T) {
	got := Find([]string{"The group meets on Dec 18."}, time.Time{})
	if len(got) != 1 {
		t.Fatalf("got %v", texts(got))
	}
	mo, d, ok := got[0].MonthDay()
	if !ok || mo != time.December || d != 18 || !got[0].Date.IsZero() {
		t.Errorf("MonthDay() = %v %d %v, date %v", mo, d, ok, got[0].Date)
	}
}

func TestSentenceAbbreviations(t *testing.T) {
	s := "Gen. Smith spoke. Mr. Jones met H. Mustafa on Friday. Done."
	got := Find([]string{s}, time.Time{})
	if len(got) != 1 || got[0].Sentence != "Mr. Jones met H. Mustafa on Friday." {
		t.Fatalf("got %+v", got)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Kerry will meet Lavrov in Paris on Monday, an official said Friday.",
		"They met on July 15, 2016 and again on 15 July 2016 (2016-07-15).",
		"Since March 2011, more than 400,000 people; S-300; the 17-nation group; mid-2011.",
		"late February, last June, end of May, mid-June, three days ago, a few weeks ago",
		"Dec. 18, Sept 3rd, the 18th of December, this evening, next week",
		"2016-02-30 May 31st February 29 2400 in 9999",
	} {
		f.Add(s, int64(0))
		f.Add(s, int64(16785))
	}
	f.Fuzz(func(t *testing.T, s string, days int64) {
		if !utf8.ValidString(s) {
			return
		}
		var pub time.Time
		if days != 0 {
			pub = day(1970, 1, 1).AddDate(0, 0, int(days%100000))
		}
		blocks := []string{s, "on Monday " + s}
		for _, m := range Find(blocks, pub) {
			if m.Block < 0 || m.Block >= len(blocks) {
				t.Fatalf("block %d out of range", m.Block)
			}
			b := blocks[m.Block]
			if m.Start < 0 || m.Start >= m.End || m.End > len(b) || b[m.Start:m.End] != m.Text {
				t.Fatalf("bad offsets %d:%d for %q in %q", m.Start, m.End, m.Text, b)
			}
			if m.Precision < Day || m.Precision > Year {
				t.Fatalf("bad precision %d", m.Precision)
			}
			if pub.IsZero() && m.Inferred {
				t.Fatalf("%q inferred without a publication date", m.Text)
			}
		}
	})
}
