package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"hash/maphash"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"briefing/site/assets"
	"briefing/site/compress"
	"briefing/site/config"
	"briefing/site/index"
	"briefing/site/output"
	"briefing/site/pages"
	"briefing/site/render"
	"briefing/site/source"
)

// Builder builds one site again and again, for watch mode and the preview
// server. Articles whose files did not change are not read or annotated
// again (they are recognised by size and time, or by content hash), and
// each build reports which output files changed, which it tells by a hash
// of every file kept from the last build. The result is always
// byte-identical to a clean build of the same sources.
//
// A Builder is not safe for concurrent use.
type Builder struct {
	opts  Options
	cache readCache
	seed  maphash.Seed
	sums  map[string]fileSum // the last good site's files
	last  *Lazy              // the site of the last Prepare, if it succeeded
	done  *Lazy              // the last site Finish completed; sums are its files
	// pending holds the changes of failed builds, which the next build
	// must look at again; unknown is set when one of them did not know.
	pending []string
	unknown bool
}

// fileSum identifies a file's contents.
type fileSum struct {
	size int
	hash uint64
}

// NewBuilder returns a Builder for the site that opts describes.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts, seed: maphash.MakeSeed()}
}

// Rebuild is the outcome of one Builder.Build.
type Rebuild struct {
	*Result
	Site     *Lazy             // the new site; its pages are rendered again on each Lookup
	Paths    []string          // every file of the site, sorted
	Changed  []string          // files added or changed since the last good build, sorted
	Removed  []string          // files gone since the last good build, sorted
	Reread   int               // articles read and annotated again
	Rendered int               // pages rendered
	Elapsed  time.Duration     // from the start of Build or Prepare
	changed  map[string][]byte // the bytes of the Changed files
}

// Build builds the site. changed lists the paths (relative to the site
// root, slash-separated; files or folders) that changed since the last
// call; nil means unknown, and then every article's size and modification
// time are compared with the last build's. On error the Builder keeps the
// last good site and the next Build starts from it.
func (b *Builder) Build(ctx context.Context, changed []string) (*Rebuild, error) {
	l, err := b.Prepare(ctx, changed)
	if err != nil {
		return nil, err
	}
	return b.Finish(ctx, l)
}

// Prepare reads (what changed), indexes and lays out the site but renders
// nothing: the Lazy it returns renders a page when it is looked up.
// Finish then renders what may have changed and makes the site the last
// good one. When only theme files changed, the content is not read or
// indexed again: a changed page template marks only the pages of its kind
// for rendering; a static file change marks every page when it changes a
// fingerprinted name (pages link stylesheets and scripts by those), else
// none.
func (b *Builder) Prepare(ctx context.Context, changed []string) (*Lazy, error) {
	start := time.Now()
	if changed == nil || b.unknown {
		changed = nil
	} else {
		changed = slices.Concat(b.pending, changed)
	}
	l, err := b.prepare(ctx, changed, start)
	if err != nil {
		b.last, b.pending, b.unknown = nil, changed, changed == nil
		return nil, err
	}
	b.last, b.pending, b.unknown = l, nil, false
	if b.done != nil {
		l.fallback.Store(b.done)
	}
	return l, nil
}

func (b *Builder) prepare(ctx context.Context, changed []string, start time.Time) (*Lazy, error) {
	if l, ok, err := b.themeOnly(changed, start); ok || err != nil {
		return l, err
	}
	b.cache.changed(changed)
	m, err := prepare(ctx, b.opts, &b.cache)
	if err != nil {
		return nil, err
	}
	return newLazy(m, start, b.cache.reread, nil, &lazyData{})
}

