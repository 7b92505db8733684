package pages

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"briefing/site/config"
	"briefing/site/index"
	"briefing/site/slug"
)

// FuzzRouter builds every kind of link from arbitrary base URLs, slugs and
// ids. Whatever the input, a link is printable ASCII, root-relative (never
// "//host", never a scheme), free of "." and ".." segments, and the same
// every time; the base path is clean, and the same for a base URL as for
// the configuration's normal form of it. For a slug that is one path
// segment (as slug.Make, the front matter's slug check and the taxonomy's
// id pattern all ensure), a link decodes to exactly the page's path under
// the base path. For a base URL the configuration accepts, an absolute URL
// keeps the base's scheme and host and has no control character, space or
// backslash.
func FuzzRouter(f *testing.F) {
	for _, s := range []struct {
		base, slug string
		n          int
	}{
		{"", "a-b", 0},
		{"/", "çavuşoğlu", 2},
		{"https://example.org/briefing/", "x", 3},
		{"https://example.org/briefing", "../../etc", 1},
		{"/a/../b/", "x", 0},
		{"https://example.org//evil.example/", "x", 0},
		{"/a/./b//c/", "a b?c#d%2e%2e", -7},
		{"http://user:pw@example.org:8080/%2e%2e/%2F/", "..", 1 << 40},
		{"javascript:alert(1)//", "\\..\x00\u2028", 2},
		{"/%zz/", ".", 0},
	} {
		f.Add(s.base, s.slug, s.n)
	}
	f.Fuzz(func(t *testing.T, base, s string, n int) {
		r, err := NewRouter(base)
		if err != nil {
			return
		}
		again, _ := NewRouter(base)
		// The base URLs the configuration accepts, which are all that
		// reach a Router when the site is built.
		norm, err := config.NormalizeBaseURL(base)
		valid := err == nil
		if valid {
			if r2, err := NewRouter(norm); err != nil || r2.BasePath() != r.BasePath() {
				t.Fatalf("base %q and its normal form %q: base paths %q and %q (%v)", base, norm, r.BasePath(), r2.BasePath(), err)
			}
		}
		bp := r.BasePath()
		if !strings.HasPrefix(bp, "/") || !strings.HasSuffix(bp, "/") || path.Clean(bp) != strings.TrimSuffix(bp, "/") && bp != "/" {
			t.Fatalf("base %q: base path %q is not clean with outer slashes", base, bp)
		}

		ids := []string{slug.Make(s), slug.Make(s) + "-2"}
		if oneSegment(s) {
			ids = append(ids, s)
		}
		for _, id := range ids {
			exact := oneSegment(id)
			for _, kind := range []Kind{Home, ArticlePage, Participants, Participant, Topics, Topic, Articles, Events, Event, Timeline, NotFound, Search} {
				for _, p := range []string{r.Path(kind, id), r.PagePath(kind, id, n)} {
					checkLink(t, r, again, base, p, exact, valid)
				}
			}
			a := &index.Article{Slug: id}
			checkURL(t, r, base, r.ArticleURL(a), again.ArticleURL(a), "articles/"+id+"/", exact)
			pt := &index.Participant{ID: id}
			checkURL(t, r, base, r.ParticipantURL(pt), again.ParticipantURL(pt), "participants/"+id+"/", exact)
			tp := &index.Topic{TopicInfo: index.TopicInfo{ID: id}}
			checkURL(t, r, base, r.TopicURL(tp), again.TopicURL(tp), "topics/"+id+"/", exact)
			ev := &index.Event{ID: id, Index: n, Articles: make([]*index.Article, EventArticlesShown+1)}
			checkURL(t, r, base, r.EventURL(ev), again.EventURL(ev), "events/"+id+"/", exact)
			ev.Articles = nil
			list := r.EventListURL(ev)
			href, frag, _ := strings.Cut(list, "#")
			want := "events/"
			if k := n/PerPage + 1; k > 1 {
				want = "events/page/" + strconv.Itoa(k) + "/"
			}
			checkURL(t, r, base, href, strings.Split(again.EventListURL(ev), "#")[0], want, exact)
			if frag != EventAnchor(ev) || id == slug.Make(s) && !clean(frag) {
				t.Fatalf("base %q id %q: event list link %q has fragment %q", base, id, list, frag)
			}
		}
	})
}

// oneSegment reports whether s may be a slug by the Router's contract: one
// non-empty path segment, not "." or "..".
func oneSegment(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.Contains(s, "/")
}

