package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"briefing/site/article"
	"briefing/site/config"
	"briefing/site/dates"
	"briefing/site/extract"
	"briefing/site/index"
	"briefing/site/source"
)

// Explanation is what the reader and the extractor made of one file: the
// output of `briefing extract`, for finding out why a page looks wrong.
type Explanation struct {
	File         string             `json:"file"`
	ID           string             `json:"id"`
	Format       string             `json:"format"`
	Title        string             `json:"title"`
	Date         *string            `json:"date"`
	Source       string             `json:"source,omitempty"`
	Author       string             `json:"author,omitempty"`
	Dateline     *ExplainedDateline `json:"dateline,omitempty"`
	Captions     []ExplainedCaption `json:"captions"`
	Paragraphs   []ExplainedBlock   `json:"paragraphs"`
	Removed      []ExplainedRemoval `json:"removed"`
	Participants []ExplainedEntity  `json:"participants"`
	Quotes       []ExplainedQuote   `json:"quotes"`
	Dates        []ExplainedDate    `json:"dates"`
	Topics       []ExplainedTopic   `json:"topics"`
}

// ExplainedQuote is a direct quotation; speaker is a participant key, or
// empty when the quote could not be attributed with confidence.
type ExplainedQuote struct {
	Block   int    `json:"block"`
	Start   int    `json:"start"`
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
}

// ExplainedDate is a date stated in the text and what it resolved to.
type ExplainedDate struct {
	Block     int     `json:"block"`
	Text      string  `json:"text"`
	Date      *string `json:"date"`
	Precision string  `json:"precision"`
	Inferred  bool    `json:"inferred,omitempty"`
}

// ExplainedDateline is the "PLACE (AGENCY) -" opening of the story.
type ExplainedDateline struct {
	Place  string `json:"place"`
	Agency string `json:"agency,omitempty"`
}

// ExplainedCaption is a photo caption and its credit.
type ExplainedCaption struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Credit string `json:"credit,omitempty"`
}

// ExplainedTopic is a topic assigned to the article and the phrases that matched.
type ExplainedTopic struct {
	ID       string   `json:"id"`
	Hits     int      `json:"hits"`
	Evidence []string `json:"evidence"`
}

// ExplainedBlock is one body block.
type ExplainedBlock struct {
	Line int    `json:"line"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// ExplainedRemoval is a line kept out of the body and the rule that did it.
type ExplainedRemoval struct {
	Line int    `json:"line"`
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// ExplainedEntity is one participant with every mention.
type ExplainedEntity struct {
	Key      string             `json:"key"`
	Name     string             `json:"name"`
	Kind     string             `json:"kind"`
	Aliases  []string           `json:"aliases"`
	Roles    []string           `json:"roles"`
	Mentions []ExplainedMention `json:"mentions"`
}

// ExplainedMention locates a mention: block 0 is the headline, 1 the first
// body block.
type ExplainedMention struct {
	Block int    `json:"block"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Explain reads and annotates the given files (paths on disk) with the
// site's configuration, as a build would, and reports everything found.
// A clipping's sidecar metadata beside it is applied.
func Explain(opts Options, files []string) ([]Explanation, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	cfg, err := config.Load(opts.Source)
	if err != nil {
		return nil, err
	}
	rs, err := newReaders(cfg)
	if err != nil {
		return nil, err
	}
	var out []Explanation
	var errs []error
	for _, name := range files {
		f, err := readFile(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		a, err := rs.read(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, explain(a, rs.x.Extract(a), dates.Find(a.Text(), a.Date)))
	}
	return out, errors.Join(errs...)
}

func readFile(name string) (source.File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return source.File{}, err
	}
	ext := filepath.Ext(name)
	if ext != ".txt" && ext != ".md" {
		return source.File{}, fmt.Errorf("%s: not an article (.txt or .md)", name)
	}
	f := source.File{Path: filepath.ToSlash(name), ID: strings.TrimSuffix(filepath.Base(name), ext), Data: data}
	if ext == ".txt" {
		side := strings.TrimSuffix(name, ext) + source.SidecarSuffix
		sd, err := os.ReadFile(side)
		switch {
		case err == nil:
			f.Sidecar = &source.Sidecar{Path: filepath.ToSlash(side), Data: sd}
		case !errors.Is(err, fs.ErrNotExist):
			return source.File{}, err
		}
	}
	return f, nil
}

func explain(a *article.Article, ann extract.Annotations, ds []dates.Mention) Explanation {
	e := Explanation{File: a.Path, ID: a.ID, Format: string(a.Format), Title: a.Title, Source: a.Source,
		Author: a.Author, Captions: []ExplainedCaption{}, Topics: []ExplainedTopic{},
		Paragraphs: []ExplainedBlock{}, Removed: []ExplainedRemoval{}, Participants: []ExplainedEntity{},
		Quotes: []ExplainedQuote{}, Dates: []ExplainedDate{}}
	for _, q := range ann.Quotes {
		e.Quotes = append(e.Quotes, ExplainedQuote{Block: q.Block, Start: q.Start, Speaker: q.Speaker, Text: q.Text})
	}
	for _, d := range ds {
		ed := ExplainedDate{Block: d.Block, Text: d.Text, Precision: d.Precision.String(), Inferred: d.Inferred}
		if s := index.Date(d.Date); s != "" {
			ed.Date = &s
		}
		e.Dates = append(e.Dates, ed)
	}
	if d := index.Date(a.Date); d != "" {
		e.Date = &d
	}
	if a.Dateline != (article.Dateline{}) {
		e.Dateline = &ExplainedDateline{Place: a.Dateline.Place, Agency: a.Dateline.Agency}
	}
	for _, c := range a.Captions {
		e.Captions = append(e.Captions, ExplainedCaption{Line: c.Line, Text: c.Text, Credit: c.Credit})
	}
	for _, t := range ann.Topics {
		e.Topics = append(e.Topics, ExplainedTopic{ID: t.ID, Hits: t.Hits, Evidence: nonNil(t.Evidence)})
	}
	for _, b := range a.Blocks {
		e.Paragraphs = append(e.Paragraphs, ExplainedBlock{Line: b.Line, Kind: string(b.Kind), Text: b.Text})
	}
	for _, r := range a.Removed {
		e.Removed = append(e.Removed, ExplainedRemoval{Line: r.Line, Rule: r.Reason, Text: r.Text})
	}
	text := a.Text()
	for _, p := range ann.Participants {
		ent := ExplainedEntity{Key: p.Key, Name: p.Name, Kind: string(p.Kind), Aliases: nonNil(p.Aliases),
			Roles: nonNil(p.Roles), Mentions: []ExplainedMention{}}
		for _, m := range p.Mentions {
			em := ExplainedMention{Block: m.Block, Start: m.Start, End: m.End}
			if m.Block >= 0 && m.Block < len(text) && m.Start >= 0 && m.End <= len(text[m.Block]) && m.Start <= m.End {
				em.Text = text[m.Block][m.Start:m.End]
			}
			ent.Mentions = append(ent.Mentions, em)
		}
		e.Participants = append(e.Participants, ent)
	}
	return e
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
