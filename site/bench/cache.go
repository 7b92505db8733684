package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"briefing/site/corpus"
)

// markerName is the file, beside seeds/, that records with which
// parameters the corpus was generated. It is written last, so its presence
// means the write completed.
const markerName = "corpus.json"

// marker is the content of the marker file.
type marker struct {
	Seed     int64 `json:"seed"`
	Articles int   `json:"articles"`
}

// Corpus returns the site root of a generated corpus in cacheDir,
// cacheDir/corpus-N with the clippings in its seeds/ folder, generating it
// unless a complete one with the same options is already there; made
// reports whether it was generated.
//
// A cached corpus is reused when its marker names the same seed and
// article count, seeds/ holds that many .txt files, and its first article
// is byte for byte what the generator makes today (a smaller corpus is a
// prefix of a larger one, so this costs one article), which catches a
// changed generator. Otherwise the folder is deleted and written afresh.
func Corpus(cacheDir string, opts corpus.Options) (root string, made bool, err error) {
	if opts.Articles <= 0 {
		return "", false, fmt.Errorf("bench: corpus of %d articles", opts.Articles)
	}
	root = filepath.Join(cacheDir, fmt.Sprintf("corpus-%d", opts.Articles))
	if cached(root, opts) {
		return root, false, nil
	}
	if err := os.RemoveAll(root); err != nil {
		return "", false, err
	}
	if err := corpus.WriteDir(filepath.Join(root, "seeds"), corpus.Generate(opts)); err != nil {
		return "", false, err
	}
	data, err := json.Marshal(marker{Seed: opts.Seed, Articles: opts.Articles})
	if err != nil {
		return "", false, err
	}
	tmp := filepath.Join(root, markerName+".tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return "", false, err
	}
	return root, true, os.Rename(tmp, filepath.Join(root, markerName))
}

// cached reports whether root holds a complete corpus made with opts.
func cached(root string, opts corpus.Options) bool {
	data, err := os.ReadFile(filepath.Join(root, markerName))
	if err != nil {
		return false
	}
	var m marker
	if json.Unmarshal(data, &m) != nil || m != (marker{Seed: opts.Seed, Articles: opts.Articles}) {
		return false
	}
	seeds := filepath.Join(root, "seeds")
	entries, err := os.ReadDir(seeds)
	if err != nil {
		return false
	}
	n := 0
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".txt") {
			n++
		}
	}
	if n != opts.Articles {
		return false
	}
	first := corpus.Generate(corpus.Options{Seed: opts.Seed, Articles: 1})[0]
	got, err := os.ReadFile(filepath.Join(seeds, first.Name))
	return err == nil && bytes.Equal(got, first.Data)
}
