package events

import (
	"math/rand/v2"
	"strings"
	"time"
)

// synthetic returns n invented articles about events of one to four
// reports each, spread over three years, with the event of each article.
// Words come from a Zipf-distributed common vocabulary; each event has
// its own rarer names and words; two "ministers" appear everywhere.
func synthetic(n int, seed uint64) ([]Doc, []int) {
	r := rand.New(rand.NewPCG(seed, 7))
	syll := []string{"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "ba", "po", "li", "zu", "fa", "go", "he"}
	word := func(k int) string {
		var b strings.Builder
		for k >= 0 {
			b.WriteString(syll[k%len(syll)])
			k = k/len(syll) - 1
		}
		return b.String()
	}
	capital := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	const common, names = 4000, 30000
	zipf := rand.NewZipf(r, 1.1, 2, common-1)
	start := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]Doc, 0, n)
	event := make([]int, 0, n)
	for ev := 0; len(docs) < n; ev++ {
		evNames := make([]string, 6)
		for k := range evNames {
			evNames[k] = capital(word(common + r.IntN(names)))
		}
		evWords := make([]string, 8)
		for k := range evWords {
			evWords[k] = word(300 + r.IntN(common-300))
		}
		day := start.AddDate(0, 0, r.IntN(3*365))
		reports := 1 + min(3, int(r.ExpFloat64()*1.2))
		for k := 0; k < reports && len(docs) < n; k++ {
			pick := func() string {
				switch x := r.IntN(100); {
				case x < 78:
					return word(int(zipf.Uint64()))
				case x < 88:
					return evWords[r.IntN(len(evWords))]
				case x < 95:
					return evNames[r.IntN(len(evNames))]
				default:
					return capital(word(common + r.IntN(names)))
				}
			}
			title := evNames[0] + " " + pick() + " " + evNames[1] + " " + evWords[0]
			text := []string{title}
			for p := 0; p < 6; p++ {
				ws := make([]string, 30)
				for w := range ws {
					ws[w] = pick()
				}
				ws[0] = capital(ws[0])
				text = append(text, strings.Join(ws, " ")+".")
			}
			d := Doc{
				ID:           "d" + word(len(docs)),
				Title:        title,
				Text:         text,
				Date:         day.AddDate(0, 0, r.IntN(3)),
				Participants: []string{"minister one", "minister two", strings.ToLower(evNames[2]), strings.ToLower(evNames[3])},
			}
			if r.IntN(10) == 0 {
				d.Date = time.Time{} // some sources give no date
			}
			docs = append(docs, d)
			event = append(event, ev)
		}
	}
	return docs, event
}
