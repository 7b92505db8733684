//go:build unix

package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"briefing/site/corpus"
)

// TestKilledBuildLeavesACompleteSite kills briefing build with SIGKILL at
// random moments, 50 times, alternating between two versions of a site
// built into one destination: after every kill the destination holds one
// of the two complete sites, byte for byte, and the build after the last
// kill finishes and leaves nothing behind.
func TestKilledBuildLeavesACompleteSite(t *testing.T) {
	if testing.Short() {
		t.Skip("50 builds")
	}
	bin := briefingBin(t)
	files := corpus.Generate(corpus.Options{Seed: 11, Articles: 150})
	roots := [2]string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	if err := corpus.WriteDir(filepath.Join(roots[0], "seeds"), files[:120]); err != nil {
		t.Fatal(err)
	}
	if err := corpus.WriteDir(filepath.Join(roots[1], "seeds"), files[30:]); err != nil {
		t.Fatal(err)
	}
	build := func(root, dest string) time.Duration {
		t.Helper()
		start := time.Now()
		if out, err := exec.Command(bin, "build", "--quiet", "--source", root, "--destination", dest).CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", root, err, out)
		}
		return time.Since(start)
	}
	var sites [2]map[string][]byte
	var took time.Duration
	for i, root := range roots {
		dest := filepath.Join(t.TempDir(), "public")
		took = max(took, build(root, dest))
		sites[i] = snapshot(t, dest)
	}
	dest := filepath.Join(t.TempDir(), "public")
	build(roots[0], dest)

	rng := rand.New(rand.NewPCG(1, 2))
	counts := [3]int{}
	for trial := range 50 {
		root := roots[trial%2]
		cmd := exec.Command(bin, "build", "--quiet", "--source", root, "--destination", dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took * 12 / 10))))
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		finished := err == nil
		got := snapshot(t, dest)
		switch {
		case sameTree(got, sites[0]):
			counts[0]++
		case sameTree(got, sites[1]):
			counts[1]++
		default:
			t.Fatalf("trial %d (build finished: %v): the destination is neither complete site: %s", trial, finished, diffTrees(got, sites[0]))
		}
		if finished {
			counts[2]++
		}
	}
	t.Logf("after 50 kills: %d times the first site, %d the second; %d builds finished before the kill (one build takes about %v)", counts[0], counts[1], counts[2], took.Round(time.Millisecond))
	build(roots[1], dest)
	if !sameTree(snapshot(t, dest), sites[1]) {
		t.Fatal("the build after the kills did not make the site")
	}
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "public" && !strings.HasSuffix(e.Name(), ".lock") {
			t.Errorf("left beside the destination: %s", e.Name())
		}
	}
}

func sameTree(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			return false
		}
	}
	return true
}
