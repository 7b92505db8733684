package build

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"briefing/site/config"
	"briefing/site/markdown"
	"briefing/site/meta"
)

// TestReadmeExamples checks that the configuration, sidecar and Markdown
// examples in README.md are accepted as written, so the docs match the code.
func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```(toml|markdown)\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	var configs, sidecars, articles int
	for _, b := range blocks {
		lang, text := b[1], b[2]
		switch {
		case lang == "markdown":
			articles++
			if _, err := markdown.NewReader().Read("README-example.md", []byte(text)); err != nil {
				t.Errorf("README Markdown example: %v\n%s", err, text)
			}
		case strings.HasPrefix(text, "# seeds/"):
			sidecars++
			if _, err := meta.ParseSidecar("README-example.meta.toml", []byte(text)); err != nil {
				t.Errorf("README sidecar example: %v\n%s", err, text)
			}
		default:
			configs++
			if _, err := config.Parse("README-example.toml", []byte(text)); err != nil {
				t.Errorf("README configuration example: %v\n%s", err, text)
			}
		}
	}
	if configs < 2 || sidecars < 1 || articles < 1 {
		t.Errorf("found %d configuration, %d sidecar and %d Markdown examples in README.md", configs, sidecars, articles)
	}
}
