// Package extract finds the participants (people and organizations) and the
// topics of one article. It is the pure, per-article stage between parsing
// and indexing: the same Article and Options always give the same
// Annotations, so results can be cached by content hash.
//
// Participants are discovered from the text, not from a list of names:
// capitalised word sequences (with the particles of names such as
// "Bashar al-Assad" or "Staffan de Mistura") are split and classified with
// word lists kept in known.toml: organization heads ("Ministry", "Group"),
// titles ("Foreign Minister", "spokesman"), places and nationalities,
// events and documents. A sequence is an organization when it has a head
// word, is a known rule, an acronym, or is defined by one ("Collective
// Security Treaty Organization (CSTO)"); a person when it is a name of two
// or more words, follows a title or is the subject of a speech verb
// ("Kerry said"). Within an article, the mentions of one person merge
// (full name, surname, title and surname, possessives, particle variants);
// a bare surname goes to the person of that surname named most recently.
//
// Rules (DefaultRules and the site's own) name known organizations and
// places, and add aliases that merge names, kinds, and exclusions.
//
// Quotes are the direct quotations: words in double quotation marks that
// are speech, not scare quotes or a name. Each goes to the participant the
// speech verb around it names ('"...," Lavrov said', 'Kerry said: "..."',
// '"...," he added'), or to nobody when the speaker is unnamed ("an
// official said") or uncertain: precision comes before recall. The rules
// are spelled out at the top of quotes.go.
//
// Speed. A site has tens of thousands of articles, so Extract reads an
// article's text once: the tokenizer (folder.go: an ASCII fast path that
// reads a short word as one integer, tables, no regexp) classifies each
// word with one lookup in the Extractor's dictionary (dict.go: the word
// lists and the word ids of the name and term tries, keyed by a word's
// first eight bytes), and notes on the way the few tokens that later passes
// read (speech verbs, term starts, sentence stops, words written in lower
// case). Tokens hold no pointer and take 32 bytes: a word in lower case is
// its own fold, and the other folds go into one buffer, so a token costs
// the garbage collector nothing.
// Participant analysis, topics and quotes share those tokens. The scratch
// space of a call (tokens, units, mentions, entities, maps) is kept in a
// sync.Pool and reused, so an article costs a few allocations, mostly its
// output. The results are those of the plain code the fast paths replace:
// tokens_ref_test.go keeps that code and compares, and golden_test.go holds
// the output on a frozen set of generated articles to a digest.
package extract

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"briefing/site/article"
)

// Kind is what a participant is.
type Kind string

// Kinds of participants.
const (
	Person       Kind = "person"
	Organization Kind = "organization"
	Place        Kind = "place"
)

// Rule is a known entity or a correction, from the embedded data file or
// from the site's configuration. Aliases are other names of the same entity;
// Exclude keeps the name (and its aliases) from ever being a participant.
type Rule struct {
	Name    string   `toml:"name"`
	Kind    Kind     `toml:"kind"`
	Aliases []string `toml:"aliases"`
	Exclude bool     `toml:"exclude"`
}

// Topic is one entry of the taxonomy. Terms match whole words,
// case-insensitively, tolerating plurals and possessives.
type Topic struct {
	ID, Name, Description string
	Terms                 []string
}

// Options configures an Extractor.
type Options struct {
	// Rules are all the rules: usually DefaultRules() followed by the site's
	// own. A later rule wins a name two rules claim. Nil means DefaultRules().
	Rules  []Rule
	Topics []Topic
	// TopicMinHits is how many term hits assign a topic to an article
	// (0 means 2). One hit in the headline always does.
	TopicMinHits int
}

// Annotations is what extraction finds in one article.
type Annotations struct {
	Participants []Participant // by first mention
	Topics       []TopicMatch  // by Hits, descending, then ID
	Quotes       []Quote       // in text order
}

