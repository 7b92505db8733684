// Package export writes the site's data as JSON for other programs.
//
// The schema is public and stable; it grows only by adding fields.
//
//	data/articles.json      [{"id","slug","url","title","date","source","participants":[ids],"topics":[ids],"event","related":[ids]}]
//	data/participants.json  [{"id","name","kind","aliases":[...],"roles":[...],"url","articles":[ids],"quotes":[{"text","article"}]}]
//	data/topics.json        [{"id","name","url","articles":[ids]}]
//	data/events.json        [{"id","title","date","articles":[ids]}]
//
// Article ids are source file names without extension; participant, topic
// and event ids are their URL slugs. Every article belongs to one event. "date" is YYYY-MM-DD or null, "source" a string or
// null. URLs are as linked from the site's pages.
package export

import (
	"bytes"
	"encoding/json"

	"briefing/site/index"
	"briefing/site/output"
	"briefing/site/pages"
)

// Article is one entry of data/articles.json.
type Article struct {
	ID           string   `json:"id"`
	Slug         string   `json:"slug"`
	URL          string   `json:"url"`
	Title        string   `json:"title"`
	Date         *string  `json:"date"`
	Source       *string  `json:"source"`
	Participants []string `json:"participants"`
	Topics       []string `json:"topics"`
	Event        string   `json:"event"`
	Related      []string `json:"related"`
}

// Participant is one entry of data/participants.json.
type Participant struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Aliases  []string `json:"aliases"`
	Roles    []string `json:"roles"`
	URL      string   `json:"url"`
	Articles []string `json:"articles"`
	Quotes   []Quote  `json:"quotes"`
}

// Quote is a direct quotation of a participant and the article it is in.
type Quote struct {
	Text    string `json:"text"`
	Article string `json:"article"`
}

// Event is one entry of data/events.json.
type Event struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Date     *string  `json:"date"`
	Articles []string `json:"articles"`
}

// Topic is one entry of data/topics.json.
type Topic struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	URL      string   `json:"url"`
	Articles []string `json:"articles"`
}

// Files returns the three JSON files for s.
func Files(s *index.Site, r pages.Router) ([]output.File, error) {
	arts := make([]Article, 0, len(s.Articles))
	for _, a := range s.Articles {
		e := Article{ID: a.ID, Slug: a.Slug, URL: r.ArticleURL(a), Title: a.Title,
			Participants: []string{}, Topics: []string{}, Related: []string{}}
		if d := index.Date(a.Date); d != "" {
			e.Date = &d
		}
		if a.Source != "" {
			src := a.Source
			e.Source = &src
		}
		for _, app := range a.Participants {
			e.Participants = append(e.Participants, app.Participant.ID)
		}
		for _, t := range a.Topics {
			e.Topics = append(e.Topics, t.Topic.ID)
		}
		for _, r := range a.Related {
			e.Related = append(e.Related, r.ID)
		}
		if a.Event != nil {
			e.Event = a.Event.ID
		}
		arts = append(arts, e)
	}
	parts := make([]Participant, 0, len(s.Participants))
	for _, p := range s.Participants {
		e := Participant{ID: p.ID, Name: p.Name, Kind: string(p.Kind), Aliases: p.Aliases,
			Roles: []string{}, URL: r.ParticipantURL(p), Articles: []string{}, Quotes: []Quote{}}
		for _, q := range p.Quotes {
			e.Quotes = append(e.Quotes, Quote{Text: q.Text, Article: q.Article.ID})
		}
		if e.Aliases == nil {
			e.Aliases = []string{}
		}
		seen := map[string]bool{}
		for _, role := range p.Roles {
			if !seen[role.Title] {
				seen[role.Title] = true
				e.Roles = append(e.Roles, role.Title)
			}
		}
		for _, app := range p.Articles {
			e.Articles = append(e.Articles, app.Article.ID)
		}
		parts = append(parts, e)
	}
	topics := make([]Topic, 0, len(s.Topics))
	for _, t := range s.Topics {
		e := Topic{ID: t.ID, Name: t.Name, URL: r.TopicURL(t), Articles: []string{}}
		for _, as := range t.Articles {
			e.Articles = append(e.Articles, as.Article.ID)
		}
		topics = append(topics, e)
	}
	evs := make([]Event, 0, len(s.Events))
	for _, ev := range s.Events {
		e := Event{ID: ev.ID, Title: ev.Title, Articles: []string{}}
		if d := index.Date(ev.Date); d != "" {
			e.Date = &d
		}
		for _, a := range ev.Articles {
			e.Articles = append(e.Articles, a.ID)
		}
		evs = append(evs, e)
	}
	var files []output.File
	for _, f := range []struct {
		path string
		v    any
	}{{"data/articles.json", arts}, {"data/participants.json", parts}, {"data/topics.json", topics}, {"data/events.json", evs}} {
		data, err := marshal(f.v)
		if err != nil {
			return nil, err
		}
		files = append(files, output.File{Path: f.path, Data: data})
	}
	return files, nil
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
