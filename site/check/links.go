package check

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"path"
	"runtime"
	"strings"

	"golang.org/x/net/html"

	"briefing/site/output"
	"briefing/site/pages"
	"briefing/site/parallel"
)

// page is what the link check needs of one HTML file.
type page struct {
	ids  map[string]bool // element ids and <a name> anchors
	refs []string        // href, src, srcset and poster values, in document order
	base string          // the <base href>, if any
}

// linkAttrs are the attributes that hold one URL.
var linkAttrs = map[string]bool{"href": true, "src": true, "poster": true}

// parsePage reads the ids and links of an HTML document.
func parsePage(data []byte) page {
	p := page{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return p // io.EOF: the tokenizer reads any input to its end
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				key, val := string(k), string(v)
				switch {
				case key == "id", key == "name" && tag == "a":
					if val != "" {
						p.ids[val] = true
					}
				case key == "href" && tag == "base":
					if p.base == "" {
						p.base = strings.TrimSpace(val)
					}
				case linkAttrs[key]:
					p.refs = append(p.refs, val)
				case key == "srcset":
					p.refs = append(p.refs, srcsetURLs(val)...)
				}
			}
		}
	}
}

// srcsetURLs returns the URLs of a srcset attribute: "a.png 1x, b.png 2x".
func srcsetURLs(v string) []string {
	var out []string
	for _, cand := range strings.Split(v, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// links is the result of the link check: the findings about internal
// links, and the outbound http(s) links, each with the pages that have it.
type links struct {
	findings []Finding
	external map[string][]string // absolute URL without fragment -> output files linking to it
}

// checkLinks checks every internal link and anchor of the HTML files and
// collects the outbound links. baseURL is the site's configured base URL;
// links under it, relative or absolute, are internal.
func checkLinks(files []output.File, baseURL string, router pages.Router) links {
	base, err := url.Parse(cmp.Or(baseURL, "/"))
	if err != nil {
		base = &url.URL{}
	}
	basePath := router.BasePath()
	exists := make(map[string]bool, len(files))
	var htmlFiles []int
	for i, f := range files {
		exists[f.Path] = true
		if isHTML(f.Path) {
			htmlFiles = append(htmlFiles, i)
		}
	}
	parsed := make([]page, len(htmlFiles))
	parallel.Chunks(runtime.GOMAXPROCS(0), len(htmlFiles), 16, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			parsed[k] = parsePage(files[htmlFiles[k]].Data)
		}
	})
	ids := make(map[string]map[string]bool, len(htmlFiles))
	for k, i := range htmlFiles {
		ids[files[i].Path] = parsed[k].ids
	}

	res := links{external: map[string][]string{}}
	for k, i := range htmlFiles {
		from := files[i].Path
		pg := parsed[k]
		pageURL := &url.URL{Scheme: base.Scheme, Host: base.Host, Path: basePath + from}
		if pg.base != "" {
			if b, err := url.Parse(pg.base); err == nil {
				pageURL = pageURL.ResolveReference(b)
			}
		}
		seen := map[string]bool{}
		for _, raw := range pg.refs {
			raw = strings.TrimSpace(raw)
			if raw == "" || seen[raw] {
				continue
			}
			seen[raw] = true
			problem := func(format string, args ...any) {
				res.findings = append(res.findings, Finding{Path: from, Message: fmt.Sprintf(format, args...)})
			}
			u, err := url.Parse(raw)
			if err != nil {
				problem("bad link %s: %v", raw, unwrapURLError(err))
				continue
			}
			switch strings.ToLower(u.Scheme) {
			case "", "http", "https":
			default:
				continue // mailto:, tel:, data:, javascript: and the like
			}
			abs := pageURL.ResolveReference(u)
			if abs.Path == "" {
				abs.Path = "/" // "https://host"
			}
			if abs.Host != "" && !strings.EqualFold(abs.Host, base.Host) ||
				u.Host != "" && !strings.HasPrefix(abs.Path+"/", basePath) {
				// Another host, or another site on this one.
				ext := *abs
				ext.Fragment, ext.RawFragment = "", ""
				if ext.Scheme == "" {
					ext.Scheme = "https" // a protocol-relative link on a site without a host
				}
				s := ext.String()
				if ps := res.external[s]; len(ps) == 0 || ps[len(ps)-1] != from {
					res.external[s] = append(ps, from)
				}
				continue
			}
			if abs.Path+"/" == basePath {
				problem("broken link %s (the page is at %s)", raw, basePath)
				continue
			}
			if !strings.HasPrefix(abs.Path, basePath) {
				problem("broken link %s (outside the base path %s)", raw, basePath)
				continue
			}
			target := pages.File(strings.TrimPrefix(abs.Path, basePath))
			if !exists[target] {
				if exists[target+"/index.html"] {
					problem("broken link %s (the page is at %s/)", raw, abs.Path)
				} else {
					problem("broken link %s", raw)
				}
				continue
			}
			frag := u.Fragment
			if frag == "" || !isHTML(target) || ids[target][frag] || strings.EqualFold(frag, "top") {
				continue // "#top" is the top of any page
			}
			problem("broken anchor %s (no id %q in %s)", raw, frag, target)
		}
	}
	return res
}

// isHTML reports whether an output file is an HTML page.
func isHTML(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm":
		return true
	}
	return false
}

// unwrapURLError returns the reason of a *url.Error, which repeats the URL.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
