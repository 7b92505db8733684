// Package corpus generates realistic news clippings for benchmarks and load
// tests, deterministically: the same Options give byte-identical files on
// any machine.
//
// A clipping looks like the raw .txt files in seeds/: a headline line;
// sometimes the headline repeated with a photo credit glued on ("...AFP
// photo"), a deck, or a photo caption with its credit in one of several
// styles ("Photo by: Reuters", "... PHOTO: AFP", "... (AP Photo)",
// "REUTERS/Name", "(File photo)"); then 8 to 25 body paragraphs separated
// by blank lines, the first sometimes opened by a dateline ("MOSCOW (AFP) -");
// one to four quotes with attributions, in straight, curly or mixed
// quotation marks; now and then a subheading and stray no-break spaces; and
// up to three lines of an invented outlet's page furniture at the end
// ("X and agencies", share and subscribe prompts, a lone byline, mirror
// addresses). Each file is 2 to 6 KB.
//
// The text is about international affairs (talks, sanctions, conflicts,
// visits, statements) and is assembled from sentence templates whose slots
// name people, organizations, places, dates and numbers. A few hundred
// invented people, made from naming cultures with diacritics and particles
// (al-, de, van der), hold titles in real countries and in about 80
// organizations; both are drawn with a Zipf-like spread, so a few people
// appear in most articles and most in few. People are named in full with a
// title on first mention and by surname, "Mr. Surname" or title afterwards;
// acronyms are defined in parentheses on first use. Headlines are unique
// across the corpus, even letter-case and punctuation aside.
//
// The corpus models the shape and the naming habits of clippings, which is
// what parsing, extraction and indexing cost depends on. It does not model
// meaning: the sentences are grammatical but the story does not add up, and
// the dates and roles in one article need not agree. Countries, cities, wire
// agencies and well-known international bodies are real; people, outlets,
// events and most armed groups and think tanks are invented, and nothing is
// copied from the seeds.
package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// File is one generated clipping.
type File struct {
	Name string // "a000123.txt": "a", the index zero-padded to six digits, ".txt"
	Data []byte
}

// Options says what to generate.
type Options struct {
	Seed     int64 // selects the population and every article
	Articles int   // how many clippings
}

// Generate returns opts.Articles clippings, in memory about the size of the
// output. It is deterministic and uses all CPUs. Article i depends only on
// the seed and i, except that a headline equal to an earlier one is drawn
// again or grows a clause; so a smaller corpus is a prefix of a larger one
// with the same seed.
func Generate(opts Options) []File {
	n := opts.Articles
	if n <= 0 {
		return nil
	}
	w := newWorld(opts.Seed)

	// Headlines first, so that they can be made unique in order.
	heads := make([]string, n)
	parallel(w, n, func(g *gen, i int) {
		g.seed(opts.Seed, i)
		g.makePlan()
		g.headline()
		heads[i] = string(g.par)
	})
	uniqueHeadlines(newGen(w), opts.Seed, heads)

	files := make([]File, n)
	parallel(w, n, func(g *gen, i int) {
		g.seed(opts.Seed, i)
		g.makePlan()
		g.headline() // replayed to keep the random stream in step
		data := g.article(heads[i])
		files[i] = File{Name: fileName(i), Data: append(make([]byte, 0, len(data)), data...)}
	})
	return files
}

// WriteDir writes files into dir, creating it if needed.
func WriteDir(dir string, files []File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if f.Name == "" || f.Name != filepath.Base(f.Name) || f.Name == "." || f.Name == ".." {
			return fmt.Errorf("corpus: bad file name %q", f.Name)
		}
	}
	var (
		next int64 = -1
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0)*2, len(files)) {
		wg.Go(func() {
			for i := int(atomic.AddInt64(&next, 1)); i < len(files); i = int(atomic.AddInt64(&next, 1)) {
				if err := os.WriteFile(filepath.Join(dir, files[i].Name), files[i].Data, 0o644); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func fileName(i int) string {
	b := make([]byte, 0, 16)
	b = append(b, 'a')
	for d := 100000; d > 1 && i < d; d /= 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(i), 10)
	return string(append(b, ".txt"...))
}

// parallel calls f for 0 <= i < n on all CPUs, each goroutine with its own gen.
func parallel(w *world, n int, f func(g *gen, i int)) {
	const chunk = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), n/chunk)) {
		wg.Go(func() {
			g := newGen(w)
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					f(g, i)
				}
			}
		})
	}
	wg.Wait()
}

// uniqueHeadlines makes every headline differ from the earlier ones, in
// order: a repeated headline is drawn again from the article's plan, and if
// that does not help, grows a clause. The draws come from the article's own
// random stream, after its plan.
func uniqueHeadlines(g *gen, seed int64, heads []string) {
	seen := make(map[string]struct{}, len(heads))
	var key []byte
	for i, h := range heads {
		key = fold(key[:0], h)
		if _, dup := seen[string(key)]; dup {
			// Draw other headlines from the plan, then add clauses.
			g.seed(seed, i)
			g.makePlan()
			g.headline()
			base := h
			for try := 1; ; try++ {
				if try <= 3 {
					g.par = g.par[:0]
					g.sentence(tHeadlines[g.p.topic][g.r.IntN(len(tHeadlines[g.p.topic]))])
					if try == 1 {
						base = string(g.par)
					}
				} else {
					g.par = append(g.par[:0], base...)
					g.clause()
				}
				key = fold(key[:0], string(g.par))
				if _, dup := seen[string(key)]; !dup {
					heads[i] = string(g.par)
					break
				}
				if try%8 == 0 {
					base = string(g.par) // a second clause when the first ones are taken
				}
			}
		}
		seen[string(key)] = struct{}{}
	}
}

// fold appends to dst the key two headlines are the same by: letters and
// digits lower-cased, apostrophes dropped, other runs a single space.
func fold(dst []byte, s string) []byte {
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if space && len(dst) > 0 {
				dst = append(dst, ' ')
			}
			space = false
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		case r == '\'' || r == '’':
		default:
			space = true
		}
	}
	return dst
}
