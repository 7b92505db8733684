package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"briefing/site/article"
	"briefing/site/index"
	"briefing/site/pages"
)

// refFiles makes the index with encoding/json's Encoder, through
// reflection: the reference that Files must match byte for byte.
func refFiles(s *index.Site, r pages.Router) ([]byte, error) {
	idx := Index{Articles: make([]Entry, len(s.Articles))}
	for i, a := range s.Articles {
		e := Entry{Title: a.Title, URL: r.Href(r.Path(pages.ArticlePage, a.Slug)), Date: index.Date(a.Date), Snippet: refSnippet(a)}
		for _, app := range a.Participants {
			if len(e.Participants) == Participants {
				break
			}
			e.Participants = append(e.Participants, app.Participant.Name)
		}
		for _, t := range a.Topics {
			if !t.Fallback {
				e.Topics = append(e.Topics, t.Topic.Name)
			}
		}
		idx.Articles[i] = e
	}
	var buf bytes.Buffer
	buf.WriteString("window.BRIEFING_SEARCH=")
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(idx); err != nil {
		return nil, err
	}
	buf.Truncate(buf.Len() - 1) // the encoder's newline
	buf.WriteString(";\n")
	return buf.Bytes(), nil
}

// refSnippet is the reference for appendSnippet.
func refSnippet(a *index.Article) string {
	s := a.Summary
	if s == "" {
		for _, b := range a.Blocks {
			if strings.TrimSpace(b.Text) != "" {
				s = b.Text
				break
			}
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= SnippetLength {
		return s
	}
	cut := []rune(s)[:SnippetLength]
	if i := strings.LastIndexByte(string(cut), ' '); i > SnippetLength/2 {
		return string(cut)[:i] + "…"
	}
	return string(cut) + "…"
}

// pieces are what the adversarial strings are made of.
var pieces = func() []string {
	p := []string{
		"", " ", "  ", "word", "Kerry", "Lavrov", "</script>", "</SCRIPT", "<!--", "-->", "<![CDATA[", "]]>",
		`"`, `\`, `\"`, "'", "&", "&amp;", "<", ">", "\x7f", "\u2028", "\u2029", "\u2027", "\u202a",
		"\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\xef\xbf\xbd",
		"😀", "👩‍👩‍👧", "🇺🇦", "e\u0301", "\u0301", "a\u0308\u0323", "ü", "Ж", "中文", "…",
		"\u00a0", "\u0085", "\u1680", "\u2003", "\u200b", "\u3000", "\ufeff", "\t\n", "\r\n", "\v\f",
	}
	for c := 0; c < 0x20; c++ {
		p = append(p, string(rune(c)))
	}
	return p
}()

// randString returns a string of up to n pieces, often with spaces
// between them.
func randString(rng *rand.Rand, n int) string {
	var sb strings.Builder
	for range rng.IntN(n + 1) {
		sb.WriteString(pieces[rng.IntN(len(pieces))])
		if rng.IntN(3) == 0 {
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}

// randText returns a string around the snippet's length, words and
// white space with now and then an adversarial piece.
func randText(rng *rand.Rand) string {
	var sb strings.Builder
	words := []string{"a", "talks", "minister", "Zürich", "日本", "😀", "x\xffy", "é\u0301", "\u2028", "<b>", `"q"`}
	spaces := []string{" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\r\n"}
	target := SnippetLength - 20 + rng.IntN(60)
	if rng.IntN(8) == 0 {
		target = rng.IntN(3 * SnippetLength)
	}
	if rng.IntN(4) == 0 {
		sb.WriteString(spaces[rng.IntN(len(spaces))])
	}
	for utf8.RuneCountInString(sb.String()) < target {
		if rng.IntN(6) == 0 {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		} else {
			sb.WriteString(words[rng.IntN(len(words))])
		}
		sb.WriteString(spaces[rng.IntN(len(spaces))])
	}
	return sb.String()
}

// randSite returns a site of n articles with adversarial text everywhere
// the index takes it from.
func randSite(rng *rand.Rand, n int) *index.Site {
	text := func() string {
		if rng.IntN(2) == 0 {
			return randText(rng)
		}
		return randString(rng, 12)
	}
	s := &index.Site{}
	for i := range n {
		art := &article.Article{ID: fmt.Sprint(i), Title: randString(rng, 8)}
		switch rng.IntN(4) {
		case 0:
		case 1:
			art.Date = time.Date(2024, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		case 2:
			art.Date = time.Date(rng.IntN(3)*9999, 1, 1, 12, 0, 0, 0, time.FixedZone("x", 3600))
		case 3:
			art.Date = time.Date(1+rng.IntN(3000), 2, 3, 0, 0, 0, 0, time.UTC)
		}
		if rng.IntN(3) == 0 {
			art.Summary = text()
		}
		for range rng.IntN(4) {
			t := text()
			if rng.IntN(3) == 0 {
				t = []string{"", " ", "\n\t", "\u00a0\u3000"}[rng.IntN(4)]
			}
			art.Blocks = append(art.Blocks, article.Block{Text: t})
		}
		slug := fmt.Sprintf("a-%d", i)
		if rng.IntN(4) == 0 {
			slug = randString(rng, 3)
		}
		a := &index.Article{Article: art, Slug: slug}
		for range rng.IntN(9) {
			p := &index.Participant{ID: "p", Name: randString(rng, 4)}
			a.Participants = append(a.Participants, &index.Appearance{Participant: p, Article: a})
		}
		if rng.IntN(5) == 0 {
			a.Participants = []*index.Appearance{}
		}
		for range rng.IntN(4) {
			t := &index.Topic{TopicInfo: index.TopicInfo{ID: "t", Name: randString(rng, 4)}}
			a.Topics = append(a.Topics, &index.Assignment{Topic: t, Article: a, Fallback: rng.IntN(3) == 0})
		}
		s.Articles = append(s.Articles, a)
	}
	return s
}

func TestFilesMatchEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	bases := []string{"", "/", "/desk/", "https://example.org/news/", "/a b/", "/a&b<c>/", "/x/../y//z/", "/ü/", "http://h:8080"}
	sites := []*index.Site{{}, {Articles: []*index.Article{}}}
	for range 200 {
		sites = append(sites, randSite(rng, rng.IntN(20)))
	}
	for _, base := range bases {
		r, err := pages.NewRouter(base)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range sites {
			want, err := refFiles(s, r)
			if err != nil {
				t.Fatal(err)
			}
			files, err := Files(s, r)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 || files[0].Path != File {
				t.Fatalf("files = %v", files)
			}
			if got := files[0].Data; !bytes.Equal(got, want) {
				at := 0
				for at < min(len(got), len(want)) && got[at] == want[at] {
					at++
				}
				t.Fatalf("base %q, site %d: differs at byte %d:\n got %q\nwant %q", base, i, at, got[max(0, at-80):min(len(got), at+80)], want[max(0, at-80):min(len(want), at+80)])
			}
		}
	}
}

func TestSnippetMatches(t *testing.T) {
	var texts []string
	for _, n := range []int{0, 1, 79, 80, 81, 82, 158, 159, 160, 161, 162, 300} {
		for _, w := range []string{"a", "é", "\xff", "😀", "ab"} {
			s := strings.Repeat(w, n)
			texts = append(texts, s, s+" b", " "+s+" ", s[:len(s)/2]+" "+s[len(s)/2:])
			for _, at := range []int{80, 81, 82, 159, 160, 161} {
				if at < len(s) {
					texts = append(texts, s[:at]+" "+s[at:], s[:at]+"\u00a0\u00a0"+s[at:], s[:at]+" \xff "+s[at:])
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		texts = append(texts, randText(rng), randString(rng, 100))
	}
	var buf []byte
	for _, s := range texts {
		for _, a := range []*index.Article{
			{Article: &article.Article{Summary: s}},
			{Article: &article.Article{Blocks: []article.Block{{Text: " \n"}, {Text: s}, {Text: "next"}}}},
		} {
			buf = appendSnippet(buf[:0], a)
			if want := refSnippet(a); string(buf) != want {
				t.Fatalf("snippet of %q = %q, want %q", s, buf, want)
			}
		}
	}
}

func TestFilesAllocs(t *testing.T) {
	kerry := &index.Participant{ID: "john-kerry", Name: "John Kerry"}
	talks := &index.Topic{TopicInfo: index.TopicInfo{ID: "talks", Name: "Talks"}}
	site := &index.Site{}
	for i := range 100 {
		a := &index.Article{Article: &article.Article{ID: fmt.Sprint(i), Title: "Kerry meets Lavrov", Date: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
			Blocks: []article.Block{{Text: strings.Repeat("The talks went on.\n", 5+i%20)}}}, Slug: fmt.Sprintf("kerry-meets-lavrov-%d", i)}
		a.Participants = []*index.Appearance{{Participant: kerry, Article: a}}
		a.Topics = []*index.Assignment{{Topic: talks, Article: a}}
		site.Articles = append(site.Articles, a)
	}
	r, err := pages.NewRouter("/desk/")
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := Files(site, r); err != nil {
			t.Fatal(err)
		}
	})
	// The buffer and the snippet's, the output slice, each article's link.
	if limit := float64(10 + len(site.Articles)); allocs > limit {
		t.Errorf("Files made %v allocations for %d articles, want at most %v", allocs, len(site.Articles), limit)
	}
}
