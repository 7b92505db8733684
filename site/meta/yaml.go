package meta

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"briefing/site/article"
)

// ParseYAML parses YAML front matter. src is the text between the "---"
// fences and firstLine the line of the file on which src starts, so that
// errors point at the real line. The error, if any, is an article.Errors
// listing every problem.
func ParseYAML(path string, src string, firstLine int) (Meta, error) {
	var doc yaml.Node
	if err := unmarshalYAML([]byte(src), &doc); err != nil {
		line, msg := yamlError(err, src)
		return Meta{}, article.Errors{{Path: path, Line: line + firstLine - 1, Msg: "invalid YAML: " + msg}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return Meta{Lines: map[string]int{}}, nil // empty or only comments
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		v := yamlValue(root, firstLine)
		if v.kind == kNull {
			return Meta{Lines: map[string]int{}}, nil
		}
		return Meta{}, article.Errors{{Path: path, Line: v.line,
			Msg: "expected \"field: value\" lines, got " + describe(v)}}
	}
	var entries []entry
	var errs article.Errors
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		line := k.Line + firstLine - 1
		if k.Kind != yaml.ScalarNode {
			errs = append(errs, &article.Error{Path: path, Line: line, Msg: "field names must be plain words"})
			continue
		}
		entries = append(entries, entry{key: k.Value, line: line, val: yamlValue(v, firstLine)})
	}
	return build(path, entries, errs)
}

// unmarshalYAML is yaml.Unmarshal, turning a panic inside the YAML library
// (malformed input has crashed it before) into an error.
func unmarshalYAML(src []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(src, n)
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlError splits a yaml.v3 error into its 1-based line in src and its
// message. yaml.v3 counts lines from 1 for scanner errors but from 0 for
// parser errors (the "did not find expected ..." family and a few more); it
// leaves the line out when it is the first one, and at the end of the input
// it may point one line past the last.
func yamlError(err error, src string) (int, string) {
	s := err.Error()
	m := yamlLineRE.FindStringSubmatch(s)
	if m == nil {
		return 1, s
	}
	msg := s[len(m[0]):]
	line, _ := strconv.Atoi(m[1])
	if line > 0 && yamlParserProblem(msg) {
		line++
	}
	last := strings.Count(strings.TrimRight(src, "\n"), "\n") + 1
	return max(1, min(line, last)), msg
}

// yamlParserProblem reports whether msg comes from yaml.v3's parser (as
// opposed to its scanner).
func yamlParserProblem(msg string) bool {
	for _, p := range []string{"did not find expected", "found duplicate %", "found incompatible YAML", "found undefined tag handle"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// yamlValue converts n (lists one level deep).
func yamlValue(n *yaml.Node, firstLine int) value {
	return yamlValueDepth(n, firstLine, 1)
}

func yamlValueDepth(n *yaml.Node, firstLine, depth int) value {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 10; i++ {
		n = n.Alias
	}
	v := value{line: n.Line + firstLine - 1, text: n.Value}
	switch n.Kind {
	case yaml.SequenceNode:
		v.kind = kList
		if depth > 0 {
			for _, c := range n.Content {
				v.items = append(v.items, yamlValueDepth(c, firstLine, depth-1))
			}
		}
	case yaml.MappingNode:
		v.kind = kTable
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			v.kind = kString
		case "!!bool":
			v.kind = kBool
			var b bool
			if n.Decode(&b) == nil {
				v.text = strconv.FormatBool(b)
			}
		case "!!int":
			v.kind = kInt
		case "!!float":
			v.kind = kFloat
		case "!!null":
			v.kind = kNull
		case "!!timestamp":
			var t time.Time
			if err := n.Decode(&t); err != nil {
				v.kind = kString
			} else {
				v.kind, v.t = kDate, t
			}
		default:
			v.kind, v.what = kOther, fmt.Sprintf("a %s value", n.ShortTag())
		}
	default:
		v.kind, v.what = kOther, "an unsupported YAML value"
	}
	return v
}
