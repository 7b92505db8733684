package meta

import (
	"bytes"
	"errors"
	"time"

	"github.com/pelletier/go-toml/v2/unstable"

	"briefing/site/article"
	"briefing/site/textnorm"
)

// ParseTOML parses TOML front matter (the text between the "+++" fences) or
// a whole sidecar file (pass firstLine 1). firstLine is the line of the file
// on which src starts. The error, if any, is an article.Errors listing every
// problem; after a syntax error, the fields before it are still checked.
func ParseTOML(path string, src string, firstLine int) (Meta, error) {
	data := []byte(src)
	lineOf := func(offset int) int {
		offset = max(0, min(offset, len(data)))
		return firstLine + bytes.Count(data[:offset], []byte{'\n'})
	}
	var (
		entries []entry
		errs    article.Errors
		tables  = map[string]bool{} // keys opened as tables: headers and dotted keys
		inTable bool                // after a [table] header, keys belong to it
	)
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			if inTable {
				continue
			}
			keys := e.Key()
			keys.Next()
			k := keys.Node()
			line := lineOf(int(k.Raw.Offset))
			if keys.Next() { // dotted key: a table under the first part
				if tables[string(k.Data)] {
					continue
				}
				tables[string(k.Data)] = true
				entries = append(entries, entry{key: string(k.Data), line: line, val: value{kind: kTable, line: line}})
				continue
			}
			entries = append(entries, entry{key: string(k.Data), line: line, val: tomlValue(e.Value(), line, lineOf, 1)})
		case unstable.Table, unstable.ArrayTable:
			inTable = true
			keys := e.Key()
			keys.Next()
			k := keys.Node()
			if tables[string(k.Data)] {
				continue
			}
			tables[string(k.Data)] = true
			line := lineOf(int(k.Raw.Offset))
			kd := kTable
			if e.Kind == unstable.ArrayTable {
				kd = kList
			}
			entries = append(entries, entry{key: string(k.Data), line: line, val: value{kind: kd, line: line}})
		}
	}
	if err := p.Error(); err != nil {
		line := lineOf(len(data))
		msg := err.Error()
		var perr *unstable.ParserError
		if errors.As(err, &perr) {
			// The highlight is a subslice of data: its offset follows from
			// the capacities.
			line = lineOf(cap(data) - cap(perr.Highlight))
			msg = perr.Message
		}
		errs = append(errs, &article.Error{Path: path, Line: line, Msg: "invalid TOML: " + msg})
	}
	return build(path, entries, errs)
}

// ParseSidecar parses the sidecar file of a clipping (<name>.meta.toml),
// whose raw content is src: it normalizes the bytes with textnorm (a byte
// order mark, CRLF line endings) and then calls ParseTOML.
func ParseSidecar(path string, src []byte) (Meta, error) {
	txt, err := textnorm.Normalize(path, src)
	if err != nil {
		return Meta{}, err
	}
	return ParseTOML(path, txt, 1)
}

// tomlValue converts n, found on line, with lists depth levels deep.
func tomlValue(n *unstable.Node, line int, lineOf func(int) int, depth int) value {
	if n.Raw.Length > 0 {
		line = lineOf(int(n.Raw.Offset))
	}
	v := value{line: line, text: string(n.Data)}
	switch n.Kind {
	case unstable.String:
		v.kind = kString
	case unstable.Bool:
		v.kind = kBool
	case unstable.Integer:
		v.kind = kInt
	case unstable.Float:
		v.kind = kFloat
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime:
		// The parser checks the shape, not the ranges: validate the
		// calendar date here. The date is kept as written.
		t, err := time.Parse(time.DateOnly, string(n.Data[:min(10, len(n.Data))]))
		v.kind, v.t, v.bad = kDate, t, err != nil
	case unstable.LocalTime:
		v.kind, v.what = kOther, "a time of day"
	case unstable.Array:
		v.kind = kList
		if depth > 0 {
			it := n.Children()
			for it.Next() {
				c := it.Node()
				if c.Kind == unstable.Comment {
					continue
				}
				v.items = append(v.items, tomlValue(c, line, lineOf, depth-1))
			}
		}
	case unstable.InlineTable:
		v.kind = kTable
	default:
		v.kind, v.what = kOther, "an unsupported TOML value"
	}
	return v
}
