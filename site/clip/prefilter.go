package clip

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A prefilter is a cheap necessary condition for a regexp to match, derived
// from its syntax: every set lists strings of which a matching line must
// contain at least one, compared case-folded. Body lines mention none of
// a caption rule's words, so most of the Reader's regexp runs are skipped.
//
// For a pattern anchored at the start, the prefilter also knows the strings
// one of which a matching line begins with: a few map look-ups that reject
// almost every body line at once.
type prefilter struct {
	sets     [][]string
	starts   map[string]bool // nil when unknown
	startLen []int           // the lengths of the strings in starts
}

const (
	maxSetSize  = 256 // larger alternatives are not worth checking
	maxStarts   = 4096
	startLen    = 8 // prefixes are compared up to this many bytes
	maxSets     = 4
	maxClassLen = 8 // character classes of up to this many runes become sets
)

// newPrefilter analyzes pattern (already expanded); an unparsable pattern
// gives an empty prefilter, which passes everything.
func newPrefilter(pattern string) prefilter {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return prefilter{}
	}
	re = re.Simplify()
	var p prefilter
	if starts, ok := anchoredPrefixes(re); ok {
		p.starts = make(map[string]bool, len(starts))
		for _, s := range starts {
			if !p.starts[s] {
				p.starts[s] = true
				if !slices.Contains(p.startLen, len(s)) {
					p.startLen = append(p.startLen, len(s))
				}
			}
		}
		slices.Sort(p.startLen)
	}
	var sets [][]string
	for _, set := range required(re) {
		if !blank(set) {
			sets = append(sets, set)
		}
	}
	// Keep the most selective sets (longer strings, then fewer of them) and
	// check the cheapest first.
	slices.SortStableFunc(sets, func(a, b []string) int { return score(b) - score(a) })
	if len(sets) > maxSets {
		sets = sets[:maxSets]
	}
	slices.SortStableFunc(sets, func(a, b []string) int { return len(a) - len(b) })
	p.sets = sets
	return p
}

// anchoredPrefixes returns the strings a match of a pattern anchored at the
// start of the text begins with, if they are known and none is empty.
func anchoredPrefixes(re *syntax.Regexp) ([]string, bool) {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpBeginText {
		return nil, false
	}
	budget := 20000
	starts, ok := startSeq(re.Sub[1:], &budget)
	if !ok || len(starts) == 0 || slices.Contains(starts, "") {
		return nil, false
	}
	return starts, true
}

// startSeq returns strings one of which starts every match of the sequence
// subs (folded); "" among them means nothing is known for some match. It
// gives up (false) past maxStarts strings or when *budget runs out.
func startSeq(subs []*syntax.Regexp, budget *int) ([]string, bool) {
	if *budget--; *budget < 0 {
		return nil, false
	}
	if len(subs) == 0 {
		return []string{""}, true
	}
	first, rest := subs[0], subs[1:]
	with := func(head ...*syntax.Regexp) []*syntax.Regexp {
		return append(slices.Clip(head), rest...)
	}
	if set, ok := exact(first); ok {
		set = truncate(set)
		if slices.IndexFunc(set, func(s string) bool { return len(s) < startLen }) < 0 {
			return set, true // long enough to tell lines apart
		}
		tail, ok := startSeq(rest, budget)
		if !ok {
			return set, true // the strings may go on; they still start the match
		}
		if p, ok := productN(set, tail, maxStarts); ok {
			return truncate(p), true
		}
		return set, true
	}
	switch first.Op {
	case syntax.OpCapture:
		return startSeq(with(first.Sub[0]), budget)
	case syntax.OpConcat:
		return startSeq(with(first.Sub...), budget)
	case syntax.OpQuest, syntax.OpStar, syntax.OpRepeat, syntax.OpAlternate:
		var branches [][]*syntax.Regexp
		switch {
		case first.Op == syntax.OpAlternate:
			for _, b := range first.Sub {
				branches = append(branches, with(b))
			}
		case first.Op == syntax.OpQuest:
			branches = [][]*syntax.Regexp{with(first.Sub[0]), rest}
		case first.Op == syntax.OpRepeat && first.Min >= 1:
			return prefixesN(first, maxStarts)
		default: // x* and x{0,n}: empty, or starting with x
			branches = [][]*syntax.Regexp{{first.Sub[0]}, rest}
		}
		var union []string
		for _, b := range branches {
			set, ok := startSeq(b, budget)
			if !ok {
				return nil, false
			}
			union = append(union, set...)
			if len(union) > maxStarts {
				return nil, false
			}
		}
		return dedupe(union), true
	}
	set, ok := prefixesN(first, maxStarts)
	return truncate(set), ok
}

// truncate cuts the strings of set to startLen bytes (a byte prefix of the
// folded line is compared, so a cut through a rune is fine).
func truncate(set []string) []string {
	cut := false
	for i, s := range set {
		if len(s) > startLen {
			if !cut {
				set, cut = slices.Clone(set), true
			}
			set[i] = s[:startLen]
		}
	}
	if cut {
		set = dedupe(set)
	}
	return set
}

