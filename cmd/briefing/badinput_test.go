package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The bad-input corpus: every folder of testdata/badinput is a case. Its
// seeds/ holds files that are added to a site that already built; its want
// file (rewritten by -update, to be reviewed) holds the exit status ("exit N") and then the exact output of
// `briefing build`, durations written as "<duration>". A failing build
// must leave the previous site exactly as it was.

const badInputDir = "testdata/badinput"

var update = flag.Bool("update", false, "rewrite the want files of testdata/badinput")

// goodArticle is the article every case's site starts with.
const goodArticle = "Council approves the budget\n\nThe council of Springfield approved the budget on Tuesday, said Jane Doe, the mayor.\n"

// generated makes the files of cases too big or too odd to keep in the
// repository, in the case's seeds folder. It returns the arguments to run
// the build with, or nil for the plain ones.
var generated = map[string]func(t *testing.T, seeds string) []string{
	// One 20 MB line: a whole web page pasted without line breaks (the
	// case's briefing.toml raises max_article_size to let it in).
	"huge-line": func(t *testing.T, seeds string) []string {
		var b bytes.Buffer
		b.WriteString("A pasted wall of text\n\n")
		for b.Len() < 20<<20 {
			b.WriteString("the council said that the budget would pass and Jane Doe agreed ")
		}
		b.WriteString("\n")
		writeFile(t, filepath.Join(seeds, "huge.txt"), b.Bytes())
		return nil
	},
	// Just over the default max_article_size: refused unread.
	"over-size-limit": func(t *testing.T, seeds string) []string {
		b := bytes.Repeat([]byte("The council met again.\n\n"), 12_000_000/24)
		writeFile(t, filepath.Join(seeds, "pasted.txt"), append([]byte("Pasted by mistake\n\n"), b...))
		return nil
	},
	"many-paragraphs": func(t *testing.T, seeds string) []string {
		var b bytes.Buffer
		b.WriteString("Council minutes\n\n")
		for i := range 100_000 {
			fmt.Fprintf(&b, "Item %d was approved by the council.\n\n", i+1)
		}
		writeFile(t, filepath.Join(seeds, "minutes.txt"), b.Bytes())
		return nil
	},
	// A file the build may not read. Root reads anything, so as root the
	// build runs without the capabilities that let it.
	"unreadable": func(t *testing.T, seeds string) []string {
		p := filepath.Join(seeds, "locked.txt")
		writeFile(t, p, []byte(goodArticle))
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		if os.Geteuid() != 0 {
			return []string{}
		}
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Fatal("running as root, and setpriv (util-linux) is needed to drop the capability to read any file")
		}
		return []string{setpriv, "--bounding-set=-all", "--inh-caps=-all"}
	},
}

// pageChecks are further checks on the sites of the cases that build.
var pageChecks = map[string]func(t *testing.T, public string){
	"lone-cr": func(t *testing.T, public string) {
		page := readPage(t, public, "articles/mac/index.html")
		for _, p := range []string{
			"<p>The council met on Tuesday to discuss the plan.</p>",
			"<p>A second paragraph follows, said Jane Doe, the mayor.</p>",
		} {
			if !strings.Contains(page, p) {
				t.Errorf("articles/mac/index.html lacks %q: lone CRs must end lines", p)
			}
		}
	},
	"html-in-text": func(t *testing.T, public string) {
		for _, f := range []string{"articles/html/index.html", "articles/front/index.html"} {
			page := readPage(t, public, f)
			if !strings.Contains(page, "&lt;script&gt;alert(") {
				t.Errorf("%s: the <script> of the text is not shown escaped", f)
			}
			for _, bad := range []string{"<script>alert", "<img", "<svg", `href="javascript:`, "<b>", "<em>", "<i>"} {
				if strings.Contains(page, bad) {
					t.Errorf("%s contains %q from the article as markup", f, bad)
				}
			}
		}
	},
	"zero-width-and-bidi": func(t *testing.T, public string) {
		for _, p := range []string{"john-smith", "mary-jones", "ann-lee", "karen-ode"} {
			if _, err := os.Stat(filepath.Join(public, "participants", p, "index.html")); err != nil {
				t.Errorf("no participant page %s: invisible characters must not split or hide names", p)
			}
		}
		filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, _ := os.ReadFile(p)
			for _, r := range []string{"\u200b", "\u202e", "\u2066", "\u200d"} {
				if bytes.Contains(b, []byte(r)) {
					t.Errorf("%s contains %U", p, []rune(r)[0])
				}
			}
			return nil
		})
	},
	"titles-fold": func(t *testing.T, public string) {
		for _, f := range []string{"articles/one/index.html", "articles/two/index.html"} {
			readPage(t, public, f)
		}
	},
	"long-word-in-body": func(t *testing.T, public string) {
		entries, err := os.ReadDir(filepath.Join(public, "participants"))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "abcdefghij") {
				t.Errorf("participant %s made from a 10,000-character word", e.Name())
			}
		}
	},
	"huge-line": func(t *testing.T, public string) { readPage(t, public, "articles/huge/index.html") },
	"many-paragraphs": func(t *testing.T, public string) {
		page := readPage(t, public, "articles/minutes/index.html")
		if n := strings.Count(page, "was approved by the council.</p>"); n != 100_000 {
			t.Errorf("articles/minutes/index.html has %d of the 100,000 paragraphs", n)
		}
	},
}

var durationRE = regexp.MustCompile(` in [0-9.]+(µs|ms|s)\b`)

