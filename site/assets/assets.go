// Package assets prepares output files for the web: it minifies HTML, CSS,
// JavaScript, JSON and XML, and fingerprints stylesheets and scripts,
// naming each by a hash of its bytes and giving its Subresource Integrity
// value, so that a host can cache them for ever and a browser can check
// that what it got is what the page was built with.
//
// Both are deterministic: the same bytes in give the same bytes and names
// out, run after run.
package assets

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/xml"
)

// HashLen is the number of hex digits of the SHA-256 of a file's bytes
// that its fingerprinted name carries: style.3f2a9c1d.css.
const HashLen = 8

// Fingerprinted reports whether a static file is written under a
// fingerprinted name: stylesheets (.css) and scripts (.js), going by the
// extension in any case. Other files (images, fonts, robots.txt, a
// favicon) keep their names, which other sites and crawlers may know.
func Fingerprinted(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".css", ".js":
		return true
	}
	return false
}

// Fingerprint returns the name under which a file of these bytes is
// written, the first HashLen hex digits of their SHA-256 put before the
// extension ("css/style.css" → "css/style.3f2a9c1d.css"), and its
// Subresource Integrity value (see Integrity).
func Fingerprint(name string, data []byte) (hashed, integrity string) {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	hashed = strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:HashLen] + ext
	return hashed, Integrity(data)
}

// Integrity is the Subresource Integrity value of data, for the integrity
// attribute of a <link> or <script>: "sha384-" and the base64 of its
// SHA-384.
func Integrity(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// mediaTypes maps the extensions of the files a Minifier minifies to the
// media type of their minifier.
var mediaTypes = map[string]string{
	".html": "text/html",
	".htm":  "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".mjs":  "application/javascript",
	".json": "application/json",
	".xml":  "application/xml",
}

// Minifies reports whether a Minifier minifies the file called name, going
// by its extension in any case: html, htm, css, js, mjs, json and xml.
func Minifies(name string) bool {
	_, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	return ok
}

// Minifier minifies output files by their extension. Pages stay valid
// HTML: the doctype, the html, head and body tags, end tags, quotes
// around attribute values and attributes with their default values are
// kept; only whitespace and comments go. Scripts and styles within a page
// are minified too, JSON-LD (<script type="application/ld+json">) as JSON.
//
// A nil *Minifier minifies nothing. A Minifier is safe for concurrent use.
type Minifier struct {
	m *minify.M
}

// NewMinifier returns a Minifier.
func NewMinifier() *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags:    true,
		KeepEndTags:         true,
		KeepQuotes:          true,
		KeepDefaultAttrVals: true,
	})
	m.Add("text/css", &css.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^application/([a-z.+-]+\+)?json$`), &json.Minifier{KeepNumbers: true})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/([a-z.+-]+\+)?xml$`), &xml.Minifier{})
	return &Minifier{m: m}
}

// Minify returns data minified as the extension of name says, or data
// itself when m is nil or name is not a kind it minifies (see Minifies).
// The minified bytes are written to buf, which Minify resets, and the
// result is buf's bytes: valid until buf is used again. A nil buf gets a
// new one. Errors name the file.
func (m *Minifier) Minify(buf *bytes.Buffer, name string, data []byte) ([]byte, error) {
	if m == nil {
		return data, nil
	}
	mt, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		return data, nil
	}
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	buf.Grow(len(data))
	if err := m.m.Minify(mt, buf, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("%s: minify: %w", name, err)
	}
	return buf.Bytes(), nil
}
