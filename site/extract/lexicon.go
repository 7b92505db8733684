package extract

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed known.toml
var knownTOML []byte

// wclass is the set of word lists a folded word belongs to.
type wclass uint32

const (
	cStop wclass = 1 << iota
	cDate
	cTitle
	cHonorific
	cMod
	cHead
	cLeadHead
	cLowHead
	cOrgAdj
	cEvent
	cGeo
	cDemonym
	cParticle
	cHyphenParticle
	cConn
	cSpeech
	cSpeechBefore
	cSpeechAux
	cSuffix
	cNotAcronym
	cPersonNoun
	cQuoteVerb
	cQuotePart
	cPronoun
	cBeAux
	cOpener
	cTail
	cModal
	cRoleNoun
	cAccording // the word "according", which opens an attribution
	cKeyTitle  // keyTitles: Key drops them before a name
	cSmall     // smallWords: lower case in title-case headlines
)

// quoteClasses are the lists only quotation attribution reads; participant
// discovery ignores them.
const quoteClasses = cQuoteVerb | cQuotePart | cPronoun | cBeAux | cOpener | cTail | cModal | cRoleNoun | cAccording

// helperClasses mark words of the small lists kept in the code (keyTitles,
// smallWords) so that a token's classes answer for them too.
const helperClasses = cKeyTitle | cSmall

// knownFile is the shape of known.toml.
type knownFile struct {
	Rules  []Rule `toml:"rule"`
	Places struct {
		Countries []string `toml:"countries"`
		Cities    []string `toml:"cities"`
		Regions   []string `toml:"regions"`
	} `toml:"places"`
	Words struct {
		Demonyms        []string `toml:"demonyms"`
		Titles          []string `toml:"titles"`
		Honorifics      []string `toml:"honorifics"`
		Modifiers       []string `toml:"modifiers"`
		Heads           []string `toml:"heads"`
		LeadHeads       []string `toml:"lead_heads"`
		LowerHeads      []string `toml:"lower_heads"`
		OrgAdjectives   []string `toml:"org_adjectives"`
		Events          []string `toml:"events"`
		Geo             []string `toml:"geo"`
		Particles       []string `toml:"particles"`
		HyphenParticles []string `toml:"hyphen_particles"`
		Connectors      []string `toml:"connectors"`
		Stop            []string `toml:"stop"`
		Dates           []string `toml:"dates"`
		Speech          []string `toml:"speech"`
		SpeechBefore    []string `toml:"speech_before"`
		SpeechAux       []string `toml:"speech_aux"`
		Suffixes        []string `toml:"suffixes"`
		NotAcronyms     []string `toml:"not_acronyms"`
		PersonNouns     []string `toml:"person_nouns"`
		QuoteVerbs      []string `toml:"quote_verbs"`
		QuoteParts      []string `toml:"quote_participles"`
		Pronouns        []string `toml:"speaker_pronouns"`
		BeAux           []string `toml:"be_aux"`
		Openers         []string `toml:"clause_openers"`
		Tail            []string `toml:"attribution_tail"`
		Modal           []string `toml:"modal_aux"`
		RoleNouns       []string `toml:"role_nouns"`
	} `toml:"words"`
}

// lexicon is the parsed word lists, shared read-only by every Extractor.
type lexicon struct {
	class    map[string]wclass
	particle map[string]bool
	suffix   map[string]bool
	rules    []Rule // organizations, then places
}

var lex = loadLexicon()

func loadLexicon() *lexicon {
	var kf knownFile
	if err := toml.Unmarshal(knownTOML, &kf); err != nil {
		panic(fmt.Sprintf("extract: embedded known.toml: %v", err))
	}
	l := &lexicon{class: map[string]wclass{}, particle: map[string]bool{}, suffix: map[string]bool{}}
	add := func(c wclass, words []string) {
		for _, w := range words {
			l.class[foldToken(w)] |= c
		}
	}
	w := &kf.Words
	add(cDemonym, w.Demonyms)
	for _, d := range w.Demonyms {
		if !strings.HasSuffix(d, "s") {
			l.class[foldToken(d)+"s"] |= cDemonym
		}
	}
	add(cTitle, w.Titles)
	add(cHonorific, w.Honorifics)
	add(cMod, w.Modifiers)
	add(cHead, w.Heads)
	add(cLeadHead, w.LeadHeads)
	add(cLowHead, w.LowerHeads)
	add(cOrgAdj, w.OrgAdjectives)
	add(cEvent, w.Events)
	add(cGeo, w.Geo)
	add(cParticle, w.Particles)
	add(cHyphenParticle, w.HyphenParticles)
	add(cConn, w.Connectors)
	add(cStop, w.Stop)
	add(cDate, w.Dates)
	add(cSpeech, w.Speech)
	add(cSpeechBefore, w.SpeechBefore)
	add(cSpeechAux, w.SpeechAux)
	add(cSuffix, w.Suffixes)
	add(cNotAcronym, w.NotAcronyms)
	add(cPersonNoun, w.PersonNouns)
	add(cQuoteVerb, w.QuoteVerbs)
	add(cQuotePart, w.QuoteParts)
	add(cPronoun, w.Pronouns)
	add(cBeAux, w.BeAux)
	add(cOpener, w.Openers)
	add(cTail, w.Tail)
	add(cModal, w.Modal)
	add(cRoleNoun, w.RoleNouns)
	l.class["according"] |= cAccording
	for w := range keyTitles {
		l.class[w] |= cKeyTitle
	}
	for w := range smallWords {
		l.class[w] |= cSmall
	}
	for _, p := range w.Particles {
		l.particle[foldToken(p)] = true
	}
	for _, p := range w.HyphenParticles {
		l.particle[foldToken(p)] = true
	}
	for _, s := range w.Suffixes {
		l.suffix[foldToken(s)] = true
	}
	l.rules = append(l.rules, kf.Rules...)
	for _, list := range [][]string{kf.Places.Countries, kf.Places.Cities, kf.Places.Regions} {
		for _, name := range list {
			l.rules = append(l.rules, Rule{Name: name, Kind: Place})
		}
	}
	return l
}

// DefaultRules returns the built-in rules from known.toml: well-known
// organizations of world news with their aliases and metonyms, and places
// (countries, capitals, regions). It names no person. The slice is a copy.
func DefaultRules() []Rule {
	out := make([]Rule, len(lex.rules))
	for i, r := range lex.rules {
		r.Aliases = append([]string(nil), r.Aliases...)
		out[i] = r
	}
	return out
}
