// Package build runs the whole pipeline, from a site root to a site on disk:
//
//	config → list → read (load, parse, extract) → index → pages → render → write
//
// Each article is loaded, parsed and annotated in one go on a bounded pool
// of workers; pages are rendered on the same kind of pool and written as
// they are made. Everything keeps the input order, so the output is
// byte-identical from run to run.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"briefing/site/article"
	"briefing/site/assets"
	"briefing/site/clip"
	"briefing/site/compress"
	"briefing/site/config"
	"briefing/site/dates"
	"briefing/site/export"
	"briefing/site/extract"
	"briefing/site/feeds"
	"briefing/site/index"
	"briefing/site/markdown"
	"briefing/site/meta"
	"briefing/site/output"
	"briefing/site/pages"
	"briefing/site/render"
	"briefing/site/search"
	"briefing/site/source"
)

// Options says what to build.
type Options struct {
	Source      string // site root folder
	ContentDir  string // content folder relative to Source; overrides the config
	Destination string // output folder; default <Source>/public
	BaseURL     string // overrides the config
	Drafts      bool   // include articles marked draft
	Theme       fs.FS  // the default theme (templates/ and static/); files under Source override it
	Log         *slog.Logger
	// Progress, when set, is told how far a long stage has come: its name,
	// the items started and the total. It is called from one goroutine.
	Progress func(stage string, done, total int)
	// Compress makes Run also write name.gz and name.br beside every
	// compressible file (see package compress), for hosts that serve
	// precompressed files. Generate and Builder leave it aside.
	Compress bool
	// Minify minifies every HTML, CSS, JS, JSON and XML file (see package
	// assets) before it is fingerprinted or compressed. Run, Generate and
	// Builder (and so Lazy.Lookup) all honour it.
	Minify bool
}

// Result is a site built in memory.
type Result struct {
	Config  config.Config
	Site    *index.Site
	Files   []output.File // every output file, in path order; set by Generate, nil after Run (which writes as it goes)
	Pages   int
	Skipped []source.Skipped
	Stages  []Stage
}

// Stage is the name and duration of one pipeline stage.
type Stage struct {
	Name     string
	Duration time.Duration
}

// Summary describes a finished build.
type Summary struct {
	*Result
	Destination string
	Elapsed     time.Duration
}

