package pages

import (
	"fmt"
	"testing"
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