// themeOnly prepares the site again from the last one when every change
// is to a theme file. ok is false when some change is not.
func (b *Builder) themeOnly(changed []string, start time.Time) (l *Lazy, ok bool, err error) {
	if b.last == nil || b.last != b.done || changed == nil {
		return nil, false, nil
	}
	kinds := map[pages.Kind]bool{}
	templates, all, static, shadows := false, false, false, false
	for _, p := range changed {
		switch {
		case p == "static" || strings.HasPrefix(p, "static/"):
			static = true
			// A file at the top of static/ may hide a data file of the
			// same name (robots.txt), or stop hiding it.
			name := strings.TrimPrefix(strings.TrimPrefix(p, "static"), "/")
			shadows = shadows || !strings.Contains(name, "/") && !assets.Fingerprinted(name)
		case p == "templates":
			templates, all = true, true
		case strings.HasPrefix(p, "templates/"):
			templates = true
			name := strings.TrimPrefix(p, "templates/")
			if k := pages.Kind(strings.TrimSuffix(name, ".html")); name != string(k) && !strings.Contains(name, "/") && render.IsPageKind(k) {
				kinds[k] = true
			} else {
				all = true // the layout, a partial: every page
			}
		default:
			return nil, false, nil
		}
	}
	m := *b.last.m
	m.res = &Result{Config: m.res.Config, Site: m.res.Site, Pages: m.res.Pages, Skipped: m.res.Skipped}
	m.timer = time.Now()
	data := b.last.data
	if static {
		var fingerprints map[string]render.Asset
		if m.static, fingerprints, err = m.assetFiles(); err != nil {
			return nil, true, err
		}
		if !maps.Equal(fingerprints, m.assets) {
			m.assets = fingerprints
			templates, all = true, true // every page links the new names
		}
		if shadows {
			data = &lazyData{}
		}
	}
	if templates {
		if m.rd, err = newRenderer(m.theme, m.router, m.res.Config, m.assets); err != nil {
			return nil, true, err
		}
	}
	if all {
		kinds = nil
	}
	l, err = newLazy(&m, start, 0, kinds, data)
	return l, true, err
}

// newLazy makes the lazily rendered site of m. Only pages of the kinds in
// render are rendered by Finish (all when render is nil); the others are
// known to be as in the last build.
func newLazy(m *model, start time.Time, reread int, render map[pages.Kind]bool, data *lazyData) (*Lazy, error) {
	l := &Lazy{m: m, start: start, reread: reread, render: render, data: data,
		pages: make(map[string]*pages.Page, len(m.list)), static: make(map[string][]byte, len(m.static))}
	for _, p := range m.list {
		l.pages[pages.File(p.Path)] = p
	}
	for _, f := range m.static {
		_, page := l.pages[f.Path]
		if _, dup := l.static[f.Path]; dup || page {
			return nil, duplicateOutput(f.Path)
		}
		l.static[f.Path] = f.Data
	}
	l.buf.New = func() any { return newPageBuffers() }
	return l, nil
}

// Finish renders every page of l and makes the data files, compares each
// file with the last good site, and makes l the last good site.
func (b *Builder) Finish(ctx context.Context, l *Lazy) (*Rebuild, error) {
	m := l.m
	m.timer = time.Now()
	sums := make(map[string]fileSum, len(l.pages)+len(l.static)+16)
	r := &Rebuild{Result: m.res, Site: l, Reread: l.reread, changed: map[string][]byte{}}
	var mu sync.Mutex
	add := func(path string, data []byte, keep bool) error {
		sum := fileSum{len(data), maphash.Bytes(b.seed, data)}
		mu.Lock()
		defer mu.Unlock()
		if _, dup := sums[path]; dup {
			return duplicateOutput(path)
		}
		sums[path] = sum
		if old, ok := b.sums[path]; !ok || old != sum {
			if !keep {
				data = bytes.Clone(data)
			}
			r.changed[path] = data
		}
		return nil
	}
	list := m.list
	if l.render != nil {
		list = nil
		for _, p := range m.list {
			path := pages.File(p.Path)
			if old, ok := b.sums[path]; ok && !l.render[p.Kind] {
				sums[path] = old
			} else {
				list = append(list, p)
			}
		}
	}
	r.Rendered = len(list)
	err := summarizeRenderErrors(forEach(ctx, len(list), nil, newPageBuffers, func(bufs *pageBuffers, i int) error {
		path, data, err := m.renderPage(bufs, list[i])
		if err != nil {
			return err
		}
		return add(path, data, false)
	}))
	if err != nil {
		return nil, err
	}
	m.stage("render")
	data, err := l.exported()
	if err != nil {
		return nil, err
	}
	for path, out := range data {
		if err := add(path, out, true); err != nil {
			return nil, err
		}
	}
	for path, out := range l.static {
		if err := add(path, out, true); err != nil {
			return nil, err
		}
	}
	m.stage("export")
	for p := range sums {
		r.Paths = append(r.Paths, p)
		if _, ok := r.changed[p]; ok {
			r.Changed = append(r.Changed, p)
		}
	}
	for p := range b.sums {
		if _, ok := sums[p]; !ok {
			r.Removed = append(r.Removed, p)
		}
	}
	slices.Sort(r.Paths)
	slices.Sort(r.Changed)
	slices.Sort(r.Removed)
	b.sums, b.done = sums, l
	l.fallback.Store(nil)
	r.Elapsed = time.Since(l.start)
	return r, nil
}