// Participant is one person or organization of an article.
type Participant struct {
	Key      string   // folding key shared across articles (see Key)
	Name     string   // the most complete form in this article, as written
	Kind     Kind     // Person or Organization
	Aliases  []string // other surface forms seen, sorted, without Name
	Roles    []string // titles stated beside the name, as written, in order
	Mentions []Mention
}

// Mention locates one mention: Block indexes Article.Text() (0 is the title);
// Start and End are byte offsets in that block.
type Mention struct{ Block, Start, End int }

// TopicMatch is a topic found in an article: the distinct matched phrases as
// written, in order of first occurrence, and the number of hits.
type TopicMatch struct {
	ID       string
	Evidence []string
	Hits     int
}

// Extractor extracts annotations. It is built once by New and is safe for
// concurrent use.
type Extractor struct {
	rules    []Rule
	ruleKey  []string
	ruleUnit []ukind // per rule: the unit kind of its names
	names    trie    // rule names and aliases
	excluded map[string]bool
	topics   []Topic
	terms    trie // topic terms
	dict     dict // every word the lists or the tries know
	minHits  int
	pool     sync.Pool
}

// New compiles the rules and topics.
func New(opts Options) (*Extractor, error) {
	x := &Extractor{excluded: map[string]bool{}, minHits: opts.TopicMinHits}
	if x.minHits <= 0 {
		x.minHits = 2
	}
	rules := opts.Rules
	if rules == nil {
		rules = lex.rules
	}
	x.rules = make([]Rule, 0, len(rules))
	for i, r := range rules {
		if strings.TrimSpace(r.Name) == "" {
			return nil, fmt.Errorf("extract: rule %d: empty name", i+1)
		}
		switch r.Kind {
		case Person, Organization, Place:
		case "":
			if !r.Exclude {
				r.Kind = guessKind(r.Name)
			}
		default:
			return nil, fmt.Errorf("extract: rule %q: unknown kind %q", r.Name, r.Kind)
		}
		x.rules = append(x.rules, r)
	}
	x.ruleUnit = make([]ukind, len(x.rules))
	for i, r := range x.rules {
		x.ruleUnit[i] = ruleUnit(r)
	}
	x.names = newTrie()
	x.ruleKey = make([]string, len(x.rules))
	var ks keyScratch
	var kb []byte
	for i, r := range x.rules {
		// One tokenization gives the key and the trie's words.
		ks.tokenizeNFC(r.Name)
		kb = appendKeyParts(kb[:0], len(ks.toks), ks.fold, ks.class)
		x.ruleKey[i] = string(kb)
		if r.Exclude {
			x.excluded[x.ruleKey[i]] = true
			for _, a := range r.Aliases {
				x.excluded[Key(a)] = true
			}
		}
		if !isASCII(r.Name) {
			ks.tokenize(r.Name) // the trie reads names as written
		}
		x.names.addName(&ks, int32(i))
		for _, a := range r.Aliases {
			ks.tokenize(a)
			x.names.addName(&ks, int32(i))
		}
	}
	x.terms = newTrie()
	seen := map[string]bool{}
	for i, t := range opts.Topics {
		if t.ID == "" {
			return nil, fmt.Errorf("extract: topic %d: empty id", i+1)
		}
		if seen[t.ID] {
			return nil, fmt.Errorf("extract: topic %q: duplicate id", t.ID)
		}
		seen[t.ID] = true
		for _, term := range t.Terms {
			x.terms.addTerm(term, int32(i))
		}
	}
	x.topics = append(x.topics, opts.Topics...)
	x.dict = makeDict(&x.names, &x.terms)
	x.pool.New = func() any { return new(state) }
	return x, nil
}

// ruleUnit is the unit kind of the names of rule r.
func ruleUnit(r Rule) ukind {
	switch {
	case r.Exclude:
		return uExclK
	case r.Kind == Place:
		return uPlaceK
	case r.Kind == Person:
		return uPersonK
	}
	return uOrgK
}

