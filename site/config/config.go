// Package config reads briefing.toml, the optional site configuration, and
// merges it over the defaults embedded in the binary (default.toml).
//
// Every setting has a default, so a site needs no configuration file at all.
// Topics are the exception to merging: a config that lists any [[topic]]
// replaces the default taxonomy, so a site's topics are exactly the ones it
// names. Participant rules ([[participant]]) are added to the built-in ones.
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"briefing/site/clip"
)

//go:embed default.toml
var defaultTOML []byte

// FileName is the name of the configuration file at the site root.
const FileName = "briefing.toml"

// Config is the site configuration.
type Config struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	BaseURL     string `toml:"base_url"`
	Language    string `toml:"language"`
	ContentDir  string `toml:"content_dir"`
	// TopParticipants is how many participants the home page lists.
	TopParticipants int `toml:"top_participants"`
	// Related is how many related articles an article page lists.
	Related int `toml:"related"`
	// FallbackTopic is the id of the topic that takes the articles no other
	// topic claims; "" leaves such articles without a topic.
	FallbackTopic string `toml:"fallback_topic"`
	// MaxArticleSize is the largest article file, in bytes, a build reads;
	// a larger one is an error. It bounds the memory one article can take.
	MaxArticleSize int64 `toml:"max_article_size"`

	Topics       []Topic       `toml:"topic"`
	Participants []Participant `toml:"participant"`
	// Clip holds extra clipping rules, appended to the built-in ones
	// (site/clip/rules.toml has the format).
	Clip clip.Rules `toml:"clip"`
}

// Topic is one entry of the taxonomy.
type Topic struct {
	ID          string   `toml:"id"`
	Name        string   `toml:"name"`
	Description string   `toml:"description"`
	Terms       []string `toml:"terms"`
}

// Participant is a rule about a participant: give a kind, add aliases
// (which also merges names), or exclude a name from extraction.
type Participant struct {
	Name    string   `toml:"name"`
	Kind    string   `toml:"kind"`
	Aliases []string `toml:"aliases"`
	Exclude bool     `toml:"exclude"`
}

// Default returns the built-in configuration.
func Default() Config {
	var c Config
	if err := decode("default.toml", defaultTOML, &c); err != nil {
		panic(fmt.Sprintf("embedded default config: %v", err))
	}
	return c
}

// Parse reads a briefing.toml (named path in errors) over the defaults and
// validates the result. Problems are reported as "path:line: message".
func Parse(path string, data []byte) (Config, error) {
	base := Default()
	var user Config
	if err := decode(path, data, &user); err != nil {
		return Config{}, err
	}
	c := merge(base, user)
	if err := c.validate(path); err != nil {
		return Config{}, err
	}
	return c, nil
}

func decode(path string, data []byte, c *Config) error {
	dec := toml.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	err := dec.Decode(c)
	if err == nil {
		return nil
	}
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		msgs := make([]string, 0, len(strict.Errors))
		for _, e := range strict.Errors {
			row, _ := e.Position()
			msgs = append(msgs, fmt.Sprintf("%s:%d: unknown setting %q", path, row, strings.Join(e.Key(), ".")))
		}
		return errors.New(strings.Join(msgs, "\n"))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return fmt.Errorf("%s:%d: %s", path, row, de.Error())
	}
	return fmt.Errorf("%s: %w", path, err)
}

func merge(base, user Config) Config {
	c := base
	if user.Title != "" {
		c.Title = user.Title
	}
	if user.Description != "" {
		c.Description = user.Description
	}
	if user.BaseURL != "" {
		c.BaseURL = user.BaseURL
	}
	if user.Language != "" {
		c.Language = user.Language
	}
	if user.ContentDir != "" {
		c.ContentDir = user.ContentDir
	}
	if user.TopParticipants != 0 {
		c.TopParticipants = user.TopParticipants
	}
	if user.MaxArticleSize != 0 {
		c.MaxArticleSize = user.MaxArticleSize
	}
	if user.Related != 0 {
		c.Related = user.Related
	}
	if len(user.Topics) > 0 {
		c.Topics = user.Topics
		c.FallbackTopic = user.FallbackTopic
	} else if user.FallbackTopic != "" {
		c.FallbackTopic = user.FallbackTopic
	}
	c.Participants = append(append([]Participant(nil), base.Participants...), user.Participants...)
	c.Clip = user.Clip
	return c
}

var topicID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (c *Config) validate(path string) error {
	var errs []string
	add := func(format string, args ...any) {
		errs = append(errs, path+": "+fmt.Sprintf(format, args...))
	}
	if c.BaseURL != "" {
		if _, err := NormalizeBaseURL(c.BaseURL); err != nil {
			add("base_url: %v", err)
		}
	}
	if c.TopParticipants < 0 {
		add("top_participants: must not be negative")
	}
	if c.Related < 0 {
		add("related: must not be negative")
	}
	if c.MaxArticleSize <= 0 {
		add("max_article_size: must be a positive number of bytes")
	}
	seen := map[string]bool{}
	for i, t := range c.Topics {
		switch {
		case !topicID.MatchString(t.ID):
			add("topic %d: id %q: use lowercase letters, digits and hyphens", i+1, t.ID)
		case seen[t.ID]:
			add("topic %d: id %q is used twice", i+1, t.ID)
		}
		seen[t.ID] = true
		if t.Name == "" {
			add("topic %q: name is missing", t.ID)
		}
		if len(t.Terms) == 0 && t.ID != c.FallbackTopic {
			add("topic %q: terms are missing (only the fallback topic may have none)", t.ID)
		}
	}
	if c.FallbackTopic != "" && !seen[c.FallbackTopic] {
		add("fallback_topic: %q is not the id of a [[topic]]", c.FallbackTopic)
	}
	for i, p := range c.Participants {
		if strings.TrimSpace(p.Name) == "" {
			add("participant %d: name is missing", i+1)
		}
		switch p.Kind {
		case "", "person", "organization", "place":
		default:
			add("participant %q: kind %q: use person, organization or place", p.Name, p.Kind)
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// NormalizeBaseURL checks a base URL and returns it with a trailing slash.
// It accepts an absolute http(s) URL ("https://example.org/briefing/") or a
// root-relative path ("/", "/briefing/").
func NormalizeBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a URL: %w", s, err)
	}
	switch {
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/"):
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
	default:
		return "", fmt.Errorf("%q: use an absolute http(s) URL or a path starting with /", s)
	}
	if u.Host != "" {
		if h := u.Hostname(); h == "" || strings.HasPrefix(h, ".") || strings.Contains(h, "..") {
			return "", fmt.Errorf("%q: %q is not a host name", s, h)
		}
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q: a base URL has no query or fragment", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// Load reads the configuration of the site root dir: its briefing.toml, or
// the defaults when there is none.
func Load(dir string) (Config, error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return Parse(path, data)
}