// Write makes the destination folder hold exactly the site of r, the
// Builder's last good build, which must follow the build last written to
// dest: the files r changed are written, every other file is linked from
// the folder's current contents, and the new folder is swapped in as one
// step. If writing fails, the next Write writes every file.
func (b *Builder) Write(ctx context.Context, dest string, r *Rebuild) error {
	paths, changed, lookup := r.Paths, r.changed, r.Site.Lookup
	if b.opts.Compress {
		var err error
		if paths, changed, lookup, err = withVariants(r, b.sums); err != nil {
			return err
		}
	}
	err := output.Patch(ctx, dest, paths, changed, lookup)
	if err != nil {
		b.sums, b.done = nil, nil
	}
	return err
}

// withVariants adds the compressed variants (.gz, .br) of r's files: made
// afresh for the files that changed, linked like their originals otherwise.
func withVariants(r *Rebuild, sums map[string]fileSum) ([]string, map[string][]byte, func(string) ([]byte, bool), error) {
	changed := make(map[string][]byte, 3*len(r.changed))
	for p, data := range r.changed {
		changed[p] = data
		vs, err := compress.Variants(p, data)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, v := range vs {
			changed[v.Path] = v.Data
		}
	}
	paths := make([]string, 0, len(r.Paths)*2)
	for _, p := range r.Paths {
		paths = append(paths, p)
		if compress.Compressible(p) && sums[p].size >= compress.MinSize {
			paths = append(paths, p+".gz", p+".br")
		}
	}
	slices.Sort(paths)
	// A variant missing from the destination is made from its original.
	lookup := func(p string) ([]byte, bool) {
		for _, ext := range []string{".gz", ".br"} {
			if orig, ok := strings.CutSuffix(p, ext); ok && compress.Compressible(orig) {
				data, ok := r.Site.Lookup(orig)
				if !ok {
					return nil, false
				}
				vs, err := compress.Variants(orig, data)
				if err != nil {
					return nil, false
				}
				for _, v := range vs {
					if v.Path == p {
						return v.Data, true
					}
				}
				return nil, false
			}
		}
		return r.Site.Lookup(p)
	}
	return paths, changed, lookup, nil
}

// Lazy is a site laid out but not rendered: Lookup renders a page each
// time it is asked for. It is safe for concurrent use.
type Lazy struct {
	m      *model
	start  time.Time
	reread int
	pages  map[string]*pages.Page // by output path, "articles/x/index.html"
	render map[pages.Kind]bool    // the kinds of page Finish renders; nil: all
	static map[string][]byte
	data   *lazyData // shared by sites of the same content
	buf    sync.Pool
	// fallback is the last good site, whose page is served when a page
	// fails to render, until Finish has found this site good.
	fallback atomic.Pointer[Lazy]
}

// lazyData is the JSON export of a site, made when first needed.
type lazyData struct {
	once  sync.Once
	files map[string][]byte
	err   error
}

// Reread is how many articles were read and annotated again.
func (l *Lazy) Reread() int { return l.reread }

// Lookup returns the file at path, rendering it if it is a page. A page
// that fails to render (Finish reports the error) is taken from the last
// good site, or reported as missing when there is none.
func (l *Lazy) Lookup(path string) ([]byte, bool) {
	if p := l.pages[path]; p != nil {
		bufs := l.buf.Get().(*pageBuffers)
		defer l.buf.Put(bufs)
		_, data, err := l.m.renderPage(bufs, p)
		if err != nil {
			if fb := l.fallback.Load(); fb != nil {
				return fb.Lookup(path)
			}
			return nil, false
		}
		return bytes.Clone(data), true
	}
	if out, ok := l.static[path]; ok {
		return out, true
	}
	data, err := l.exported()
	if err != nil {
		return nil, false
	}
	out, ok := data[path]
	return out, ok
}

// exported returns the data files (the JSON export), made once.
func (l *Lazy) exported() (map[string][]byte, error) {
	d := l.data
	d.once.Do(func() {
		files, err := l.m.minifiedDataFiles()
		if err != nil {
			d.err = err
			return
		}
		d.files = make(map[string][]byte, len(files))
		for _, f := range files {
			d.files[f.Path] = f.Data
		}
	})
	return d.files, d.err
}

// readCache holds what reading and extraction made of each article file.
type readCache struct {
	cfg     *config.Config // the configuration the readers were made for
	rs      readers
	entries map[string]*cacheEntry // by article path
	index   *index.Cache           // for the inputs of entries

	dirty  map[string]bool // paths changed since the last build, when known
	known  bool            // dirty is known
	reread int             // files read again by the last readAll
}

// cacheEntry is one article file as last read.
type cacheEntry struct {
	file  source.File // without its contents
	stamp stamp
	sum   [sha256.Size]byte
	input index.Input // Article is set even for a draft
}