// pass reports whether folded (a line passed through fold) may match.
func (p prefilter) pass(folded string) bool {
	if p.starts != nil {
		found := false
		for _, n := range p.startLen {
			if n > len(folded) {
				break
			}
			if p.starts[folded[:n]] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, set := range p.sets {
		found := false
		for _, s := range set {
			if strings.Contains(folded, s) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// required returns the sets of strings a match of re must contain (all of
// the sets, one string of each).
func required(re *syntax.Regexp) [][]string {
	if set, ok := exact(re); ok {
		if slices.Contains(set, "") {
			return nil
		}
		return [][]string{set}
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		// Runs of children with a small exact language are multiplied
		// out, so that "A(?:FP|P)" requires "afp" or "ap", not just "a".
		var out [][]string
		var run []string
		flush := func() {
			if run != nil && !slices.Contains(run, "") {
				out = append(out, run)
			}
			run = nil
		}
		for _, sub := range re.Sub {
			set, ok := exact(sub)
			if !ok {
				// The run is followed by one of sub's prefixes.
				if pre, ok := prefixes(sub); ok && run != nil && !slices.Contains(pre, "") {
					if p, ok := product(run, pre); ok {
						run = p
					}
				}
				flush()
				out = append(out, required(sub)...)
				continue
			}
			if run == nil {
				run = set
			} else if p, ok := product(run, set); ok {
				run = p
			} else {
				flush()
				run = set
			}
		}
		flush()
		return out
	case syntax.OpAlternate:
		var union []string
		for _, sub := range re.Sub {
			best := bestSet(required(sub))
			if best == nil {
				return nil
			}
			union = append(union, best...)
			if len(union) > maxSetSize {
				return nil
			}
		}
		return [][]string{dedupe(union)}
	}
	return nil
}

// exact returns the whole (small, finite) language of re, case-folded;
// zero-width assertions count as the empty string.
func exact(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{fold(string(re.Rune))}, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
			if n > maxClassLen {
				return nil, false
			}
		}
		if n == 0 {
			return nil, false
		}
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				set = append(set, fold(string(r)))
			}
		}
		return dedupe(set), true
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpQuest:
		set, ok := exact(re.Sub[0])
		if !ok {
			return nil, false
		}
		return dedupe(append(slices.Clip(set), "")), true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			set, ok := exact(sub)
			if !ok {
				return nil, false
			}
			if out, ok = product(out, set); !ok {
				return nil, false
			}
		}
		return out, true
	case syntax.OpAlternate:
		var union []string
		for _, sub := range re.Sub {
			set, ok := exact(sub)
			if !ok {
				return nil, false
			}
			union = append(union, set...)
			if len(union) > maxSetSize {
				return nil, false
			}
		}
		return dedupe(union), true
	}
	return nil, false
}

// prefixes returns strings one of which starts every match of re.
func prefixes(re *syntax.Regexp) ([]string, bool) { return prefixesN(re, maxSetSize) }

// prefixesN is prefixes with at most limit strings.
func prefixesN(re *syntax.Regexp, limit int) ([]string, bool) {
	if set, ok := exact(re); ok {
		return set, true
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return prefixesN(re.Sub[0], limit)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return prefixesN(re.Sub[0], limit)
		}
	case syntax.OpQuest:
		set, ok := prefixesN(re.Sub[0], limit)
		if !ok {
			return nil, false
		}
		return dedupe(append(slices.Clip(set), "")), true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			set, ok := exact(sub)
			if !ok {
				// A prefix of sub extends the strings so far; where sub
				// may match the empty string, the strings may also end here.
				set, ok = prefixesN(sub, limit)
				if !ok {
					return out, true
				}
				p, ok := productN(out, set, limit)
				if !ok {
					return out, true
				}
				if !slices.Contains(set, "") {
					return p, true
				}
				out = p
				continue
			}
			p, ok := productN(out, set, limit)
			if !ok {
				return out, true
			}
			out = p
		}
		return out, true
	case syntax.OpAlternate:
		var union []string
		for _, sub := range re.Sub {
			set, ok := prefixesN(sub, limit)
			if !ok {
				return nil, false
			}
			union = append(union, set...)
			if len(union) > limit {
				return nil, false
			}
		}
		return dedupe(union), true
	}
	return nil, false
}

// product returns every string of a followed by one of b, if not too many.
func product(a, b []string) ([]string, bool) { return productN(a, b, maxSetSize) }

func productN(a, b []string, limit int) ([]string, bool) {
	if len(a)*len(b) > limit {
		return nil, false
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return dedupe(out), true
}

func bestSet(sets [][]string) []string {
	var best []string
	for _, s := range sets {
		if best == nil || score(s) > score(best) {
			best = s
		}
	}
	return best
}

// score ranks a set: the shortest string counts most, the number of strings
// breaks ties.
func score(set []string) int {
	short := 1 << 20
	for _, s := range set {
		short = min(short, len(s))
	}
	return short*1024 - len(set)
}

// blank reports whether set is only white space, which every line has.
func blank(set []string) bool {
	for _, s := range set {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

func dedupe(set []string) []string {
	slices.Sort(set)
	return slices.Compact(set)
}

// fold maps s to a case-folded form in which two strings that match under
// (?i) are equal: ASCII is lowered, other letters become the smallest rune
// of their case-folding orbit.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		default:
			m := r
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				m = min(m, f)
			}
			r = m
			if 'A' <= r && r <= 'Z' { // e.g. the Kelvin sign folds to K
				r += 'a' - 'A'
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
