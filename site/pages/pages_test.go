package pages

import (
	"fmt"
	"testing"
	"time"

	"briefing/site/index"
)

func TestRouter(t *testing.T) {
	tests := []struct {
		base, path, href, abs string
	}{
		{"/", "", "/", "/"},
		{"/", "articles/a-b/", "/articles/a-b/", "/articles/a-b/"},
		{"/", "style.css", "/style.css", "/style.css"},
		{"https://example.org/briefing/", "", "/briefing/", "https://example.org/briefing/"},
		{"https://example.org/briefing", "participants/x/", "/briefing/participants/x/", "https://example.org/briefing/participants/x/"},
		{"https://example.org/", "404.html", "/404.html", "https://example.org/404.html"},
		{"/", "participants/çavuşoğlu/", "/participants/%C3%A7avu%C5%9Fo%C4%9Flu/", "/participants/%C3%A7avu%C5%9Fo%C4%9Flu/"},
	}
	for _, tt := range tests {
		r, err := NewRouter(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Href(tt.path); got != tt.href {
			t.Errorf("%s Href(%q) = %q, want %q", tt.base, tt.path, got, tt.href)
		}
		if got := r.Absolute(tt.path); got != tt.abs {
			t.Errorf("%s Absolute(%q) = %q, want %q", tt.base, tt.path, got, tt.abs)
		}
	}
}

func TestPathAndFile(t *testing.T) {
	var r Router
	for kind, want := range map[Kind]string{
		Home: "index.html", ArticlePage: "articles/s/index.html", Participants: "participants/index.html",
		Participant: "participants/s/index.html", Topics: "topics/index.html", Topic: "topics/s/index.html", NotFound: "404.html",
		Timeline: "timeline/index.html",
	} {
		if got := File(r.Path(kind, "s")); got != want {
			t.Errorf("File(Path(%s)) = %q, want %q", kind, got, want)
		}
	}
}

func TestPager(t *testing.T) {
	r, _ := NewRouter("/b/")
	pg := pager(r, Articles, "", 5, 9)
	if pg.Prev != "/b/articles/page/4/" || pg.Next != "/b/articles/page/6/" {
		t.Errorf("prev %q next %q", pg.Prev, pg.Next)
	}
	var got []int
	for _, l := range pg.Links {
		got = append(got, l.Number)
		if l.Gap != (l.Number == 0) {
			t.Errorf("link %d gap=%v", l.Number, l.Gap)
		}
		if l.Current != (l.Number == 5) {
			t.Errorf("link %d current=%v", l.Number, l.Current)
		}
	}
	if fmt.Sprint(got) != "[1 0 3 4 5 6 7 0 9]" {
		t.Errorf("links = %v, want the ends, the neighbourhood and gaps", got)
	}
	if first := pager(r, Articles, "", 1, 2); first.Prev != "" || first.Links[0].Href != "/b/articles/" {
		t.Errorf("first page: %+v", first)
	}
	if p := r.PagePath(Participant, "x", 3); p != "participants/x/page/3/" {
		t.Errorf("PagePath = %q", p)
	}
}

// TestTimelinePages checks that timeline pages hold at most the page size in
// statements, keep every statement once and in order, and repeat a date
// whose statements run over a page break.
func TestTimelinePages(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2015, 12, d, 0, 0, 0, 0, time.UTC) }
	var moments []*index.Moment
	var all []*index.Statement
	for d, n := range []int{150, 30, 70, 1} {
		m := &index.Moment{Date: day(d + 1)}
		for i := range n {
			s := &index.Statement{Text: fmt.Sprintf("%d-%d", d, i)}
			m.Statements = append(m.Statements, s)
			all = append(all, s)
		}
		moments = append(moments, m)
	}
	got := timelinePages(moments, 100)
	var dates [][]int
	var seen []*index.Statement
	for _, page := range got {
		n := 0
		var ds []int
		for _, m := range page {
			n += len(m.Statements)
			ds = append(ds, m.Date.Day())
			seen = append(seen, m.Statements...)
		}
		if n > 100 {
			t.Errorf("a page holds %d statements, more than 100", n)
		}
		dates = append(dates, ds)
	}
	if want := "[[1] [1 2 3] [3 4]]"; fmt.Sprint(dates) != want {
		t.Errorf("dates by page = %v, want %s", dates, want)
	}
	if len(seen) != len(all) {
		t.Fatalf("%d statements on pages, want %d", len(seen), len(all))
	}
	for i := range all {
		if seen[i] != all[i] {
			t.Fatalf("statement %d is %q, want %q", i, seen[i].Text, all[i].Text)
		}
	}
	if len(timelinePages(nil, 100)) != 0 {
		t.Error("an empty timeline has pages of statements")
	}
}

// TestEventPages checks that only an event with more reports than its
// section of the events list shows gets a page of its own, paged like
// other lists, and that links to events go to that page when there is one.
func TestEventPages(t *testing.T) {
	r, _ := NewRouter("/")
	small := &index.Event{ID: "small", Title: "Small", Index: 0}
	big := &index.Event{ID: "big", Title: "Big", Index: 60}
	for i := range 3 {
		small.Articles = append(small.Articles, &index.Article{Slug: fmt.Sprint("s", i)})
	}
	for i := range PerPage + 5 {
		big.Articles = append(big.Articles, &index.Article{Slug: fmt.Sprint("b", i)})
	}
	site := &index.Site{Events: []*index.Event{small, big}}
	var paths []string
	for _, p := range List(site, r, "T", 5) {
		if p.Kind == Event {
			paths = append(paths, p.Path)
			if p.Event != big || len(p.Articles) == 0 || len(p.Articles) > PerPage {
				t.Errorf("%s: event %v with %d articles", p.Path, p.Event, len(p.Articles))
			}
		}
	}
	if want := "[events/big/ events/big/page/2/]"; fmt.Sprint(paths) != want {
		t.Errorf("event pages = %v, want %s", paths, want)
	}
	if got := r.EventURL(big); got != "/events/big/" {
		t.Errorf("EventURL(big) = %q", got)
	}
	if got := r.EventURL(small); got != "/events/#event-small" {
		t.Errorf("EventURL(small) = %q, want its section of the list", got)
	}
	if got := r.EventListURL(big); got != "/events/page/2/#event-big" {
		t.Errorf("EventListURL(big) = %q", got)
	}
}
