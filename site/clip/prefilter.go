package clip

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A prefilter is a cheap necessary condition for a regexp to match, derived
// from its syntax, so that most of the Reader's regexp runs are skipped: a
// body paragraph rarely contains the words of a caption rule, and almost
// never begins or ends like a credit line. Everything is compared
// case-folded (see fold), so a prefilter never rejects a line its regexp
// would match; it only passes some it would not.
type prefilter struct {
	// sets: the line contains one string of each set.
	sets [][]string
	// For a pattern anchored at the start (end) of the line: the line
	// begins (ends) with one of these strings; nil when unknown.
	starts, ends edge
}

// edge is a set of short strings that a line begins or ends with.
type edge struct {
	set  map[string]bool
	lens []int     // the lengths of the strings in set, ascending
	byte [256]bool // the bytes at the edge of the strings in set
}

const (
	maxSetSize  = 256  // larger alternations are not worth checking
	maxSets     = 4    // sets of required strings kept per pattern
	maxClassLen = 10   // character classes of up to this many runes are enumerated
	edgeLen     = 4    // edges are compared over this many bytes at most
	maxEdge     = 1024 // strings kept in an edge; shorter ones if need be
	edgeBudget  = 20000
)

// newPrefilter analyzes pattern (already expanded); a pattern it cannot
// parse gives an empty prefilter, which passes everything.
func newPrefilter(pattern string) prefilter {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return prefilter{}
	}
	re = re.Simplify()
	var p prefilter
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op == syntax.OpConcat && len(re.Sub) >= 2 {
		if re.Sub[0].Op == syntax.OpBeginText {
			p.starts = edgeOf(re.Sub[1:], false)
		}
		if re.Sub[len(re.Sub)-1].Op == syntax.OpEndText {
			p.ends = edgeOf(re.Sub[:len(re.Sub)-1], true)
		}
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

// pass reports whether a line whose folded form is folded may match.
func (p *prefilter) pass(folded string) bool {
	if !p.starts.pass(folded, false) || !p.ends.pass(folded, true) {
		return false
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

func (e *edge) pass(folded string, end bool) bool {
	if e.set == nil {
		return true
	}
	if folded == "" {
		return false
	}
	if b := folded[0]; end {
		if !e.byte[folded[len(folded)-1]] {
			return false
		}
	} else if !e.byte[b] {
		return false
	}
	for _, n := range e.lens {
		if n > len(folded) {
			break
		}
		s := folded[:n]
		if end {
			s = folded[len(folded)-n:]
		}
		if e.set[s] {
			return true
		}
	}
	return false
}

// edgeOf computes the edge of a match of the sequence subs: its start, or
// its end when rev is set.
func edgeOf(subs []*syntax.Regexp, rev bool) edge {
	w := &edgeWalker{rev: rev, budget: edgeBudget, memo: map[seqList]edgeResult{}}
	set, ok := w.seq(w.push(nil, subs...))
	if !ok || len(set) == 0 || slices.Contains(set, "") {
		return edge{}
	}
	e := edge{set: make(map[string]bool, len(set))}
	for _, s := range set {
		e.set[s] = true
		if rev {
			e.byte[s[len(s)-1]] = true
		} else {
			e.byte[s[0]] = true
		}
		if !slices.Contains(e.lens, len(s)) {
			e.lens = append(e.lens, len(s))
		}
	}
	slices.Sort(e.lens)
	return e
}

// seqList is a sequence of regexps as a list whose head is at the edge
// being computed; lists share their tails.
type seqList struct {
	head *syntax.Regexp
	tail *seqList
}

// An edgeWalker computes the strings that start (or, reversed, end) the
// matches of a sequence of regexps. It remembers the sequences it has seen
// (optional parts make the same rest recur) and gives up when its budget of
// steps runs out.
type edgeWalker struct {
	rev    bool
	budget int
	memo   map[seqList]edgeResult
}

type edgeResult struct {
	set []string
	ok  bool
}

// push returns the sequence subs (in text order) followed, inward, by l.
func (w *edgeWalker) push(l *seqList, subs ...*syntax.Regexp) *seqList {
	if w.rev {
		for _, s := range subs {
			l = &seqList{s, l}
		}
		return l
	}
	for i := len(subs) - 1; i >= 0; i-- {
		l = &seqList{subs[i], l}
	}
	return l
}

// seq returns strings (folded, at most edgeLen bytes) one of which starts
// (ends) every match of l; "" among them means nothing is known for some
// match.
func (w *edgeWalker) seq(l *seqList) ([]string, bool) {
	if w.budget--; w.budget < 0 {
		return nil, false
	}
	if l == nil {
		return []string{""}, true
	}
	if r, ok := w.memo[*l]; ok {
		return r.set, r.ok
	}
	set, ok := w.seq1(l.head, l.tail)
	w.memo[*l] = edgeResult{set, ok}
	return set, ok
}

// seq1 is seq for the sequence first, then rest.
func (w *edgeWalker) seq1(first *syntax.Regexp, rest *seqList) ([]string, bool) {
	if set, ok := exact(first); ok {
		set = w.shrink(set)
		if slices.IndexFunc(set, func(s string) bool { return len(s) < edgeLen }) < 0 {
			return set, true // long enough to tell lines apart
		}
		more, ok := w.seq(rest)
		if !ok {
			return set, true // the match goes on past these strings
		}
		return w.join(set, more), true
	}
	var branches []*seqList
	switch first.Op {
	case syntax.OpCapture:
		return w.seq(w.push(rest, first.Sub[0]))
	case syntax.OpConcat:
		return w.seq(w.push(rest, first.Sub...))
	case syntax.OpAlternate:
		for _, b := range first.Sub {
			branches = append(branches, w.push(rest, b))
		}
	case syntax.OpQuest:
		branches = []*seqList{w.push(rest, first.Sub[0]), rest}
	case syntax.OpStar:
		branches = []*seqList{w.push(nil, first.Sub[0]), rest} // x*: empty, or x at the edge
	case syntax.OpPlus:
		branches = []*seqList{w.push(nil, first.Sub[0])}
	case syntax.OpRepeat:
		branches = []*seqList{w.push(nil, first.Sub[0])}
		if first.Min == 0 {
			branches = append(branches, rest)
		}
	default:
		return nil, false
	}
	var union []string
	for _, b := range branches {
		set, ok := w.seq(b)
		if !ok {
			return nil, false
		}
		union = append(union, set...)
	}
	return w.shrink(union), true
}

// join returns every string of set continued inward by one of more, cut to
// edgeLen bytes.
func (w *edgeWalker) join(set, more []string) []string {
	if len(set)*len(more) > maxEdge {
		return set // an edge of an edge is still an edge
	}
	seen := map[string]bool{}
	var out []string
	cut := map[int][]string{} // more cut to n bytes, by n
	for _, x := range set {
		n := edgeLen - len(x)
		if n <= 0 {
			out = append(out, x)
			continue
		}
		mn, ok := cut[n]
		if !ok {
			mn = dedupe(w.truncate(more, n))
			cut[n] = mn
		}
		for _, y := range mn {
			s := x + y
			if w.rev {
				s = y + x
			}
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return w.shrink(out)
}

// shrink cuts the strings of set to edgeLen bytes, and shorter until there
// are at most maxEdge of them. (Bytes of the folded line are compared, so a
// cut through a rune is fine.)
func (w *edgeWalker) shrink(set []string) []string {
	set = dedupe(w.truncate(set, edgeLen))
	for n := edgeLen - 1; len(set) > maxEdge && n > 0; n-- {
		set = dedupe(w.truncate(set, n))
	}
	return set
}

// truncate returns a copy of set with its strings cut to their first (last,
// reversed) n bytes.
func (w *edgeWalker) truncate(set []string, n int) []string {
	out := make([]string, len(set))
	for i, s := range set {
		if len(s) > n {
			if w.rev {
				s = s[len(s)-n:]
			} else {
				s = s[:n]
			}
		}
		out[i] = s
	}
	return out
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
func prefixes(re *syntax.Regexp) ([]string, bool) {
	if set, ok := exact(re); ok {
		return set, true
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return prefixes(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return prefixes(re.Sub[0])
		}
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			set, ok := exact(sub)
			if !ok {
				if set, ok = prefixes(sub); ok {
					if p, ok := product(out, set); ok {
						return p, true
					}
				}
				return out, true
			}
			p, ok := product(out, set)
			if !ok {
				return out, true
			}
			out = p
		}
		return out, true
	case syntax.OpAlternate:
		var union []string
		for _, sub := range re.Sub {
			set, ok := prefixes(sub)
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

// product returns every string of a followed by one of b, if not too many.
func product(a, b []string) ([]string, bool) {
	if len(a)*len(b) > maxSetSize {
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
// of their case-folding orbit, and ASCII white space becomes a space.
func fold(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || ('\t' <= c && c <= '\r') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	foldInto(&b, s)
	return b.String()
}

// foldInto writes fold(s) to b.
func foldInto(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case '\t' <= c && c <= '\r':
				c = ' ' // all of \s is one space
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		if 'A' <= m && m <= 'Z' { // the Kelvin sign folds to K
			m += 'a' - 'A'
		}
		b.WriteRune(m)
	}
}
