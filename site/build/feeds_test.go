package build

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"briefing"
)

// feedUpdated returns the <updated> of the site's Atom feed and of its entries.
func feedUpdated(t *testing.T, files map[string]string) (feed string, entries []string) {
	t.Helper()
	var d struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(files["feed.xml"]), &d); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	for _, e := range d.Entries {
		entries = append(entries, e.Updated)
	}
	return d.Updated, entries
}

func generateFiles(t *testing.T, root, baseURL string) (map[string]string, error) {
	t.Helper()
	res, err := Generate(context.Background(), Options{Source: root, Theme: briefing.Theme(), BaseURL: baseURL})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range res.Files {
		out[f.Path] = string(f.Data)
	}
	return out, nil
}

// TestFeedsDates: feeds date undated articles with the newest article's
// date, else SOURCE_DATE_EPOCH, else the Unix epoch; never the clock.
func TestFeedsDates(t *testing.T) {
	undated := writeSite(t, map[string]string{"seeds/good.txt": goodClipping})
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	files, err := generateFiles(t, undated, "https://example.org/briefing/")
	if err != nil {
		t.Fatal(err)
	}
	if feed, entries := feedUpdated(t, files); feed != "2023-11-14T22:13:20Z" || len(entries) != 1 || entries[0] != feed {
		t.Errorf("with SOURCE_DATE_EPOCH: feed updated %q, entries %q", feed, entries)
	}

	t.Setenv("SOURCE_DATE_EPOCH", "")
	files, err = generateFiles(t, undated, "https://example.org/briefing/")
	if err != nil {
		t.Fatal(err)
	}
	if feed, _ := feedUpdated(t, files); feed != "1970-01-01T00:00:00Z" {
		t.Errorf("without SOURCE_DATE_EPOCH: feed updated %q", feed)
	}

	t.Setenv("SOURCE_DATE_EPOCH", "soon")
	if _, err := generateFiles(t, undated, "https://example.org/briefing/"); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
		t.Errorf("a malformed SOURCE_DATE_EPOCH gives %v", err)
	}

	// A dated article dates the undated ones; SOURCE_DATE_EPOCH is not needed.
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dated := writeSite(t, map[string]string{
		"seeds/good.txt":        goodClipping,
		"seeds/later.txt":       goodClipping,
		"seeds/later.meta.toml": "date = 2024-03-05\n",
	})
	files, err = generateFiles(t, dated, "https://example.org/briefing/")
	if err != nil {
		t.Fatal(err)
	}
	if feed, entries := feedUpdated(t, files); feed != "2024-03-05T00:00:00Z" || len(entries) != 2 || entries[0] != feed || entries[1] != feed {
		t.Errorf("with a dated article: feed updated %q, entries %q", feed, entries)
	}
}

// TestFeedsNeedAbsoluteBase: with a root-relative base URL there are no
// feeds and no sitemap, and robots.txt names no sitemap.
func TestFeedsNeedAbsoluteBase(t *testing.T) {
	root := writeSite(t, map[string]string{"seeds/good.txt": goodClipping})
	files, err := generateFiles(t, root, "")
	if err != nil {
		t.Fatal(err)
	}
	for p := range files {
		if strings.HasSuffix(p, "feed.xml") || strings.HasSuffix(p, "feed.json") || strings.HasPrefix(p, "sitemap") {
			t.Errorf("%s made without an absolute base URL", p)
		}
	}
	if got := files["robots.txt"]; got != "User-agent: *\nAllow: /\n" {
		t.Errorf("robots.txt = %q", got)
	}
}

// TestStaticRobotsWins: a site's own static/robots.txt replaces the made one.
func TestStaticRobotsWins(t *testing.T) {
	root := writeSite(t, map[string]string{
		"seeds/good.txt":     goodClipping,
		"static/robots.txt":  "User-agent: *\nDisallow: /\n",
		"static/feed.xml":    "<mine/>",
		"static/sitemap.xml": "<urlset/>",
	})
	files, err := generateFiles(t, root, "https://example.org/")
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"robots.txt": "User-agent: *\nDisallow: /\n", "feed.xml": "<mine/>", "sitemap.xml": "<urlset/>"} {
		if files[p] != want {
			t.Errorf("%s = %q, want the site's own", p, files[p])
		}
	}
	if files["feed.json"] == "" || files["participants/anna-berg/feed.xml"] == "" {
		t.Error("the other feeds are still made")
	}
}
