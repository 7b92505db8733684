package check

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"briefing/site/output"
)

// fileFindings checks the output files as files: two of them must not
// serve one URL, and XML and JSON files must parse.
func fileFindings(files []output.File) []Finding {
	out := clashFindings(files)
	for _, f := range files {
		var err error
		switch strings.ToLower(path.Ext(f.Path)) {
		case ".xml":
			err = wellFormedXML(f.Data)
		case ".json":
			err = validJSON(f.Data)
		}
		if err != nil {
			out = append(out, Finding{Path: f.Path, Message: err.Error()})
		}
	}
	return out
}

// urlKey is the URL a file is served at, as a case-insensitive host finds
// it: "a/index.html" and "a" both serve /a/ (a host redirects /a to /a/),
// and "A/index.html" is the same file as "a/index.html".
func urlKey(p string) string {
	p = strings.ToLower(p)
	if p == "index.html" {
		return ""
	}
	return strings.TrimSuffix(p, "/index.html")
}

// clashFindings reports output files that serve the URL of another file,
// exactly or once case is ignored, and files that are also the folder of
// other files (which no file system can hold). files is in path order.
func clashFindings(files []output.File) []Finding {
	var out []Finding
	first := map[string]string{} // URL key -> the first file serving it
	for _, f := range files {
		k := urlKey(f.Path)
		other, ok := first[k]
		if !ok {
			first[k] = f.Path
			continue
		}
		msg := fmt.Sprintf("serves the same URL as %s", other)
		if strings.EqualFold(f.Path, other) {
			msg = fmt.Sprintf("differs from %s only in case: one file on a case-insensitive host", other)
		}
		out = append(out, Finding{Path: f.Path, Message: msg})
	}
	// A file "a" (or "A") beside "a/x.css": "a" cannot be both. The case
	// where x is index.html is reported above.
	files2 := map[string]string{}
	for _, f := range files {
		files2[strings.ToLower(f.Path)] = f.Path
	}
	reported := map[string]bool{}
	for _, f := range files {
		lower := strings.ToLower(f.Path)
		for dir := path.Dir(lower); dir != "."; dir = path.Dir(dir) {
			p, ok := files2[dir]
			if !ok || reported[p] || urlKey(f.Path) == urlKey(p) {
				continue
			}
			reported[p] = true
			out = append(out, Finding{Path: p, Message: fmt.Sprintf("is a file and also the folder of %s", f.Path)})
		}
	}
	return out
}

// wellFormedXML returns an error when data is not one well-formed XML
// document: tags closed and nested, one root element, nothing but white
// space and markup outside it.
func wellFormedXML(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("invalid XML: line %d: %s", se.Line, se.Msg)
			}
			return fmt.Errorf("invalid XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 {
					line, _ := dec.InputPos()
					return fmt.Errorf("invalid XML: line %d: a second root element <%s>", line, t.Name.Local)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				line, _ := dec.InputPos()
				return fmt.Errorf("invalid XML: line %d: text outside the root element", line)
			}
		}
	}
	if roots == 0 {
		return errors.New("invalid XML: no root element")
	}
	return nil
}

// validJSON returns an error, with its line, when data is not one JSON
// value.
func validJSON(data []byte) error {
	var v json.RawMessage
	err := json.Unmarshal(data, &v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("invalid JSON: line %d: %s", line, se.Error())
	}
	return fmt.Errorf("invalid JSON: %v", err)
}
