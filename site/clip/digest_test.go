package clip

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/site/article"
	"briefing/site/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The golden digest pins the reader's output on the seeds and on a fixed
// set of generated clippings, so that a change made for speed that alters
// what the reader produces fails here.
const (
	digestPath     = "testdata/digest.golden"
	digestSeed     = 1
	digestArticles = 1000
)

// digestInput is one clipping the golden digest covers.
type digestInput struct {
	name string
	src  []byte
}

func digestInputs(t testing.TB, n int) []digestInput {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds in %s (%v)", seedDir, err)
	}
	var in []digestInput
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, digestInput{"seeds/" + filepath.Base(f), src})
	}
	for _, f := range corpus.Generate(corpus.Options{Seed: digestSeed, Articles: n}) {
		in = append(in, digestInput{"corpus/" + f.Name, f.Data})
	}
	return in
}

// hash16 is the first 16 bytes of the SHA-256 of b, in hex.
func hash16(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// digestRead reads src and digests everything Read returns: every field of
// the Article (title, blocks, captions, dateline, author, removed lines,
// HTML, ...) or the error.
func digestRead(rd *Reader, name string, src []byte) string {
	a, err := rd.Read(name, src)
	if err != nil {
		return hash16([]byte("error: " + err.Error()))
	}
	data, err := json.Marshal(struct {
		*article.Article
		HTML string
	}{a, string(a.Body())})
	if err != nil {
		panic(err)
	}
	return hash16(data)
}

// digestLines returns one line per input: name, input digest, output digest.
func digestLines(rd *Reader, in []digestInput) []string {
	out := make([]string, len(in))
	for i, d := range in {
		out[i] = fmt.Sprintf("%s %s %s", d.name, hash16(d.src), digestRead(rd, d.name, d.src))
	}
	return out
}

// TestGoldenDigest compares the reader's output on the seeds and on
// generated clippings with testdata/digest.golden. Regenerate with
// `go test ./site/clip -run GoldenDigest -update` only when the output is
// meant to change (a rule was added or fixed), never for a speed change.
func TestGoldenDigest(t *testing.T) {
	n := digestArticles
	if testing.Short() {
		n = 200
	}
	got := digestLines(newDefaultReader(t), digestInputs(t, n))
	if *update {
		if testing.Short() {
			t.Fatal("-update needs the full set: run without -short")
		}
		if err := os.WriteFile(digestPath, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(digestPath)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	want := map[string][2]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			t.Fatalf("%s: bad line %q", digestPath, sc.Text())
		}
		want[f[0]] = [2]string{f[1], f[2]}
	}
	inputChanged, outputChanged := 0, 0
	for _, l := range got {
		f := strings.Fields(l)
		w, ok := want[f[0]]
		switch {
		case !ok:
			t.Errorf("%s: not in %s", f[0], digestPath)
		case w[0] != f[1]:
			inputChanged++
			if inputChanged <= 5 {
				t.Errorf("%s: input changed (the seeds or package corpus changed; check the reader's output on it, then -update)", f[0])
			}
		case w[1] != f[2]:
			outputChanged++
			if outputChanged <= 10 {
				t.Errorf("%s: output differs from the golden digest", f[0])
			}
		}
	}
	if inputChanged+outputChanged > 0 {
		t.Errorf("%d inputs changed, %d outputs differ, of %d", inputChanged, outputChanged, len(got))
	}
}
