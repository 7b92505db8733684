package build

import (
	"context"
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"briefing/site/config"
	"briefing/site/source"
)

// A file deleted after the content folder was listed, before it was read,
// fails the build with a message naming it: the site would otherwise be
// made from a folder that no longer exists as listed.
func TestFileDeletedDuringBuild(t *testing.T) {
	fsys := fstest.MapFS{
		"seeds/a.txt":       {Data: []byte("Council approves the budget\n\nThe council met on Tuesday.\n")},
		"seeds/b.txt":       {Data: []byte("Mayor resigns\n\nThe mayor resigned on Wednesday.\n")},
		"seeds/b.meta.toml": {Data: []byte("source = \"Daily\"\n")},
	}
	files, _, err := source.Articles(fsys, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := newReaders(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"seeds/b.txt", "seeds/b.meta.toml"} {
		t.Run(gone, func(t *testing.T) {
			fsys := maps.Clone(fsys)
			delete(fsys, gone)
			files := slices.Clone(files)
			_, err := readAll(context.Background(), fsys, files, rs, false, nil)
			want := gone + ": removed while the build was reading it; build again: file does not exist"
			if err == nil || err.Error() != want {
				t.Fatalf("readAll: %v, want %q", err, want)
			}
		})
	}
}
