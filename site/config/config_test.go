package config

import (
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	c := Default()
	if c.ContentDir != "seeds" || c.BaseURL != "/" || len(c.Topics) < 5 {
		t.Fatalf("unexpected defaults: %+v", c)
	}
	for _, p := range c.Participants {
		if p.Kind == "person" {
			t.Errorf("the default config names a person: %q", p.Name)
		}
	}
}

func TestParseMerges(t *testing.T) {
	c, err := Parse("briefing.toml", []byte(`
title = "Desk"
base_url = "https://example.org/desk"

[[topic]]
id = "energy"
name = "Energy"
terms = ["oil", "gas"]

[[participant]]
name = "Islamic State"
kind = "organization"
aliases = ["IS"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Desk" || c.ContentDir != "seeds" {
		t.Errorf("merge: %+v", c)
	}
	if c.BaseURL != "https://example.org/desk" {
		t.Errorf("base_url = %q", c.BaseURL)
	}
	if len(c.Topics) != 1 || c.Topics[0].ID != "energy" {
		t.Errorf("topics should replace the default taxonomy: %+v", c.Topics)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unknown key", "title = \"x\"\ntitel = \"y\"\n", `briefing.toml:2: unknown setting "titel"`},
		{"syntax", "title = \n", "briefing.toml:1:"},
		{"wrong type", "related = \"five\"\n", "briefing.toml:1:"},
		{"bad base", "base_url = \"ftp://x\"\n", "base_url"},
		{"bad topic", "[[topic]]\nid = \"Bad Id\"\nname = \"x\"\nterms = [\"a\"]\n", `id "Bad Id"`},
		{"fallback not a topic", "fallback_topic = \"nope\"\n", `fallback_topic: "nope"`},
		{"topic without terms", "[[topic]]\nid = \"a\"\nname = \"A\"\n", `topic "a": terms are missing`},
		{"bad kind", "[[participant]]\nname = \"x\"\nkind = \"animal\"\n", `kind "animal"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("briefing.toml", []byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestNormalizeBaseURL(t *testing.T) {
	for in, want := range map[string]string{"/": "/", "/sub": "/sub/", "https://e.org/b": "https://e.org/b/", "http://e.org": "http://e.org/",
		"http://e.org.:8080": "http://e.org.:8080/", "http://[::1]:1313": "http://[::1]:1313/"} {
		got, err := NormalizeBaseURL(in)
		if err != nil || got != want {
			t.Errorf("NormalizeBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"example.org", "javascript:alert(1)", "https://e.org/?q=1", "relative/",
		"http://.", "http://./b", "https://..e.org/", "https://e..org/", "https://.e.org/", "http://:8080/"} {
		if _, err := NormalizeBaseURL(bad); err == nil {
			t.Errorf("NormalizeBaseURL(%q) accepted", bad)
		}
	}
}
