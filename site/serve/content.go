package serve

import (
	"encoding/json"
	"html"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// builtinType returns the fixed Content-Type of the common file types, so
// that it does not depend on the machine's MIME database, or "".
func builtinType(ext string) string {
	switch ext {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".xml":
		return "application/xml"
	case ".rss":
		return "application/rss+xml"
	case ".atom":
		return "application/atom+xml"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".avif":
		return "image/avif"
	case ".ico":
		return "image/x-icon"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".woff":
		return "font/woff"
	case ".woff2":
		return "font/woff2"
	case ".webmanifest":
		return "application/manifest+json"
	case ".pdf":
		return "application/pdf"
	}
	return ""
}

// contentType returns the Content-Type for the site file at name: from the
// built-in table, else the machine's MIME database, else by sniffing b.
func contentType(name string, b []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t := builtinType(ext); t != "" {
		return t
	}
	if ext != "" {
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
	}
	return http.DetectContentType(b)
}

// isHTML reports whether a Content-Type is HTML.
func isHTML(ctype string) bool {
	mt, _, _ := strings.Cut(ctype, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "text/html")
}

// scriptTag returns the tag that loads the client script into a page served
// at generation gen.
func (s *Server) scriptTag(gen uint64) string {
	return `<script src="` + html.EscapeString(s.base+clientName) +
		`" data-generation="` + strconv.FormatUint(gen, 10) + `" defer></script>`
}

// injectScript returns a copy of page with tag inserted just before the
// last "</body" (matched case-insensitively), or appended if there is none.
// page itself is never modified.
func injectScript(page []byte, tag string) []byte {
	i := lastBodyClose(page)
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	out = append(out, page[i:]...)
	return out
}

// lastBodyClose returns the index of the last "</body" end tag in page,
// ignoring ASCII case, or -1. The tag name must be followed by ">", "/" or
// whitespace, so "</bodyx>" does not count.
func lastBodyClose(page []byte) int {
	const tag = "</body"
	for i := len(page) - len(tag); i >= 0; i-- {
		if page[i] != '<' || !asciiEqualFold(page[i:i+len(tag)], tag) {
			continue
		}
		j := i + len(tag)
		if j == len(page) {
			return i
		}
		switch page[j] {
		case '>', '/', ' ', '\t', '\n', '\r', '\f':
			return i
		}
	}
	return -1
}

// asciiEqualFold compares b with the lower-case ASCII string s ignoring
// ASCII case. Unlike bytes.EqualFold it never matches non-ASCII letters.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(s) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// jsString returns s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		// Marshalling a string cannot fail.
		panic(err)
	}
	return string(b)
}