// stamp is what a file's metadata says of its contents: size and
// modification time, of the article and of its sidecar.
type stamp struct {
	sidecar           string
	size, sideSize    int64
	mtime, sideMtime  time.Time
	hasSide, statFail bool
}

// changed records the paths changed since the last build.
func (c *readCache) changed(paths []string) {
	c.known = paths != nil
	c.dirty = make(map[string]bool, len(paths))
	for _, p := range paths {
		c.dirty[p] = true
	}
	for _, p := range paths {
		if p == config.FileName {
			c.cfg = nil // the configuration is read again and compared
		}
	}
}

// valid reports whether the cache was filled with readers for cfg.
func (c *readCache) valid(cfg config.Config) bool {
	return c.cfg != nil && reflect.DeepEqual(*c.cfg, cfg)
}

// reset empties the cache for new readers.
func (c *readCache) reset(cfg config.Config, rs readers) {
	c.cfg, c.rs, c.entries, c.index = &cfg, rs, map[string]*cacheEntry{}, index.NewCache()
}

// isDirty reports whether a change touched p or a folder above it (the
// root included, as "" or ".").
func (c *readCache) isDirty(p string) bool {
	if c.dirty[""] {
		return true
	}
	for ; p != "." && p != "/"; p = path.Dir(p) {
		if c.dirty[p] {
			return true
		}
	}
	return c.dirty["."]
}

// readAll is readAll with the cache: files that did not change are taken
// from it; the others are read, and annotated unless their contents are
// unchanged.
func (c *readCache) readAll(ctx context.Context, fsys fs.FS, files []source.File, drafts bool, report func(done, total int)) ([]index.Input, error) {
	entries := make([]*cacheEntry, len(files))
	var todo []int
	for i, f := range files {
		e := c.entries[f.Path]
		if e == nil || !c.fresh(fsys, f, e) {
			todo = append(todo, i)
			continue
		}
		entries[i] = e
	}
	err := forEach(ctx, len(todo), report, func() struct{} { return struct{}{} }, func(_ struct{}, k int) error {
		i := todo[k]
		f := files[i]
		st := statFile(fsys, f)
		if err := f.Load(fsys, c.rs.maxSize); err != nil {
			return err
		}
		sum := contentSum(f)
		if e := c.entries[f.Path]; e != nil && e.sum == sum {
			entries[i] = &cacheEntry{file: unloaded(f), stamp: st, sum: sum, input: e.input}
			return nil
		}
		a, err := c.rs.read(f)
		if err != nil {
			return err
		}
		entries[i] = &cacheEntry{file: unloaded(f), stamp: st, sum: sum, input: annotate(a, c.rs.x)}
		return nil
	})
	c.reread = len(todo)
	if err != nil {
		return nil, err
	}
	next := make(map[string]*cacheEntry, len(files))
	inputs := make([]index.Input, 0, len(files))
	for i, e := range entries {
		next[files[i].Path] = e
		if !e.input.Article.Draft || drafts {
			inputs = append(inputs, e.input)
		}
	}
	c.entries = next
	return inputs, nil
}

// fresh reports whether the cached entry still holds f's contents: no
// change touched it and, when the changes are not known, its size and
// modification time are the same.
func (c *readCache) fresh(fsys fs.FS, f source.File, e *cacheEntry) bool {
	sidecar := ""
	if f.Sidecar != nil {
		sidecar = f.Sidecar.Path
	}
	if e.stamp.sidecar != sidecar || e.stamp.statFail {
		return false
	}
	if c.known {
		return !c.isDirty(f.Path) && (sidecar == "" || !c.isDirty(sidecar))
	}
	return statFile(fsys, f) == e.stamp
}

// statFile returns f's stamp; a file that cannot be stat'ed gets a stamp
// that never matches.
func statFile(fsys fs.FS, f source.File) stamp {
	var st stamp
	fi, err := fs.Stat(fsys, f.Path)
	if err != nil {
		st.statFail = true
		return st
	}
	st.size, st.mtime = fi.Size(), fi.ModTime()
	if f.Sidecar != nil {
		st.sidecar, st.hasSide = f.Sidecar.Path, true
		si, err := fs.Stat(fsys, f.Sidecar.Path)
		if err != nil {
			st.statFail = true
			return st
		}
		st.sideSize, st.sideMtime = si.Size(), si.ModTime()
	}
	return st
}

// contentSum hashes a loaded file and its sidecar.
func contentSum(f source.File) [sha256.Size]byte {
	h := sha256.New()
	h.Write(f.Data)
	if f.Sidecar != nil {
		h.Write([]byte{0})
		h.Write([]byte(f.Sidecar.Path))
		h.Write([]byte{0})
		h.Write(f.Sidecar.Data)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}
