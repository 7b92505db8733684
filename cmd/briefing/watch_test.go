package main

import (
	"testing"
	"time"

	"briefing/site/build"
)

// TestRebuildLine checks the line printed after each rebuild: what
// changed, the counts, and when the new site (and, when an edited
// article's page was served first, that page) was served.
func TestRebuildLine(t *testing.T) {
	r := &build.Rebuild{Reread: 1, Rendered: 32, Changed: []string{"a", "b"}, Removed: nil, Elapsed: 968 * time.Millisecond}
	changed := []string{"seeds/a.txt"}
	for _, tt := range []struct {
		early, ready time.Duration
		want         string
	}{
		{0, 0, "changed seeds/a.txt: 1 article read, 32 pages rendered, 2 files changed, 0 removed in 968 ms"},
		{0, 120 * time.Millisecond, "changed seeds/a.txt: 1 article read, 32 pages rendered, 2 files changed, 0 removed in 968 ms (served after 120 ms)"},
		{1500 * time.Microsecond, 970 * time.Millisecond, "changed seeds/a.txt: 1 article read, 32 pages rendered, 2 files changed, 0 removed in 968 ms (its page served after 1 ms, the site after 970 ms)"},
	} {
		if got := rebuildLine(changed, r, tt.early, tt.ready); got != tt.want {
			t.Errorf("rebuildLine(early %v, ready %v) =\n %q\nwant\n %q", tt.early, tt.ready, got, tt.want)
		}
	}
	one := &build.Rebuild{Reread: 5, Rendered: 1, Changed: []string{"a"}, Elapsed: 42 * time.Millisecond}
	if got, want := rebuildLine(nil, one, 0, 0), "built 5 articles read, 1 page rendered, 1 file changed, 0 removed in 42 ms"; got != want {
		t.Errorf("first build: %q, want %q", got, want)
	}
}
