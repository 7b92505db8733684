package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDeterministic(t *testing.T) {
	opts := Options{Seed: 42, Articles: 500}
	a := Generate(opts)
	prev := runtime.GOMAXPROCS(1)
	b := Generate(opts)
	runtime.GOMAXPROCS(prev)
	if len(a) != len(b) {
		t.Fatalf("runs gave %d and %d files", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("file %d differs between runs (%s, %s)", i, a[i].Name, b[i].Name)
		}
	}
	c := Generate(Options{Seed: 43, Articles: 500})
	same := 0
	for i := range a {
		if bytes.Equal(a[i].Data, c[i].Data) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 42 and 43 gave %d identical files", same)
	}
}

func TestPrefix(t *testing.T) {
	small := Generate(Options{Seed: 9, Articles: 200})
	large := Generate(Options{Seed: 9, Articles: 1000})
	for i := range small {
		if small[i].Name != large[i].Name || !bytes.Equal(small[i].Data, large[i].Data) {
			t.Fatalf("file %d of 200 differs from file %d of 1000", i, i)
		}
	}
}

func TestEmpty(t *testing.T) {
	if fs := Generate(Options{Seed: 1}); fs != nil {
		t.Errorf("Generate with no articles = %d files", len(fs))
	}
}

func TestFileNames(t *testing.T) {
	for i, want := range map[int]string{0: "a000000.txt", 123: "a000123.txt", 999999: "a999999.txt", 1234567: "a1234567.txt"} {
		if got := fileName(i); got != want {
			t.Errorf("fileName(%d) = %q, want %q", i, got, want)
		}
	}
}

