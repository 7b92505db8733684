package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefing"
	"briefing/site/corpus"
	"briefing/site/output"
)

// siteEditor makes random changes to a site root and remembers which paths
// each one touched, as a watcher would report them.
type siteEditor struct {
	t       *testing.T
	root    string
	rng     *rand.Rand
	pool    []corpus.File // texts to create articles from
	next    int
	touched []string
}

func (e *siteEditor) abs(p string) string { return filepath.Join(e.root, filepath.FromSlash(p)) }

func (e *siteEditor) write(p string, data []byte) {
	e.t.Helper()
	if err := os.MkdirAll(filepath.Dir(e.abs(p)), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(e.abs(p), data, 0o644); err != nil {
		e.t.Fatal(err)
	}
	e.touched = append(e.touched, p)
}

// articles lists the article files under seeds/.
func (e *siteEditor) articles() []string {
	var out []string
	filepath.WalkDir(e.abs("seeds"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") && !strings.HasSuffix(p, ".meta.toml") {
			rel, _ := filepath.Rel(e.root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// step makes one random change and says what it did.
func (e *siteEditor) step() string {
	e.t.Helper()
	arts := e.articles()
	pick := func() string { return arts[e.rng.IntN(len(arts))] }
	switch op := e.rng.IntN(12); {
	case op == 0 || len(arts) < 3: // create, sometimes in a new folder
		f := e.pool[e.next%len(e.pool)]
		e.next++
		dir := "seeds"
		if e.rng.IntN(3) == 0 {
			dir = fmt.Sprintf("seeds/desk%d", e.rng.IntN(3))
		}
		p := path.Join(dir, fmt.Sprintf("n%03d-%s", e.next, f.Name))
		e.write(p, f.Data)
		return "create " + p
	case op <= 2: // edit: change a paragraph so that participants come and go
		p := pick()
		data, err := os.ReadFile(e.abs(p))
		if err != nil {
			e.t.Fatal(err)
		}
		other := e.pool[e.rng.IntN(len(e.pool))].Data
		paras := bytes.Split(other, []byte("\n\n"))
		para := paras[1+e.rng.IntN(len(paras)-1)]
		if e.rng.IntN(2) == 0 {
			data = append(append(bytes.TrimRight(data, "\n"), "\n\n"...), para...)
			data = append(data, '\n')
		} else {
			mine := bytes.Split(data, []byte("\n\n"))
			if len(mine) > 5 {
				k := 2 + e.rng.IntN(len(mine)-4)
				mine = slices.Delete(mine, k, k+1)
			}
			data = bytes.Join(mine, []byte("\n\n"))
		}
		e.write(p, data)
		return "edit " + p
	case op == 3: // edit the headline only
		p := pick()
		data, _ := os.ReadFile(e.abs(p))
		e.write(p, append([]byte(fmt.Sprintf("Update %d: ", e.rng.IntN(100))), data...))
		return "retitle " + p
	case op == 4: // rename
		p := pick()
		q := path.Join(path.Dir(p), "r"+path.Base(p))
		if err := os.Rename(e.abs(p), e.abs(q)); err != nil {
			e.t.Fatal(err)
		}
		e.touched = append(e.touched, p, q)
		return "rename " + p + " " + q
	case op == 5: // delete
		p := pick()
		if err := os.Remove(e.abs(p)); err != nil {
			e.t.Fatal(err)
		}
		os.Remove(strings.TrimSuffix(e.abs(p), ".txt") + ".meta.toml")
		e.touched = append(e.touched, p, strings.TrimSuffix(p, ".txt")+".meta.toml")
		return "delete " + p
	case op == 6: // add or change a sidecar: a date moves the article and its event
		p := pick()
		for _, a := range arts { // prefer changing a sidecar that exists
			if _, err := os.Stat(e.abs(strings.TrimSuffix(a, ".txt") + ".meta.toml")); err == nil && e.rng.IntN(2) == 0 {
				p = a
				break
			}
		}
		side := strings.TrimSuffix(p, ".txt") + ".meta.toml"
		e.write(side, []byte(fmt.Sprintf("date = 2024-%02d-%02d\nsource = \"Desk %d\"\n", 1+e.rng.IntN(12), 1+e.rng.IntN(28), e.rng.IntN(5))))
		return "sidecar " + side
	case op == 7: // a same-size rewrite: only the hash can tell
		p := pick()
		data, _ := os.ReadFile(e.abs(p))
		if i := bytes.IndexByte(data, 'e'); i >= 0 {
			data[i] = 'a'
		}
		e.write(p, data)
		return "same-size edit " + p
	case op == 9: // override a page template, or drop the override
		if e.rng.IntN(3) == 0 {
			os.Remove(e.abs("templates/article.html"))
			e.touched = append(e.touched, "templates/article.html")
			return "drop template"
		}
		src, err := fs.ReadFile(briefing.Theme(), "templates/article.html")
		if err != nil {
			e.t.Fatal(err)
		}
		e.write("templates/article.html", append(src, fmt.Sprintf("{{/* v%d */}}<!-- v%d -->\n", e.next, e.rng.IntN(1000))...))
		return "template"
	case op == 10: // change a partial that every page uses
		src, err := fs.ReadFile(briefing.Theme(), "templates/_parts.html")
		if err != nil {
			e.t.Fatal(err)
		}
		e.write("templates/_parts.html", bytes.Replace(src, []byte("<footer"), fmt.Appendf(nil, "<!-- %d --><footer", e.rng.IntN(1000)), 1))
		return "partial"
	case op == 11: // add or change a static file
		switch e.rng.IntN(3) {
		case 0: // the stylesheet every page links, by its fingerprint
			src, err := fs.ReadFile(briefing.Theme(), "static/style.css")
			if err != nil {
				e.t.Fatal(err)
			}
			e.write("static/style.css", fmt.Appendf(src, "\nbody { margin: %dpx; }\n", e.rng.IntN(50)))
			return "static style.css"
		case 1: // a file that keeps its name
			e.write("static/notes.txt", fmt.Appendf(nil, "note %d\n", e.rng.IntN(50)))
			return "static notes.txt"
		}
		e.write(fmt.Sprintf("static/extra%d.css", e.rng.IntN(2)), fmt.Appendf(nil, "body{margin:%dpx}\n", e.rng.IntN(50)))
		return "static"
	default: // remove a whole folder
		var dirs []string
		for _, a := range arts {
			if d := path.Dir(a); d != "seeds" && !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
		if len(dirs) == 0 {
			return "nothing"
		}
		d := dirs[e.rng.IntN(len(dirs))]
		if err := os.RemoveAll(e.abs(d)); err != nil {
			e.t.Fatal(err)
		}
		e.touched = append(e.touched, d)
		return "remove folder " + d
	}
}

// TestIncrementalMatchesCleanBuild makes random sequences of creates,
// edits, renames and deletes, rebuilding after each with the paths it
// touched, and compares the site, in memory and on disk, with a clean build.
func TestIncrementalMatchesCleanBuild(t *testing.T) {
	pool := corpus.Generate(corpus.Options{Seed: 7, Articles: 60})
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			root := t.TempDir()
			e := &siteEditor{t: t, root: root, rng: rand.New(rand.NewPCG(seed, 99)), pool: pool[20:]}
			for _, f := range pool[:20] {
				e.write("seeds/"+f.Name, f.Data)
			}
			// The last seed also writes compressed variants, checked
			// against a clean build on disk; the second minifies.
			opts := Options{Source: root, Theme: briefing.Theme(), Compress: seed == 3, Minify: seed == 2}
			dest := filepath.Join(root, "public")
			b := NewBuilder(opts)
			steps := 25
			if testing.Short() {
				steps = 8
			}
			var history []string
			for i := 0; i <= steps; i++ {
				var changed []string
				if i > 0 {
					e.touched = nil
					history = append(history, e.step())
					changed = e.touched
					if e.rng.IntN(4) == 0 {
						history = append(history, e.step()) // two changes in one batch
						changed = e.touched
					}
				}
				r, err := b.Build(context.Background(), changed)
				if err != nil {
					t.Fatalf("after %v: %v", history, err)
				}
				if err := b.Write(context.Background(), dest, r); err != nil {
					t.Fatal(err)
				}
				if opts.Compress {
					clean := filepath.Join(t.TempDir(), "public")
					if _, err := Run(context.Background(), Options{Source: root, Destination: clean, Theme: briefing.Theme(), Compress: true}); err != nil {
						t.Fatal(err)
					}
					compareTrees(t, history, tree(t, clean), tree(t, dest))
				}
				want, err := Generate(context.Background(), opts)
				if err != nil {
					t.Fatal(err)
				}
				got := tree(t, dest)
				for p := range got {
					if opts.Compress && (strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br")) {
						delete(got, p)
					}
				}
				compareSite(t, history, want.Files, r, got)
				if i > 0 && r.Reread > 2*len(changed) {
					t.Errorf("after %v: %d articles read again for %d changed paths", history, r.Reread, len(changed))
				}
			}
		})
	}
}

func compareTrees(t *testing.T, history []string, want, got map[string][]byte) {
	t.Helper()
	for p, data := range want {
		if !bytes.Equal(got[p], data) {
			t.Fatalf("after %v: %s differs on disk from a clean build (%d bytes, want %d)", history, p, len(got[p]), len(data))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Fatalf("after %v: %s is on disk but not in a clean build", history, p)
		}
	}
}

func compareSite(t *testing.T, history []string, want []output.File, r *Rebuild, disk map[string][]byte) {
	t.Helper()
	if len(want) != len(r.Paths) || len(want) != len(disk) {
		t.Fatalf("after %v: clean build has %d files, incremental %d in memory, %d on disk", history, len(want), len(r.Paths), len(disk))
	}
	for i, f := range want {
		if r.Paths[i] != f.Path {
			t.Fatalf("after %v: file %d is %s, want %s", history, i, r.Paths[i], f.Path)
		}
		if got, _ := r.Site.Lookup(f.Path); !bytes.Equal(got, f.Data) {
			t.Fatalf("after %v: %s differs in memory from a clean build: %s", history, f.Path, firstDiff(f.Data, got))
		}
		if !bytes.Equal(disk[f.Path], f.Data) {
			t.Fatalf("after %v: %s differs on disk from a clean build: %s", history, f.Path, firstDiff(f.Data, disk[f.Path]))
		}
	}
}

// corpusSite writes a site root of n generated clippings and returns them,
// also as a map from site path to text, and the root.
func corpusSite(t *testing.T, seed int64, n int) ([]corpus.File, map[string]string, string) {
	t.Helper()
	pool := corpus.Generate(corpus.Options{Seed: seed, Articles: n})
	files := map[string]string{}
	for _, f := range pool {
		files["seeds/"+f.Name] = string(f.Data)
	}
	return pool, files, writeSite(t, files)
}

// TestIncrementalReportsChanges checks what one edit costs and reports:
// one article read again, the files that changed listed, nothing else.
func TestIncrementalReportsChanges(t *testing.T) {
	pool, _, root := corpusSite(t, 3, 12)
	b := NewBuilder(Options{Source: root, Theme: briefing.Theme()})
	first, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Reread != 12 || len(first.Changed) != len(first.Paths) {
		t.Fatalf("first build: reread %d, changed %d of %d", first.Reread, len(first.Changed), len(first.Paths))
	}
	again, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Reread != 0 || len(again.Changed) != 0 || len(again.Removed) != 0 {
		t.Fatalf("unchanged rebuild: reread %d, changed %v, removed %v", again.Reread, again.Changed, again.Removed)
	}
	name := pool[4].Name
	p := filepath.Join(root, "seeds", name)
	data, _ := os.ReadFile(p)
	os.WriteFile(p, append(data, "\nA closing line from Ottilie Marchbanks, the new envoy.\n"...), 0o644)
	edit, err := b.Build(context.Background(), []string{"seeds/" + name})
	if err != nil {
		t.Fatal(err)
	}
	if edit.Reread != 1 {
		t.Errorf("edit: %d articles read again, want 1", edit.Reread)
	}
	slug := strings.TrimSuffix(name, ".txt")
	if !slices.Contains(edit.Changed, "articles/"+slug+"/index.html") {
		t.Errorf("edit: the article's page is not among the changed files %v", edit.Changed)
	}
	if len(edit.Changed) >= len(edit.Paths)/2 {
		t.Errorf("edit: %d of %d files changed", len(edit.Changed), len(edit.Paths))
	}
	os.Remove(p)
	del, err := b.Build(context.Background(), []string{"seeds/" + name})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(del.Removed, "articles/"+slug+"/index.html") {
		t.Errorf("delete: the article's page is not among the removed files %v", del.Removed)
	}

	// A failed build keeps the last good site for the next one.
	os.WriteFile(filepath.Join(root, "seeds", "bad.txt"), []byte("\xff\xfe"), 0o644)
	if _, err := b.Build(context.Background(), []string{"seeds/bad.txt"}); err == nil {
		t.Fatal("a file of invalid UTF-8 built")
	}
	os.Remove(filepath.Join(root, "seeds", "bad.txt"))
	fixed, err := b.Build(context.Background(), []string{"seeds/bad.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fixed.Changed) != 0 || len(fixed.Removed) != 0 {
		t.Errorf("after the fix: changed %v, removed %v; want the site as before the failure", fixed.Changed, fixed.Removed)
	}
}

// TestIncrementalAfterFailure checks that a build that failed is not
// forgotten: later changes elsewhere must not hide the broken file.
func TestIncrementalAfterFailure(t *testing.T) {
	pool, files, root := corpusSite(t, 5, 6)
	opts := Options{Source: root, Theme: briefing.Theme()}
	b := NewBuilder(opts)
	ctx := context.Background()
	if _, err := b.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	broken := "seeds/" + pool[2].Name
	os.WriteFile(filepath.Join(root, broken), []byte("Headline\n\n\xff\xfe body\n"), 0o644)
	if _, err := b.Build(ctx, []string{broken}); err == nil {
		t.Fatal("a file of invalid UTF-8 built")
	}
	// A change elsewhere, content or theme, still fails.
	other := "seeds/" + pool[3].Name
	os.WriteFile(filepath.Join(root, other), append([]byte(files[other]), "\nOne more line.\n"...), 0o644)
	if _, err := b.Build(ctx, []string{other}); err == nil {
		t.Fatal("an unrelated edit hid the broken file")
	}
	os.MkdirAll(filepath.Join(root, "static"), 0o755)
	os.WriteFile(filepath.Join(root, "static", "x.css"), []byte("p{}"), 0o644)
	if _, err := b.Build(ctx, []string{"static/x.css"}); err == nil {
		t.Fatal("a static file change hid the broken file")
	}
	// Fixing it builds what a clean build makes.
	os.WriteFile(filepath.Join(root, broken), []byte(files[broken]), 0o644)
	r, err := b.Build(ctx, []string{broken})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if err := b.Write(ctx, dest, r); err != nil {
		t.Fatal(err)
	}
	compareSite(t, []string{"fix"}, want.Files, r, tree(t, dest))
}

// TestLazyFallsBackOnRenderError checks that while a template fails to
// execute, the preview keeps answering with the last good page.
func TestLazyFallsBackOnRenderError(t *testing.T) {
	root := writeSite(t, map[string]string{"seeds/good.txt": goodClipping})
	b := NewBuilder(Options{Source: root, Theme: briefing.Theme()})
	ctx := context.Background()
	good, err := b.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	const page = "articles/good/index.html"
	want, ok := good.Site.Lookup(page)
	if !ok {
		t.Fatalf("no %s in %v", page, good.Paths)
	}
	os.MkdirAll(filepath.Join(root, "templates"), 0o755)
	os.WriteFile(filepath.Join(root, "templates", "article.html"), []byte("{{define \"main\"}}\n{{.Nope}}{{end}}"), 0o644)
	l, err := b.Prepare(ctx, []string{"templates/article.html"})
	if err != nil {
		t.Fatal(err) // it parses; it fails only when executed
	}
	if got, ok := l.Lookup(page); !ok || !bytes.Equal(got, want) {
		t.Errorf("a page that fails to render: got %d bytes (found %v), want the last good page", len(got), ok)
	}
	if _, err := b.Finish(ctx, l); err == nil || !strings.Contains(err.Error(), "templates/article.html:2:") {
		t.Fatalf("Finish: err = %v, want the template's file and line", err)
	}
	os.Remove(filepath.Join(root, "templates", "article.html"))
	fixed, err := b.Build(ctx, []string{"templates/article.html"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := fixed.Site.Lookup(page); !bytes.Equal(got, want) {
		t.Error("after the fix the page differs from the first build")
	}
}

// TestIncrementalStaticFingerprint checks what a static file change costs
// and makes: a change to a stylesheet changes its fingerprinted name and
// so every page, which are rendered again; a file that keeps its name
// changes no page; a robots.txt of the site's own replaces the generated
// one and gives it back when removed.
func TestIncrementalStaticFingerprint(t *testing.T) {
	for _, minify := range []bool{false, true} {
		t.Run(fmt.Sprint("minify=", minify), func(t *testing.T) {
			pool := corpus.Generate(corpus.Options{Seed: 4, Articles: 8})
			files := map[string]string{"briefing.toml": "base_url = \"https://example.org/\"\n"}
			for _, f := range pool {
				files["seeds/"+f.Name] = string(f.Data)
			}
			root := writeSite(t, files)
			opts := Options{Source: root, Theme: briefing.Theme(), Minify: minify}
			b := NewBuilder(opts)
			ctx := context.Background()
			first, err := b.Build(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			pagesN := first.Rendered
			check := func(what string, r *Rebuild) {
				t.Helper()
				want, err := Generate(ctx, opts)
				if err != nil {
					t.Fatal(err)
				}
				dest := filepath.Join(t.TempDir(), "public")
				if err := b.Write(ctx, dest, r); err != nil {
					t.Fatal(err)
				}
				compareSite(t, []string{what}, want.Files, r, tree(t, dest))
			}
			write := func(p, data string) {
				os.MkdirAll(filepath.Join(root, "static"), 0o755)
				if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			src, _ := fs.ReadFile(briefing.Theme(), "static/style.css")
			write("static/style.css", string(src)+"\nbody { margin: 0; }\n")
			r, err := b.Build(ctx, []string{"static/style.css"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Reread != 0 || r.Rendered != pagesN {
				t.Errorf("style.css: %d read, %d of %d pages rendered; want none read and all rendered", r.Reread, r.Rendered, pagesN)
			}
			var css []string
			for _, p := range r.Changed {
				if strings.HasSuffix(p, ".css") {
					css = append(css, p)
				}
			}
			if len(css) != 1 || !strings.HasPrefix(css[0], "style.") || len(r.Removed) != 1 || !strings.HasPrefix(r.Removed[0], "style.") {
				t.Errorf("style.css: changed %v, removed %v; want the old fingerprinted name replaced by a new one", css, r.Removed)
			}
			if !slices.Contains(r.Changed, "index.html") {
				t.Errorf("style.css: index.html is not among the changed files")
			}
			check("style.css", r)

			// The same bytes again: the same name, nothing rendered.
			write("static/style.css", string(src)+"\nbody { margin: 0; }\n")
			if r, err = b.Build(ctx, []string{"static/style.css"}); err != nil {
				t.Fatal(err)
			}
			if r.Rendered != 0 || len(r.Changed) != 0 {
				t.Errorf("style.css unchanged: %d pages rendered, changed %v", r.Rendered, r.Changed)
			}

			write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
			if r, err = b.Build(ctx, []string{"static/logo.svg"}); err != nil {
				t.Fatal(err)
			}
			if r.Rendered != 0 || !slices.Equal(r.Changed, []string{"logo.svg"}) {
				t.Errorf("logo.svg: %d pages rendered, changed %v; want none and the file", r.Rendered, r.Changed)
			}
			check("logo.svg", r)

			write("static/robots.txt", "User-agent: *\nDisallow: /\n")
			if r, err = b.Build(ctx, []string{"static/robots.txt"}); err != nil {
				t.Fatal(err)
			}
			if got, _ := r.Site.Lookup("robots.txt"); string(got) != "User-agent: *\nDisallow: /\n" {
				t.Errorf("robots.txt of the site's own: got %q", got)
			}
			check("robots.txt", r)
			os.Remove(filepath.Join(root, "static", "robots.txt"))
			if r, err = b.Build(ctx, []string{"static/robots.txt"}); err != nil {
				t.Fatal(err)
			}
			if got, _ := r.Site.Lookup("robots.txt"); !strings.Contains(string(got), "Sitemap:") {
				t.Errorf("robots.txt removed: got %q, want the generated one back", got)
			}
			check("robots.txt removed", r)
		})
	}
}

func TestReadCacheDirty(t *testing.T) {
	var c readCache
	c.changed([]string{"seeds/desk", "seeds/a.txt"})
	for p, want := range map[string]bool{
		"seeds/a.txt": true, "seeds/desk/b.txt": true, "seeds/desk/x/c.txt": true,
		"seeds/b.txt": false, "seeds/desk2/b.txt": false, "seeds/a.txt.meta.toml": false,
	} {
		if got := c.isDirty(p); got != want {
			t.Errorf("isDirty(%q) = %v, want %v", p, got, want)
		}
	}
	c.changed([]string{"."})
	if !c.isDirty("seeds/b.txt") {
		t.Error("a change to the root does not touch everything")
	}
}
