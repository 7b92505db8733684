package pages

import "testing"

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