func TestBadInput(t *testing.T) {
	bin := briefingBin(t)
	cases, err := os.ReadDir(badInputDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 25 {
		t.Fatalf("%d cases in %s, want the whole corpus", len(cases), badInputDir)
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			t.Parallel()
			var wantStatus int
			var wantOut string
			if !*update {
				wantStatus, wantOut = readWant(t, filepath.Join(badInputDir, c.Name(), "want"))
			}
			root := t.TempDir()
			seeds := filepath.Join(root, "seeds")
			writeFile(t, filepath.Join(seeds, "good.txt"), []byte(goodArticle))
			if status, out := runBuildCase(t, nil, bin, root); status != 0 {
				t.Fatalf("the good site does not build: %s", out)
			}
			public := filepath.Join(root, "public")
			before := snapshot(t, public)

			copyTree(t, filepath.Join(badInputDir, c.Name()), root)
			var prefix []string
			if gen := generated[c.Name()]; gen != nil {
				prefix = gen(t, seeds)
			}
			status, out := runBuildCase(t, prefix, bin, root)
			got := durationRE.ReplaceAllString(out, " in <duration>")
			if *update {
				writeFile(t, filepath.Join(badInputDir, c.Name(), "want"), fmt.Appendf(nil, "exit %d\n%s", status, got))
				wantStatus, wantOut = status, got
			}
			if status != wantStatus || got != wantOut {
				t.Fatalf("briefing build: exit %d, output:\n%s\nwant exit %d, output:\n%s", status, got, wantStatus, wantOut)
			}
			if status != 0 {
				if d := diffTrees(snapshot(t, public), before); d != "" {
					t.Fatalf("the failed build changed public/: %s", d)
				}
				return
			}
			if check := pageChecks[c.Name()]; check != nil {
				check(t, public)
			}
		})
	}
}

// TestServeShowsBadInput adds each failing case to a site that briefing
// serve is previewing: the server must report the same problems, keep
// serving the last good site, and recover when the files are removed.
func TestServeShowsBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the preview server")
	}
	root := t.TempDir()
	seeds := filepath.Join(root, "seeds")
	writeFile(t, filepath.Join(seeds, "good.txt"), []byte(goodArticle))
	p, url := startServe(t, root)
	good := waitHTTP(t, url, 200, "Council approves the budget")

	cases, err := os.ReadDir(badInputDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		status, want := readWant(t, filepath.Join(badInputDir, c.Name(), "want"))
		if status == 0 || generated[c.Name()] != nil {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			added := copyTree(t, filepath.Join(badInputDir, c.Name()), root)
			t.Cleanup(func() {
				for i := len(added) - 1; i >= 0; i-- {
					os.RemoveAll(added[i])
				}
				waitEventError(t, url, "")
			})
			problems := strings.TrimSuffix(strings.TrimSuffix(want, "\n"), "\nbuild failed; the previous site was left as it was")
			p.waitStderr(t, problems+"\nrebuild failed; still serving the last good site", rebuildTimeout)
			waitEventError(t, url, problems)
			if code, body, _, err := get(url); err != nil || code != 200 || !bytes.Equal(stripClient(body), stripClient(good)) {
				t.Fatalf("while the rebuild fails, GET / = %d, %v; want the last good page", code, err)
			}
		})
	}
}

// stripClient drops the preview server's script tag, which names the
// site's generation, from a page.
func stripClient(page []byte) []byte {
	return clientTagRE.ReplaceAll(page, nil)
}

var clientTagRE = regexp.MustCompile(`<script src="[^"]*__briefing/client\.js[^"]*"[^>]*></script>`)

// waitEventError reads the preview server's event stream until its state
// carries the error want ("" for none).
func waitEventError(t *testing.T, url, want string) {
	t.Helper()
	deadline := time.Now().Add(rebuildTimeout)
	var last string
	for time.Now().Before(deadline) {
		e, err := firstEvent(url + "__briefing/events")
		if err == nil && e.Error == want {
			return
		}
		last = fmt.Sprintf("%+v, %v", e, err)
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("event stream: want error %q; last %s", want, last)
}

// firstEvent reads the first event of the preview server's event stream,
// which carries its current state.
func firstEvent(url string) (event struct{ Error string }, err error) {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return event, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			err = json.Unmarshal([]byte(data), &event)
			return event, err
		}
	}
	return event, fmt.Errorf("%s: no event (%v)", url, sc.Err())
}

// readWant reads a case's expected exit status and output.
func readWant(t *testing.T, path string) (int, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := strings.Cut(string(b), "\n")
	status, err := strconv.Atoi(strings.TrimPrefix(first, "exit "))
	if err != nil || !strings.HasPrefix(first, "exit ") {
		t.Fatalf("%s: first line %q, want \"exit N\"", path, first)
	}
	return status, rest
}

// runBuildCase runs `briefing build` with the extra arguments in the
// folder root, behind the command prefix, if any, and returns its exit
// status and combined output.
func runBuildCase(t *testing.T, prefix []string, bin, root string, extra ...string) (int, string) {
	t.Helper()
	args := append(append(append(prefix[:len(prefix):len(prefix)], bin), "build"), extra...)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String()
}

// copyTree copies the case folder src (but its want file) into dst,
// symbolic links as links, and returns the top-level paths it added to
// dst's seeds folder and dst.
func copyTree(t *testing.T, src, dst string) []string {
	t.Helper()
	var added []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel == "." || rel == "want" {
			return nil
		}
		target := filepath.Join(dst, rel)
		if _, err := os.Lstat(target); err != nil && (filepath.Dir(rel) == "." || filepath.Dir(rel) == "seeds") {
			added = append(added, target)
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return added
}

func readPage(t *testing.T, public, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