// guessKind gives a rule without a kind one from its shape.
func guessKind(name string) Kind {
	ks := keyPool.Get().(*keyScratch)
	defer keyPool.Put(ks)
	ks.tokenize(name)
	for i, t := range ks.toks {
		if ks.class(i)&(cHead|cLeadHead) != 0 || t.has(fAllCaps) {
			return Organization
		}
	}
	return Person
}

// Extract annotates one article. It reads a.Text() (headline and body),
// never captions or removed lines, and honours the article's hints:
// Exclude drops names, Participants adds names, Topics adds topic ids.
func (x *Extractor) Extract(a *article.Article) Annotations {
	st := x.pool.Get().(*state)
	defer func() { st.reset(); x.pool.Put(st) }()
	st.topicHits = growInts(st.topicHits, len(x.topics))
	st.headHits = growInts(st.headHits, len(x.topics))
	st.evidence = growStrings(st.evidence, len(x.topics))
	st.text = a.AppendText(st.text[:0])
	text := st.text
	// Tokenize everything first: scanning asks which words the article
	// also writes in lower case.
	st.all = st.all[:0]
	st.bounds = append(st.bounds[:0], 0)
	st.fold.reset(x)
	for b, s := range text {
		st.fold.block = int32(b)
		st.all = st.fold.tokenize(s, st.all)
		st.bounds = append(st.bounds, len(st.all))
	}
	st.folds = st.fold.folds()
	st.nstart = 0
	for b, s := range text {
		st.toks = st.all[st.bounds[b]:st.bounds[b+1]]
		x.scanBlock(st, b, s)
		x.scanTopics(st, b, s)
	}
	var ann Annotations
	ann.Participants = x.resolve(st, a, text)
	ann.Topics = x.topicMatches(st, a)
	ann.Quotes = x.quotes(st, text, ann.Participants)
	return ann
}