// String is the one-line summary printed after a build.
func (s Summary) String() string {
	return fmt.Sprintf("built %s, %s, %s, %s into %s in %s",
		count(len(s.Site.Articles), "article"), count(s.Pages, "page"),
		count(len(s.Site.Participants), "participant"), count(len(s.Site.Topics), "topic"),
		s.Destination, s.Elapsed.Round(time.Millisecond))
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Run builds the site and writes it to the destination, replacing the
// previous site only when the whole build succeeded. Pages are written as
// they are rendered, into a temporary folder that is swapped in at the end,
// so the site is never held in memory whole.
func Run(ctx context.Context, opts Options) (Summary, error) {
	start := time.Now()
	dest := opts.Destination
	if dest == "" {
		dest = filepath.Join(opts.Source, "public")
	}
	tree, err := output.Begin(dest)
	if err != nil {
		return Summary{}, err
	}
	write := tree.Write
	var variants *compress.Writer
	if opts.Compress {
		variants = compress.NewWriter(tree.Write)
		write = variants.Write
	}
	res, err := generate(ctx, opts, write)
	if variants != nil {
		t := time.Now()
		werr := variants.Wait() // even after an error: no write may outlive Abort
		if err == nil {
			err = werr
		}
		if err == nil {
			res.Stages = append(res.Stages, Stage{"compress", time.Since(t)})
		}
	}
	if err != nil {
		tree.Abort()
		return Summary{}, err
	}
	t := time.Now()
	if err := tree.Commit(); err != nil {
		return Summary{}, err
	}
	res.Stages = append(res.Stages, Stage{"commit", time.Since(t)})
	logStages(opts.Log, res.Stages)
	return Summary{Result: res, Destination: dest, Elapsed: time.Since(start)}, nil
}

func logStages(log *slog.Logger, stages []Stage) {
	if log == nil {
		return
	}
	for _, s := range stages {
		log.Debug("stage", "name", s.Name, "ms", float64(s.Duration.Microseconds())/1000)
	}
}

// Generate builds the site in memory: Result.Files holds every file.
func Generate(ctx context.Context, opts Options) (*Result, error) {
	var mu sync.Mutex
	var files []output.File
	seen := map[string]bool{}
	res, err := generate(ctx, opts, func(path string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if seen[path] {
			return duplicateOutput(path)
		}
		seen[path] = true
		files = append(files, output.File{Path: path, Data: bytes.Clone(data)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	res.Files = files
	return res, nil
}

// duplicateOutput is the error for two output files with one path.
func duplicateOutput(path string) error {
	return fmt.Errorf("two outputs write %s; a static file may clash with a page", path)
}

// sink receives each output file as it is made: a slash-separated path and
// bytes that are valid only during the call. It must be safe for
// concurrent use and refuse a path written twice.
type sink func(path string, data []byte) error

// generate runs the pipeline and hands every output file to emit.
func generate(ctx context.Context, opts Options, emit sink) (*Result, error) {
	m, err := prepare(ctx, opts, nil)
	if err != nil {
		return nil, err
	}
	if err := m.emitAll(ctx, emit, reporter(opts.Progress, "render")); err != nil {
		return nil, err
	}
	return m.res, nil
}

// model is a site read, indexed and laid out into pages, with its theme
// parsed: everything up to rendering.
type model struct {
	res    *Result
	list   []*pages.Page
	router pages.Router
	rd     *render.Renderer
	theme  fs.FS
	min    *assets.Minifier // nil unless Options.Minify
	static []output.File    // the static files as written: minified, fingerprinted
	assets map[string]render.Asset
	timer  time.Time // start of the current stage
}

// stage records the end of the stage called name.
func (m *model) stage(name string) {
	m.res.Stages = append(m.res.Stages, Stage{name, time.Since(m.timer)})
	m.timer = time.Now()
}

// rootFS is the site's source folder.
func rootFS(opts Options) fs.FS {
	if opts.Source == "" {
		return os.DirFS(".")
	}
	return os.DirFS(opts.Source)
}

// prepare runs the pipeline up to rendering. With a cache, articles that
// have not changed since the cache was filled are not read again.
func prepare(ctx context.Context, opts Options, cache *readCache) (*model, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	m := &model{res: &Result{}, timer: time.Now()}
	res := m.res
	root := rootFS(opts)

	cfg, err := config.Load(opts.Source)
	if err != nil {
		return nil, err
	}
	if opts.ContentDir != "" {
		cfg.ContentDir = opts.ContentDir
	}
	if opts.BaseURL != "" {
		if cfg.BaseURL, err = config.NormalizeBaseURL(opts.BaseURL); err != nil {
			return nil, fmt.Errorf("--base-url: %w", err)
		}
	}
	res.Config = cfg
	theme := opts.Theme
	if theme == nil {
		return nil, errors.New("build: no theme")
	}
	m.theme = source.Overlay(root, theme)
	m.stage("config")

	contentDir := filepath.ToSlash(filepath.Clean(cfg.ContentDir))
	if !fs.ValidPath(contentDir) {
		return nil, fmt.Errorf("content folder %q must be a folder inside the site root", cfg.ContentDir)
	}
	files, skipped, err := source.Articles(root, contentDir)
	res.Skipped = skipped
	for _, s := range skipped {
		if opts.Log != nil {
			opts.Log.Info("skipped", "file", s.Path, "reason", s.Reason)
		}
	}
	if err != nil {
		return nil, err
	}
	m.stage("list")

	var inputs []index.Input
	if cache != nil && cache.valid(cfg) {
		inputs, err = cache.readAll(ctx, root, files, opts.Drafts, reporter(opts.Progress, "read"))
	} else {
		var rs readers
		if rs, err = newReaders(cfg); err != nil {
			return nil, err
		}
		m.stage("rules")
		if cache != nil {
			cache.reset(cfg, rs)
			inputs, err = cache.readAll(ctx, root, files, opts.Drafts, reporter(opts.Progress, "read"))
		} else {
			inputs, err = readAll(ctx, root, files, rs, opts.Drafts, reporter(opts.Progress, "read"))
		}
	}
	if err != nil {
		return nil, err
	}
	m.stage("read")

	iopts := indexOptions(cfg)
	if cache != nil {
		iopts.Cache = cache.index
	}
	site, err := index.BuildContext(ctx, inputs, iopts)
	if err != nil {
		return nil, err
	}
	res.Site = site
	m.stage("index")

	if m.router, err = pages.NewRouter(cfg.BaseURL); err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	if opts.Minify {
		m.min = assets.NewMinifier()
	}
	// Pages link the fingerprinted names of the static files, the search
	// index among them: those are made, while the pages are laid out,
	// before anything renders.
	var static sync.WaitGroup
	var staticErr error
	static.Go(func() { m.static, m.assets, staticErr = m.assetFiles() })
	m.list = pages.List(site, m.router, cfg.Title, cfg.TopParticipants)
	res.Pages = len(m.list)
	m.stage("pages")
	static.Wait()
	if staticErr != nil {
		return nil, staticErr
	}
	m.stage("static")
	if m.rd, err = newRenderer(m.theme, m.router, cfg, m.assets); err != nil {
		return nil, err
	}
	return m, nil
}

// emitAll renders every page and makes the data and static files, handing
// each to emit.
func (m *model) emitAll(ctx context.Context, emit sink, report func(done, total int)) error {
	// The data files are not rendered through the theme: they are made
	// while the pages render, so that no core idles at the end.
	var extra sync.WaitGroup
	var files []output.File
	var filesErr error
	extra.Go(func() { files, filesErr = m.extraFiles() })
	if err := m.renderAll(ctx, emit, report); err != nil {
		extra.Wait()
		return err
	}
	m.stage("render")
	extra.Wait()
	if filesErr != nil {
		return filesErr
	}
	for _, f := range files {
		if err := emit(f.Path, f.Data); err != nil {
			return err
		}
	}
	m.stage("export")
	return nil
}

// dataFiles returns the files made from the site's content that are not
// rendered through the theme: the JSON export, the Atom and JSON feeds, the
// sitemap and robots.txt. A file of the feeds package that the theme's or
// the site's static/ folder also has at the site root (a robots.txt of its
// own, say) is left to the static file.
//
// Feeds date what has no date of its own with the newest article's date,
// else SOURCE_DATE_EPOCH (seconds since 1970) when it is set, else
// 1970-01-01: never the clock, so that a build can be repeated byte for byte.
func (m *model) dataFiles() ([]output.File, error) {
	files, err := export.Files(m.res.Site, m.router)
	if err != nil {
		return nil, err
	}
	cfg := m.res.Config
	info := feeds.Info{Title: cfg.Title, Description: cfg.Description, Language: cfg.Language, Updated: time.Unix(0, 0).UTC()}
	if arts := m.res.Site.Articles; len(arts) > 0 && arts[0].Dated() {
		info.Updated = arts[0].Date.UTC()
	} else if v := os.Getenv("SOURCE_DATE_EPOCH"); v != "" {
		sec, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want a whole number of seconds since 1970-01-01", v)
		}
		info.Updated = time.Unix(sec, 0).UTC()
	}
	more, err := feeds.Files(m.res.Site, m.router, info, m.list)
	if err != nil {
		return nil, err
	}
	for _, f := range more {
		if !strings.Contains(f.Path, "/") {
			if _, err := fs.Stat(m.theme, "static/"+f.Path); err == nil {
				continue
			}
		}
		files = append(files, f)
	}
	return files, nil
}

// extraFiles returns the files that are not pages: the data files and the
// theme's static files.
func (m *model) extraFiles() ([]output.File, error) {
	data, err := m.minifiedDataFiles()
	if err != nil {
		return nil, err
	}
	return append(data, m.static...), nil
}

// minifiedDataFiles is dataFiles, minified when the build minifies.
func (m *model) minifiedDataFiles() ([]output.File, error) {
	files, err := m.dataFiles()
	if err != nil || m.min == nil {
		return files, err
	}
	for i, f := range files {
		if files[i].Data, err = m.min.Minify(nil, f.Path, f.Data); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// indexOptions is how the configuration tunes the index.
func indexOptions(cfg config.Config) index.Options {
	topics := make([]index.TopicInfo, len(cfg.Topics))
	for i, t := range cfg.Topics {
		topics[i] = index.TopicInfo{ID: t.ID, Name: t.Name, Description: t.Description}
	}
	return index.Options{Topics: topics, Related: cfg.Related, CoParticipants: 12, MainPerTopic: 10, FallbackTopic: cfg.FallbackTopic}
}

// newRenderer parses the theme's templates for a build whose static files
// are written under the names that assets gives.
func newRenderer(theme fs.FS, router pages.Router, cfg config.Config, assets map[string]render.Asset) (*render.Renderer, error) {
	return render.New(theme, router, render.SiteInfo{Title: cfg.Title, Description: cfg.Description, Language: cfg.Language, Assets: assets})
}

func newExtractor(cfg config.Config) (*extract.Extractor, error) {
	rules := extract.DefaultRules()
	for _, p := range cfg.Participants {
		rules = append(rules, extract.Rule{Name: p.Name, Kind: extract.Kind(p.Kind), Aliases: p.Aliases, Exclude: p.Exclude})
	}
	topics := make([]extract.Topic, len(cfg.Topics))
	for i, t := range cfg.Topics {
		topics[i] = extract.Topic{ID: t.ID, Name: t.Name, Description: t.Description, Terms: t.Terms}
	}
	x, err := extract.New(extract.Options{Rules: rules, Topics: topics})
	if err != nil {
		return nil, fmt.Errorf("participant rules: %w", err)
	}
	return x, nil
}

// readers holds the per-article stages, built once per build from the
// configuration: the readers for each format and the extractor.
type readers struct {
	clip    *clip.Reader
	md      *markdown.Reader
	x       *extract.Extractor
	maxSize int64 // the largest article file read, in bytes
}

func newReaders(cfg config.Config) (readers, error) {
	x, err := newExtractor(cfg)
	if err != nil {
		return readers{}, err
	}
	cr, err := clip.NewReader(clip.DefaultRules().Extend(cfg.Clip))
	if err != nil {
		return readers{}, fmt.Errorf("%s: [clip]: %w", config.FileName, err)
	}
	return readers{clip: cr, md: markdown.NewReader(), x: x, maxSize: cfg.MaxArticleSize}, nil
}

func (r readers) read(f source.File) (*article.Article, error) {
	var a *article.Article
	var err error
	if path.Ext(f.Path) == ".md" {
		a, err = r.md.Read(f.Path, f.Data)
	} else {
		a, err = r.clip.Read(f.Path, f.Data)
	}
	if err != nil {
		return nil, err
	}
	if f.Sidecar != nil {
		m, err := meta.ParseSidecar(f.Sidecar.Path, f.Sidecar.Data)
		if err != nil {
			return nil, err
		}
		m.Apply(a)
	}
	return a, nil
}

// readAll reads, parses and annotates every file on a pool of workers, one
// file at a time from disk to extraction, and returns the results in input
// order, drafts left out unless asked for. Every file's error is reported.
func readAll(ctx context.Context, fsys fs.FS, files []source.File, rs readers, drafts bool, report func(done, total int)) ([]index.Input, error) {
	inputs := make([]index.Input, len(files))
	err := forEach(ctx, len(files), report, func() struct{} { return struct{}{} }, func(_ struct{}, i int) error {
		f := files[i]
		if err := f.Load(fsys, rs.maxSize); err != nil {
			return err
		}
		a, err := rs.read(f)
		if err != nil {
			return err
		}
		if a.Draft && !drafts {
			return nil
		}
		inputs[i] = annotate(a, rs.x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(inputs, func(in index.Input) bool { return in.Article == nil }), nil
}

// annotate extracts participants, quotes, topics and dates from an article.
func annotate(a *article.Article, x *extract.Extractor) index.Input {
	return index.Input{Article: a, Annotations: x.Extract(a), Dates: dates.Find(a.Text(), a.Date)}
}

// renderAll renders the pages on a pool of workers and hands each to emit
// as soon as it is made.
func (m *model) renderAll(ctx context.Context, emit sink, report func(done, total int)) error {
	return summarizeRenderErrors(forEach(ctx, len(m.list), report, newPageBuffers, func(bufs *pageBuffers, i int) error {
		path, data, err := m.renderPage(bufs, m.list[i])
		if err != nil {
			return err
		}
		return emit(path, data)
	}))
}

// pageBuffers are a worker's buffers for renderPage.
type pageBuffers struct {
	page, min bytes.Buffer
}

func newPageBuffers() *pageBuffers { return new(pageBuffers) }

// renderPage renders p, minified when the build minifies, and returns its
// output path and bytes, which are valid until bufs is used again.
func (m *model) renderPage(bufs *pageBuffers, p *pages.Page) (path string, data []byte, err error) {
	if err := m.rd.Render(&bufs.page, p); err != nil {
		return "", nil, err
	}
	path = pages.File(p.Path)
	if data, err = m.min.Minify(&bufs.min, path, bufs.page.Bytes()); err != nil {
		return "", nil, err
	}
	return path, data, nil
}

// summarizeRenderErrors reports a template error that many pages hit once,
// with the first page and how many others.
func summarizeRenderErrors(err error) error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	var out []error
	first := map[string]int{} // message -> index in out
	others := map[string]int{}
	for _, e := range joined.Unwrap() {
		var pe *render.PageError
		if !errors.As(e, &pe) {
			out = append(out, e)
			continue
		}
		msg := pe.Err.Error()
		if _, seen := first[msg]; seen {
			others[msg]++
			continue
		}
		first[msg] = len(out)
		out = append(out, e)
	}
	for msg, n := range others {
		pe := out[first[msg]].(*render.PageError)
		out[first[msg]] = fmt.Errorf("%v (rendering %s and %d other pages)", pe.Err, pe.Page, n)
	}
	return errors.Join(out...)
}

// forEach calls fn for 0 ≤ i < n on one worker per CPU. Each worker owns
// the state that newState returns (a reusable buffer, say). It returns the
// errors of every call, joined in index order, or the context's error.
// report, if not nil, hears how many calls have started, now and then.
func forEach[S any](ctx context.Context, n int, report func(done, total int), newState func() S, fn func(state S, i int) error) error {
	errs := make([]error, n)
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			state := newState()
			for i := range work {
				errs[i] = fn(state, i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		if report != nil && i%256 == 0 {
			report(i, n)
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if report != nil {
		report(n, n)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// After a write fails (a full disk, say) the output refuses the rest;
	// the first failure says it all.
	return errors.Join(slices.DeleteFunc(errs, func(err error) bool { return errors.Is(err, output.ErrStopped) })...)
}

// reporter binds a stage name to a progress callback; nil stays nil.
func reporter(progress func(stage string, done, total int), stage string) func(done, total int) {
	if progress == nil {
		return nil
	}
	return func(done, total int) { progress(stage, done, total) }
}

// assetFiles returns the files pages load: the theme's static files and
// the search index, a script made from the content, with the fingerprints
// that pages link them by (see staticFiles).
func (m *model) assetFiles() ([]output.File, map[string]render.Asset, error) {
	static, fingerprints, err := staticFiles(m.theme, m.min)
	if err != nil {
		return nil, nil, err
	}
	index, err := search.Files(m.res.Site, m.router)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range index {
		data, err := m.min.Minify(nil, f.Path, f.Data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		hashed, integrity := assets.Fingerprint(f.Path, data)
		fingerprints[f.Path] = render.Asset{Path: hashed, Integrity: integrity}
		static = append(static, output.File{Path: hashed, Data: data})
	}
	return static, fingerprints, nil
}

// staticFiles returns the theme's static/ files, placed at the site root,
// plus the code highlighting stylesheet unless the theme brings its own,
// all minified when minifier is not nil. Stylesheets and scripts are written
// under fingerprinted names (see package assets), which assets maps their
// names to, with their integrity values.
func staticFiles(theme fs.FS, minifier *assets.Minifier) (out []output.File, fingerprints map[string]render.Asset, err error) {
	err = fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "static" {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() || source.IgnoredName(d.Name()) {
			return nil
		}
		data, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		out = append(out, output.File{Path: strings.TrimPrefix(p, "static/"), Data: data})
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("static files: %w", err)
	}
	if !slices.ContainsFunc(out, func(f output.File) bool { return f.Path == "syntax.css" }) {
		out = append(out, output.File{Path: "syntax.css", Data: markdown.Stylesheet()})
	}
	fingerprints = map[string]render.Asset{}
	for i, f := range out {
		if out[i].Data, err = minifier.Minify(nil, f.Path, f.Data); err != nil {
			return nil, nil, fmt.Errorf("static/%w", err)
		}
		if assets.Fingerprinted(f.Path) {
			hashed, integrity := assets.Fingerprint(f.Path, out[i].Data)
			fingerprints[f.Path] = render.Asset{Path: hashed, Integrity: integrity}
			out[i].Path = hashed
		}
	}
	return out, fingerprints, nil
}