// checkLink checks the link and, for a valid base URL, the absolute URL of
// the site path p.
func checkLink(t *testing.T, r, again Router, base, p string, exact, valid bool) {
	t.Helper()
	checkURL(t, r, base, r.Href(p), again.Href(p), p, exact)
	abs, abs2 := r.Absolute(p), again.Absolute(p)
	if abs != abs2 {
		t.Fatalf("base %q path %q: Absolute not stable: %q then %q", base, p, abs, abs2)
	}
	if !valid {
		return
	}
	if !r.HasHost() {
		if abs != r.Href(p) {
			t.Fatalf("base %q path %q: Absolute %q without a host, Href %q", base, p, abs, r.Href(p))
		}
		return
	}
	if !clean(abs) {
		t.Fatalf("base %q path %q: Absolute %q has a control character, space or backslash", base, p, abs)
	}
	u, err := url.Parse(abs)
	if err != nil {
		t.Fatalf("base %q path %q: Absolute %q does not parse: %v", base, p, abs, err)
	}
	if u.Scheme != r.base.Scheme || u.Host != r.base.Host || u.Opaque != "" {
		t.Fatalf("base %q path %q: Absolute %q leaves scheme %q host %q", base, p, abs, r.base.Scheme, r.base.Host)
	}
	checkPath(t, base, u.EscapedPath(), u.Path, r.BasePath(), p, exact)
}

// checkURL checks a root-relative link got (and got2, the same link built
// by a second Router of the same base) to the site path p.
func checkURL(t *testing.T, r Router, base, got, got2, p string, exact bool) {
	t.Helper()
	if got != got2 {
		t.Fatalf("base %q path %q: link not stable: %q then %q", base, p, got, got2)
	}
	if !printable(got) || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") {
		t.Fatalf("base %q path %q: link %q is not printable root-relative", base, p, got)
	}
	u, err := url.Parse(got)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.RawQuery != "" || u.Fragment != "" {
		t.Fatalf("base %q path %q: link %q parses as %#v (%v)", base, p, got, u, err)
	}
	checkPath(t, base, got, u.Path, r.BasePath(), p, exact)
}

// checkPath checks link, whose decoded path is dec: no dot segment and,
// when exact, exactly the page's path p under the base path bp.
func checkPath(t *testing.T, base, link, dec, bp, p string, exact bool) {
	t.Helper()
	for _, seg := range strings.Split(strings.TrimPrefix(link, "/"), "/") {
		if seg == ".." || seg == "." {
			t.Fatalf("base %q path %q: link %q has a %q segment", base, p, link, seg)
		}
	}
	if exact && dec != bp+p {
		t.Fatalf("base %q path %q: link %q decodes to %q, want %q", base, p, link, dec, bp+p)
	}
}

// printable reports whether s is printable ASCII without spaces.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f || s[i] == '\\' {
			return false
		}
	}
	return true
}

// clean reports whether s has no control character, space or backslash.
func clean(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool {
		return r <= ' ' || r == 0x7f || r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r)
	})
}

// FuzzHref holds the shortcuts of Href and Absolute for plain paths to the
// long way round: joined, cleaned and escaped.
func FuzzHref(f *testing.F) {
	for _, s := range [][2]string{
		{"/", "articles/a-b/"}, {"/", ""}, {"/sub/", "404.html"}, {"/a b/", "x/"},
		{"/", "a/../b/"}, {"/", "./x"}, {"/", "a//b/"}, {"/", "/"}, {"/", "x/."},
		{"/", "çavuşoğlu/"}, {"/", "a%2fb/"}, {"https://example.org/b~c/", "search/index.js"},
		{"https://user@example.org/", "x/"}, {"https://example.org/?q=1", "x/"}, {"https://example.org/#f", "x/"},
		{"https://EXAMPLE.org:8080/a/", "topics/"}, {"http://[::1]:1313/", "articles/x/"}, {"https://ex%41mple.org/", "x/"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, base, sitePath string) {
		r, err := NewRouter(base)
		if err != nil {
			return
		}
		if got, want := r.Href(sitePath), hrefSlow(r.BasePath(), sitePath); got != want {
			t.Fatalf("base %q, path %q: Href gives %q, the long way %q", base, sitePath, got, want)
		}
		if r.HasHost() {
			if got, want := r.Absolute(sitePath), r.absoluteSlow(sitePath); got != want {
				t.Fatalf("base %q, path %q: Absolute gives %q, the long way %q", base, sitePath, got, want)
			}
		}
	})
}