func growInts(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func growStrings(s [][]string, n int) [][]string {
	if cap(s) < n {
		return make([][]string, n)
	}
	s = s[:n]
	for i := range s {
		clear(s[i])
		s[i] = s[i][:0]
	}
	return s
}

// topicMatches turns the counted hits into the assigned topics. The
// topics' evidence shares one array.
func (x *Extractor) topicMatches(st *state, a *article.Article) []TopicMatch {
	n, nev := 0, 0
	for i, t := range x.topics {
		if st.topicHits[i] >= x.minHits || st.headHits[i] > 0 || slices.Contains(a.Topics, t.ID) {
			n++
			nev += len(st.evidence[i])
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]TopicMatch, 0, n)
	ev := make([]string, nev)
	for i, t := range x.topics {
		if st.topicHits[i] >= x.minHits || st.headHits[i] > 0 || slices.Contains(a.Topics, t.ID) {
			m := TopicMatch{ID: t.ID, Hits: st.topicHits[i]}
			if k := len(st.evidence[i]); k > 0 {
				m.Evidence = ev[:k:k]
				copy(m.Evidence, st.evidence[i])
				ev = ev[k:]
			}
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b TopicMatch) int {
		return cmp.Or(cmp.Compare(b.Hits, a.Hits), strings.Compare(a.ID, b.ID))
	})
	return out
}

// scanTopics counts the topic terms of one block.
func (x *Extractor) scanTopics(st *state, b int, s string) {
	if len(x.topics) == 0 {
		return
	}
	toks := st.toks
	lo, hi := int32(st.bounds[b]), int32(st.bounds[b+1])
	starts := st.fold.starts // the tokens a term may start with, in order
	for next := 0; st.nstart < len(starts) && starts[st.nstart] < hi; {
		i := int(starts[st.nstart] - lo)
		st.nstart++
		if i < next {
			continue // inside the term found last
		}
		node, best, bestEnd := int32(0), int32(0), -1
		for j := i; j < len(toks); j++ {
			if j > i && toks[j].has(fBreak) {
				break
			}
			next, ok := x.terms.child(node, toks[j].tw)
			if !ok {
				break
			}
			node = next
			if x.terms.ends[node] != 0 {
				best, bestEnd = node, j+1
			}
		}
		if bestEnd < 0 {
			continue
		}
		phrase := s[toks[i].start:toks[bestEnd-1].end]
		for _, ti := range x.terms.topicsAt[x.terms.ends[best]-1] {
			st.topicHits[ti]++
			if b == 0 {
				st.headHits[ti]++
			}
			if !slices.ContainsFunc(st.evidence[ti], func(e string) bool { return strings.EqualFold(e, phrase) }) {
				st.evidence[ti] = append(st.evidence[ti], phrase)
			}
		}
		next = bestEnd
	}
}

// stem removes a plural ending so that "sanctions" matches "sanction".
func stem(w string) string {
	k, y := stemCut(w)
	if y {
		return w[:k] + "y"
	}
	return w[:k]
}

// stemCut says how stem changes w: it keeps w[:k], then adds "y" when y.
func stemCut(w string) (k int, y bool) {
	n := len(w)
	switch {
	case n <= 3:
		return n, false
	case strings.HasSuffix(w, "ies"):
		return n - 3, true
	case strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		return n - 2, false
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
		return n, false
	case w[n-1] == 's':
		return n - 1, false
	}
	return n, false
}

// trie maps word sequences to rules (names) or topics (terms). Words have
// ids, so that a step is one lookup of two integers.
type trie struct {
	ids      map[string]int32 // word -> id, from 1
	next     edges            // node<<32 | word id -> child node, below the root
	root     []int32          // word id -> child of the root, 0 for none
	ends     []int32          // per node: 1 + index into entries (names) or topicsAt (terms), 0 for none
	entries  []trieEntry
	topicsAt [][]int32
}

// edges maps keys (never 0) to values: open addressing over a table that
// grows to stay at most half full. Looking up a trie edge in it costs less
// than in a map.
type edges struct {
	shift uint // 64 - log2(len(keys))
	keys  []uint64
	vals  []int32
	n     int
}

func edgeHash(k uint64) uint64 { return k * 0x9e3779b97f4a7c15 }

// get returns the value of k.
func (m *edges) get(k uint64) (int32, bool) {
	if m.n == 0 {
		return 0, false
	}
	mask := len(m.keys) - 1
	for i := int(edgeHash(k) >> m.shift); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case k:
			return m.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// set sets the value of k, a key not yet in m.
func (m *edges) set(k uint64, v int32) {
	if 2*(m.n+1) > len(m.keys) {
		old, vals := m.keys, m.vals
		size := max(16, 2*len(old))
		m.keys, m.vals = make([]uint64, size), make([]int32, size)
		m.shift = uint(64 - bits.TrailingZeros(uint(size)))
		m.n = 0
		for i, key := range old {
			if key != 0 {
				m.set(key, vals[i])
			}
		}
	}
	mask := len(m.keys) - 1
	i := int(edgeHash(k) >> m.shift)
	for m.keys[i] != 0 {
		i = (i + 1) & mask
	}
	m.keys[i], m.vals[i] = k, v
	m.n++
}

type trieEntry struct {
	rule    int32
	acronym bool // matches only text written in capitals
}

func newTrie() trie {
	return trie{ids: map[string]int32{}, ends: []int32{0}}
}

// child follows word id w from node; w 0 (an unknown word) goes nowhere.
func (t *trie) child(node, w int32) (int32, bool) {
	if node == 0 {
		if int(w) < len(t.root) {
			c := t.root[w]
			return c, c != 0
		}
		return 0, false
	}
	if w == 0 {
		return 0, false
	}
	return t.next.get(uint64(node)<<32 | uint64(w))
}

func (t *trie) walk(words []string) int32 {
	node := int32(0)
	for _, w := range words {
		node = step(t, node, w)
	}
	return node
}

// step follows word w from node, adding it to the trie if needed.
func step[W string | []byte](t *trie, node int32, w W) int32 {
	id := t.ids[string(w)]
	if id == 0 {
		id = int32(len(t.ids) + 1)
		t.ids[string(w)] = id
	}
	next, ok := t.child(node, id)
	if !ok {
		next = int32(len(t.ends))
		t.ends = append(t.ends, 0)
		if node == 0 {
			for int(id) >= len(t.root) {
				t.root = append(t.root, 0)
			}
			t.root[id] = next
		} else {
			t.next.set(uint64(node)<<32|uint64(id), next)
		}
	}
	return next
}

// addName adds a rule's name or alias, tokenized in ks. An alias written
// in capitals only ("UN") matches only capitals; a later rule takes over a
// name.
func (t *trie) addName(ks *keyScratch, rule int32) {
	if len(ks.toks) == 0 {
		return
	}
	node := int32(0)
	acronym := true
	for i, tk := range ks.toks {
		node = step(t, node, ks.fold(i))
		if !tk.has(fAllCaps) && !(tk.has(fInitial) || tk.has(fDigit) && !tk.has(fLower)) {
			acronym = false
		}
	}
	if e := t.ends[node]; e != 0 && t.entries[e-1].rule == rule {
		t.entries[e-1].acronym = t.entries[e-1].acronym && acronym
		return
	}
	t.entries = append(t.entries, trieEntry{rule: rule, acronym: acronym})
	t.ends[node] = int32(len(t.entries))
}

// addTerm adds a topic term, stemmed; a hyphenated term is also added
// written solid ("cease-fire" also matches "ceasefire").
func (t *trie) addTerm(term string, topic int32) {
	var ks keyScratch
	ks.tokenize(term)
	if len(ks.toks) == 0 {
		return
	}
	words := make([]string, len(ks.toks))
	var solid []string
	for i, tk := range ks.toks {
		fold := string(ks.fold(i))
		words[i] = stem(fold)
		if tk.has(fHyphen) && len(solid) > 0 {
			solid[len(solid)-1] += fold
		} else {
			solid = append(solid, fold)
		}
	}
	t.addTopic(words, topic)
	if len(solid) != len(words) {
		for i := range solid {
			solid[i] = stem(solid[i])
		}
		t.addTopic(solid, topic)
	}
}

func (t *trie) addTopic(words []string, topic int32) {
	node := t.walk(words)
	if t.ends[node] == 0 {
		t.topicsAt = append(t.topicsAt, nil)
		t.ends[node] = int32(len(t.topicsAt))
	}
	i := t.ends[node] - 1
	if !slices.Contains(t.topicsAt[i], topic) {
		t.topicsAt[i] = append(t.topicsAt[i], topic)
	}
}

// match finds the longest rule name starting at toks[i]; it returns the rule
// and the end token, or -1.
func (t *trie) match(toks []token, i int) (int32, int) {
	first := &toks[i]
	if !first.has(fCap | fAllCaps) {
		// "al-Nusra Front": a lower-case particle may open a known name.
		if !(first.cls&cParticle != 0 && i+1 < len(toks) && toks[i+1].has(fCap)) {
			return -1, -1
		}
	}
	node, rule, end := int32(0), int32(-1), -1
	allCaps := true
	for j := i; j < len(toks); j++ {
		if j > i && toks[j].has(fBreak) {
			break
		}
		next, ok := t.child(node, toks[j].nw)
		if !ok {
			break
		}
		node = next
		if !toks[j].has(fAllCaps) && !(toks[j].has(fInitial)) && !(toks[j].has(fDigit) && !toks[j].has(fLower)) {
			allCaps = false
		}
		if e := t.ends[node]; e != 0 {
			en := t.entries[e-1]
			if !en.acronym || allCaps {
				rule, end = en.rule, j+1
			}
		}
	}
	return rule, end
}
