package source

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestArticles(t *testing.T) {
	fsys := fstest.MapFS{
		"seeds/b.txt":            {Data: []byte("B")},
		"seeds/a.txt":            {Data: []byte("A")},
		"seeds/a.meta.toml":      {Data: []byte("source = \"X\"")},
		"seeds/sub/c.md":         {Data: []byte("# C")},
		"seeds/.DS_Store":        {Data: []byte{0}},
		"seeds/README":           {Data: []byte("readme")},
		"seeds/photo.jpg":        {Data: []byte{1}},
		"seeds/a.txt~":           {Data: []byte("backup")},
		"seeds/.#a.txt":          {Data: []byte("lock")},
		"seeds/orphan.meta.toml": {Data: []byte("")},
		"seeds/.git/config":      {Data: []byte("")},
	}
	files, skipped, err := Articles(fsys, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range files {
		ids = append(ids, f.ID)
	}
	if strings.Join(ids, ",") != "a,b,c" {
		t.Fatalf("ids = %v", ids)
	}
	if files[0].Sidecar == nil || files[0].Sidecar.Path != "seeds/a.meta.toml" {
		t.Errorf("sidecar not attached: %+v", files[0].Sidecar)
	}
	if files[1].Sidecar != nil {
		t.Errorf("b has no sidecar")
	}
	var names []string
	for _, s := range skipped {
		names = append(names, s.Path)
	}
	want := "seeds/.#a.txt,seeds/.DS_Store,seeds/README,seeds/a.txt~,seeds/orphan.meta.toml,seeds/photo.jpg"
	if strings.Join(names, ",") != want {
		t.Errorf("skipped = %v\nwant %s", names, want)
	}
}

func TestArticlesDuplicateID(t *testing.T) {
	fsys := fstest.MapFS{"seeds/a.txt": {Data: []byte("A")}, "seeds/x/a.md": {Data: []byte("A")}}
	_, _, err := Articles(fsys, "seeds")
	if err == nil || !strings.Contains(err.Error(), `seeds/x/a.md: article id "a" is also used by seeds/a.txt`) {
		t.Fatalf("err = %v", err)
	}
}

func TestArticlesMissingFolder(t *testing.T) {
	_, _, err := Articles(fstest.MapFS{}, "seeds")
	if err == nil || !strings.Contains(err.Error(), "content folder seeds") {
		t.Fatalf("err = %v", err)
	}
}

func TestOverlay(t *testing.T) {
	lower := fstest.MapFS{"templates/a.html": {Data: []byte("lower a")}, "templates/b.html": {Data: []byte("lower b")}}
	upper := fstest.MapFS{"templates/b.html": {Data: []byte("upper b")}, "templates/c.html": {Data: []byte("upper c")}}
	o := Overlay(upper, lower)
	for name, want := range map[string]string{"templates/a.html": "lower a", "templates/b.html": "upper b", "templates/c.html": "upper c"} {
		got, err := fs.ReadFile(o, name)
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	entries, err := fs.ReadDir(o, "templates")
	if err != nil || len(entries) != 3 {
		t.Fatalf("ReadDir = %v, %v", entries, err)
	}
	if err := fstest.TestFS(o, "templates/a.html", "templates/b.html", "templates/c.html"); err != nil {
		t.Error(err)
	}
}

func TestLoadRefusesLargeFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"seeds/big.txt":  {Data: make([]byte, 12_000_000)},
		"seeds/near.txt": {Data: make([]byte, 10_000_001)},
		"seeds/ok.txt":   {Data: []byte("Title\n\nBody.\n")},
	}
	for _, tt := range []struct{ path, want string }{
		{"seeds/big.txt", "seeds/big.txt: 12.0 MB is over the 10.0 MB limit for one article (max_article_size in briefing.toml)"},
		{"seeds/near.txt", "seeds/near.txt: 10000001 bytes is over the 10000000 bytes limit for one article (max_article_size in briefing.toml)"},
		{"seeds/ok.txt", ""},
	} {
		f := &File{Path: tt.path}
		err := f.Load(fsys, 10_000_000)
		if got := fmt.Sprint(err); tt.want != "" && got != tt.want || tt.want == "" && err != nil {
			t.Errorf("Load(%s) = %v, want %q", tt.path, err, tt.want)
		}
		if tt.want != "" && f.Data != nil {
			t.Errorf("Load(%s) read the file it refused", tt.path)
		}
	}
}
