package build

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSeedsScore builds the seeds and scores the exported participants
// against the hand annotations with the shared scorer, as `make eval` does.
// It guards the extraction targets: people precision and recall ≥ 0.97,
// organizations F1 ≥ 0.85, every title exact.
func TestSeedsScore(t *testing.T) {
	gold, scorer := "../../../shared/gold/seeds.json", "../../../shared/tools/score.py"
	for _, f := range []string{gold, scorer} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%v: the gold annotations and scorer sit beside the repository", err)
		}
	}
	dest, _ := buildSeeds(t, "")
	out, err := exec.Command("python3", scorer, "--gold", gold, "--data", filepath.Join(dest, "data"), "--json").Output()
	if err != nil {
		t.Fatalf("score.py: %v", err)
	}
	var res struct {
		People, Organizations struct {
			Precision, Recall, F1 float64
		}
		Titles struct {
			Exact, Total int
		}
		ArticlesMissing []string `json:"articles_missing"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("people P=%.3f R=%.3f F1=%.3f; organizations P=%.3f R=%.3f F1=%.3f; titles %d/%d",
		res.People.Precision, res.People.Recall, res.People.F1,
		res.Organizations.Precision, res.Organizations.Recall, res.Organizations.F1, res.Titles.Exact, res.Titles.Total)
	if res.People.Precision < 0.97 || res.People.Recall < 0.97 {
		t.Errorf("people P=%.3f R=%.3f, want both ≥ 0.97", res.People.Precision, res.People.Recall)
	}
	if res.Organizations.F1 < 0.85 {
		t.Errorf("organizations F1=%.3f, want ≥ 0.85", res.Organizations.F1)
	}
	if res.Titles.Exact != res.Titles.Total || len(res.ArticlesMissing) > 0 {
		t.Errorf("titles exact %d/%d, missing articles %v", res.Titles.Exact, res.Titles.Total, res.ArticlesMissing)
	}
}

// TestSeedEvents checks the event grouping of the seeds through the whole
// pipeline: the two reports of the Paris meeting, the two of the Moscow
// visit, and the meeting in Laos alone.
func TestSeedEvents(t *testing.T) {
	_, sum := buildSeeds(t, "")
	var groups []string
	for _, e := range sum.Site.Events {
		ids := ""
		for _, a := range e.Articles {
			ids += a.ID[:3] + " "
		}
		groups = append(groups, strings.TrimSpace(ids))
	}
	slices.Sort(groups)
	if got, want := strings.Join(groups, " | "), "000 003 | 001 002 | 004"; got != want {
		t.Errorf("events = %s, want %s", got, want)
	}
}
