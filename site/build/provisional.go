package build

import (
	"bytes"
	"context"
	"reflect"

	"briefing/site/article"
	"briefing/site/index"
	"briefing/site/pages"
	"briefing/site/source"
)

// Provisional is the last prepared site with one article's page rendered
// again from the article's new text: what the preview can serve while the
// index is built again. It is made only when the edit left everything the
// index reads of the article as it was (metadata, names, quotes, topics,
// dates), so the page is very likely the one the full rebuild makes; the
// preview server checks that when the full rebuild is published (see
// serve.Server.PublishProvisional). Every other file is the last site's.
type Provisional struct {
	base *Lazy
	path string // the article page's output path
	page []byte
}

// Path is the output path of the page rendered again.
func (p *Provisional) Path() string { return p.path }

// Lookup returns the file at path: the new page, or the last site's file.
func (p *Provisional) Lookup(path string) ([]byte, bool) {
	if path == p.path {
		return p.page, true
	}
	return p.base.Lookup(path)
}

// Provisional returns the page of the one article changed, rendered from
// its new text with the last site's index, when changed (as for Prepare)
// is exactly that article's file and the edit kept all the article's
// index inputs but its body text. ok is false otherwise, and on any error,
// which the Prepare that must follow reports. The article read here is
// kept, so that Prepare does not read and annotate it again.
func (b *Builder) Provisional(ctx context.Context, changed []string) (p *Provisional, ok bool) {
	if b.last == nil || b.unknown || len(b.pending) > 0 || len(changed) != 1 || ctx.Err() != nil {
		return nil, false
	}
	c := &b.cache
	e := c.entries[changed[0]]
	if e == nil || e.file.Path == "" {
		return nil, false
	}
	root := rootFS(b.opts)
	f := e.file
	st := statFile(root, f)
	if st.statFail || st.sidecar != e.stamp.sidecar {
		return nil, false
	}
	if err := f.Load(root, c.rs.maxSize); err != nil {
		return nil, false
	}
	sum := contentSum(f)
	if sum == e.sum {
		return nil, false
	}
	a, err := c.rs.read(f)
	if err != nil {
		return nil, false
	}
	in := annotate(a, c.rs.x)
	old := e.input
	c.entries[f.Path] = &cacheEntry{file: e.file, stamp: st, sum: sum, input: in}
	if !sameIndexInputs(old, in) {
		return nil, false
	}

	m := b.last.m
	var page *pages.Page
	for _, pg := range m.list {
		if pg.Kind == pages.ArticlePage && pg.Article != nil && pg.Article.Article == old.Article {
			page = pg
			break
		}
	}
	if page == nil {
		return nil, false
	}
	art := *page.Article
	art.Article = a
	np := *page
	np.Article = &art
	path, data, err := m.renderPage(newPageBuffers(), &np)
	if err != nil {
		return nil, false
	}
	return &Provisional{base: b.last, path: path, page: bytes.Clone(data)}, true
}

// sameIndexInputs reports whether two reads of one article give the index
// the same inputs but for the body text: the same metadata, captions,
// dateline, removed lines, annotations and dates.
func sameIndexInputs(a, b index.Input) bool {
	return reflect.DeepEqual(a.Annotations, b.Annotations) &&
		reflect.DeepEqual(a.Dates, b.Dates) &&
		reflect.DeepEqual(withoutBody(a.Article), withoutBody(b.Article))
}

// withoutBody is a copy of a without its body.
func withoutBody(a *article.Article) article.Article {
	c := *a
	c.Blocks, c.HTML = nil, ""
	return c
}

// unloaded is f without its contents, as a cache entry keeps it.
func unloaded(f source.File) source.File {
	f.Data = nil
	if f.Sidecar != nil {
		f.Sidecar = &source.Sidecar{Path: f.Sidecar.Path}
	}
	return f
}
