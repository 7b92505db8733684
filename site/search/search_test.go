package search

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"briefing/site/article"
	"briefing/site/index"
	"briefing/site/pages"
)

func TestIndex(t *testing.T) {
	long := strings.Repeat("word ", 100)
	kerry := &index.Participant{ID: "john-kerry", Name: "John Kerry"}
	talks := &index.Topic{TopicInfo: index.TopicInfo{ID: "talks", Name: "Talks"}}
	other := &index.Topic{TopicInfo: index.TopicInfo{ID: "other", Name: "Other"}}
	a := &index.Article{Article: &article.Article{ID: "a", Title: `Kerry </script> & "Lavrov"`, Date: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		Blocks: []article.Block{{Text: "  "}, {Text: long}}}, Slug: "a"}
	a.Participants = []*index.Appearance{{Participant: kerry, Article: a}}
	a.Topics = []*index.Assignment{{Topic: talks, Article: a}}
	b := &index.Article{Article: &article.Article{ID: "b", Title: "Undated", Summary: "A summary."}, Slug: "b"}
	b.Topics = []*index.Assignment{{Topic: other, Article: b, Fallback: true}}
	r, err := pages.NewRouter("/desk/")
	if err != nil {
		t.Fatal(err)
	}
	site := &index.Site{Articles: []*index.Article{a, b}}
	files, err := Files(site, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != File {
		t.Fatalf("files = %v", files)
	}
	js := string(files[0].Data)
	body, ok := strings.CutPrefix(js, "window.BRIEFING_SEARCH=")
	if !ok || !strings.HasSuffix(body, ";\n") {
		t.Fatalf("not a script that sets the index: %.60q", js)
	}
	if strings.Contains(js, "</script") {
		t.Error("the index holds </script> unescaped")
	}
	var idx Index
	if err := json.Unmarshal([]byte(strings.TrimSuffix(body, ";\n")), &idx); err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{Title: a.Title, URL: "/desk/articles/a/", Date: "2024-03-05", Snippet: strings.TrimSpace(long[:SnippetLength]) + "…", Participants: []string{"John Kerry"}, Topics: []string{"Talks"}},
		{Title: "Undated", URL: "/desk/articles/b/", Snippet: "A summary."},
	}
	if len(idx.Articles) != 2 {
		t.Fatalf("index = %+v", idx)
	}
	for i, w := range want {
		g := idx.Articles[i]
		if g.Title != w.Title || g.URL != w.URL || g.Date != w.Date || g.Snippet != w.Snippet || strings.Join(g.Participants, ",") != strings.Join(w.Participants, ",") || strings.Join(g.Topics, ",") != strings.Join(w.Topics, ",") {
			t.Errorf("entry %d = %+v\nwant %+v", i, g, w)
		}
	}
	again, _ := Files(site, r)
	if string(again[0].Data) != js {
		t.Error("two indexes of one site differ")
	}
}