// TestShape checks every file of a sample: size, encoding, headline line,
// and the paragraph and quote counts the generator drew.
func TestShape(t *testing.T) {
	const n = 3000
	files := Generate(Options{Seed: 1, Articles: n})
	if len(files) != n {
		t.Fatalf("got %d files, want %d", len(files), n)
	}
	var total int
	for i, f := range files {
		total += len(f.Data)
		if f.Name != fileName(i) {
			t.Errorf("file %d is named %q", i, f.Name)
		}
		if len(f.Data) < minBytes || len(f.Data) > maxBytes {
			t.Errorf("%s: %d bytes, want %d to %d", f.Name, len(f.Data), minBytes, maxBytes)
		}
		if !utf8.Valid(f.Data) {
			t.Errorf("%s: not valid UTF-8", f.Name)
		}
		head, rest, ok := strings.Cut(string(f.Data), "\n")
		if !ok || strings.TrimSpace(head) == "" || head != strings.TrimSpace(head) {
			t.Errorf("%s: headline line %q", f.Name, head)
		}
		lines := 0 // paragraphs are single lines
		for l := range strings.Lines(rest) {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		if lines < 8 {
			t.Errorf("%s: %d non-empty lines after the headline, want 8 or more", f.Name, lines)
		}
		if bytes.Contains(f.Data, []byte("{")) || bytes.Contains(f.Data, []byte("%")) {
			t.Errorf("%s: unfilled slot:\n%s", f.Name, f.Data)
		}
	}
	t.Logf("%d files, %d bytes, %.0f bytes on average", n, total, float64(total)/n)

	// The counts behind the files, from the generator itself.
	w := newWorld(1)
	g := newGen(w)
	for i := range 1000 {
		g.seed(1, i)
		g.makePlan()
		g.headline()
		h := string(g.par)
		data := g.article(h)
		if g.paras < 8 || g.paras > 25 {
			t.Errorf("article %d: %d paragraphs", i, g.paras)
		}
		if g.quotes < 1 || g.quotes > 4 {
			t.Errorf("article %d: %d quotes", i, g.quotes)
		}
		if p := g.p; p.nCast < 3 || p.nCast > 12 || p.nOrgs < 2 || p.nOrgs > 6 {
			t.Errorf("article %d: %d people and %d organizations", i, p.nCast, p.nOrgs)
		}
		if !bytes.HasPrefix(data, []byte(h+"\n")) {
			t.Errorf("article %d does not start with its headline %q", i, h)
		}
	}
}

// TestUniqueHeadlines checks that no two of 50,000 headlines are equal, even
// after folding case and punctuation as a URL slug would, and that every file
// keeps to the size bounds.
func TestUniqueHeadlines(t *testing.T) {
	n := 50_000
	if testing.Short() {
		n = 5_000
	}
	files := Generate(Options{Seed: 2024, Articles: n})
	seen := make(map[string]string, n)
	for _, f := range files {
		if len(f.Data) < minBytes || len(f.Data) > maxBytes {
			t.Errorf("%s: %d bytes", f.Name, len(f.Data))
		}
		head, _, _ := strings.Cut(string(f.Data), "\n")
		key := string(fold(nil, head))
		if prev, ok := seen[key]; ok {
			t.Fatalf("%s and %s have the same headline %q", prev, f.Name, head)
		}
		seen[key] = f.Name
	}
	t.Logf("%d unique headlines", len(seen))
}

// TestPopulation checks the spread of people and organizations over the
// articles: a few people in most articles, most people in few.
func TestPopulation(t *testing.T) {
	w := newWorld(5)
	if len(w.people) < 250 || len(w.people) > 400 {
		t.Errorf("%d people, want a few hundred", len(w.people))
	}
	if len(w.orgs) < 70 || len(w.orgs) > 90 {
		t.Errorf("%d organizations, want about 80", len(w.orgs))
	}
	if places := len(w.countries) + len(w.cities); places < 100 || places > 200 {
		t.Errorf("%d places, want about 120 or more", places)
	}
	shorts := map[string]bool{}
	var diacritics, particles int
	for _, p := range w.people {
		if shorts[p.short] {
			t.Errorf("two people are called %q", p.short)
		}
		shorts[p.short] = true
		for _, r := range p.full {
			if r >= 0x80 {
				diacritics++
				break
			}
		}
		if strings.Contains(p.full, "al-") || strings.Contains(p.full, " de ") || strings.Contains(p.full, " van ") {
			particles++
		}
	}
	if diacritics < 10 || particles < 5 {
		t.Errorf("%d names with diacritics and %d with particles, want more", diacritics, particles)
	}

	const n = 5000
	g := newGen(w)
	counts := make([]int, len(w.people))
	for i := range n {
		g.seed(5, i)
		g.makePlan()
		for _, c := range g.p.cast[:g.p.nCast] {
			counts[c]++
		}
	}
	slices.SortFunc(counts, func(a, b int) int { return b - a })
	t.Logf("articles per person, top: %v; median %d", counts[:8], counts[len(counts)/2])
	if counts[0] < n/2 {
		t.Errorf("the most frequent person is in %d of %d articles, want most", counts[0], n)
	}
	if median := counts[len(counts)/2]; median > n/20 {
		t.Errorf("the median person is in %d of %d articles, want few", median, n)
	}
}

func TestTemplates(t *testing.T) {
	if numTemplates > len(gen{}.used)*64 {
		t.Errorf("%d templates, but the used set holds %d", numTemplates, len(gen{}.used)*64)
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "seeds")
	files := Generate(Options{Seed: 3, Articles: 300})
	if err := WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		t.Fatalf("%d files written, want %d", len(entries), len(files))
	}
	for _, f := range files[:10] {
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil || !bytes.Equal(data, f.Data) {
			t.Errorf("%s: read back %d bytes (%v), want %d", f.Name, len(data), err, len(f.Data))
		}
	}
	if err := WriteDir(dir, []File{{Name: "../escape.txt"}}); err == nil {
		t.Error("WriteDir accepted a name with a path")
	}
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var size int64
			for _, f := range Generate(Options{Seed: 1, Articles: n}) {
				size += int64(len(f.Data))
			}
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				Generate(Options{Seed: 1, Articles: n})
			}
		})
	}
}
