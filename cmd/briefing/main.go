// Command briefing turns a folder of news clippings into a cross-linked
// briefing microsite.
//
// Usage:
//
//	briefing build [flags]            build the site into public/ (--watch: and keep it rebuilt)
//	briefing serve [flags]            preview the site, rebuilt and reloaded on every change
//	briefing check [flags]            build in memory and report broken links and other problems
//	briefing extract [flags] FILE...  show what is read and found in articles, as JSON
//	briefing version                  print the version
//
// Run "briefing help build" for the build flags.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"briefing"
	"briefing/site/build"
	"briefing/site/source"
)

// version is set at link time by the Makefile (-X main.version=...).
var version = ""

const usage = `briefing turns a folder of news clippings into a cross-linked briefing site.

Usage:
  briefing <command> [flags]

Commands:
  build     build the site from the content folder into public/
  serve     preview the site in a browser, rebuilt and reloaded on every change
  extract   show, as JSON, what the reader and the extractor make of articles
  check     build the site in memory and report broken links and other problems
  version   print the version
  help      show help for a command

Examples:
  briefing build
  briefing serve
  briefing build --source ~/desk --base-url https://example.org/briefing/
  briefing extract seeds/kerry-lavrov.txt
  briefing help build
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit status:
// 0 success, 1 failure, 2 bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "extract":
		return runExtract(rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "briefing", versionString())
		return 0
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return run(ctx, []string{rest[0], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "briefing: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

const buildUsage = `Usage: briefing build [flags]

Builds the site: reads briefing.toml (optional), the articles in the content
folder, and the theme (templates/ and static/ under --source override the
built-in theme), then replaces the destination with the new site. If
anything fails, every problem is listed as path[:line]: message, the exit
status is 1, and the previous site is left untouched. On a terminal, the
stage and count of a long build are shown on one line as it runs.

With --watch it keeps running and rebuilds whenever a file in the content
folder, templates/, static/ or briefing.toml changes: only the articles that
changed are read again, only the files that changed are written, and each
new site is swapped in as one step. It prints one line per rebuild. Stop it
with Ctrl+C.

Flags:
`

const buildExamples = `
Examples:
  briefing build
  briefing build --source ~/desk --destination /var/www/briefing
  briefing build --watch            # rebuild public/ whenever a source file changes
  briefing build --content-dir clippings --base-url https://example.org/briefing/
`

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("build", buildUsage, buildExamples, stderr)
	var opts build.Options
	siteFlags(fl, &opts)
	fl.StringVar(&opts.Destination, "destination", "", "output `folder` (default <source>/public)")
	fl.BoolVar(&opts.Compress, "compress", false, "also write .gz and .br beside every compressible file, for hosts that serve precompressed files")
	fl.BoolVar(&opts.Minify, "minify", false, "minify HTML, CSS, JS, JSON and XML output (before fingerprinting and --compress)")
	verbose := fl.Bool("verbose", false, "log each stage's duration and every skipped file")
	quiet := fl.Bool("quiet", false, "print nothing on success")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the build to `file` (read it with go tool pprof)")
	memProfile := fl.String("memprofile", "", "write a heap profile, taken at the end of the build, to `file`")
	watchMode := fl.Bool("watch", false, "keep running and rebuild the destination whenever a source file changes")
	poll := fl.Duration("poll", 0, "with --watch: look for changes every `interval` (e.g. 1s) instead of relying on file system events")
	if code, done := parseOnlyFlags(fl, args, stdout, stderr); done {
		return code
	}
	if *watchMode {
		if *cpuProfile != "" || *memProfile != "" {
			fmt.Fprintln(stderr, "briefing build: --cpuprofile and --memprofile do not go with --watch")
			return 2
		}
		return runWatch(ctx, watchFlags{opts: opts, poll: *poll, verbose: *verbose}, stdout, stderr, *quiet)
	}
	if *poll != 0 {
		fmt.Fprintln(stderr, "briefing build: --poll needs --watch")
		return 2
	}
	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "briefing build:", err)
			return 1
		}
		defer stopProfile()
	}
	if *memProfile != "" {
		defer func() {
			if err := writeHeapProfile(*memProfile); err != nil {
				fmt.Fprintln(stderr, "briefing build:", err)
			}
		}()
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	opts.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	opts.Theme = briefing.Theme()
	var progress *progressLine
	if isTerminal(stderr) && !*quiet {
		progress = &progressLine{w: stderr}
		opts.Progress = progress.show
	}
	sum, err := build.Run(ctx, opts)
	progress.clear()
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "build failed; the previous site was left as it was")
		return 1
	}
	if !*verbose {
		printSkipped(stderr, sum.Skipped)
	}
	if !*quiet {
		fmt.Fprintln(stdout, sum)
	}
	return 0
}

// maxSkippedNotes is how many skipped files a build names before it only
// counts the rest.
const maxSkippedNotes = 5

// printSkipped notes the files of the content folder that were not read as
// articles: the first few by name and reason, the rest as a count.
func printSkipped(w io.Writer, skipped []source.Skipped) {
	for i, s := range skipped {
		if i == maxSkippedNotes {
			fmt.Fprintf(w, "note: skipped %d more file(s) that are not articles (--verbose lists them)\n", len(skipped)-i)
			break
		}
		fmt.Fprintf(w, "note: %s: skipped: %s\n", s.Path, s.Reason)
	}
}

const extractUsage = `Usage: briefing extract [flags] FILE...

Reads each article file as a build would, with the site's briefing.toml,
and prints as JSON what was made of it: the headline, the body paragraphs,
every line kept out of the body with the rule that removed it, captions,
the participants with every mention and role, and the topics with the
phrases that matched. A clipping's <name>.meta.toml beside it is applied.
Use it when a page looks wrong.

Flags:
`

const extractExamples = `
Examples:
  briefing extract seeds/kerry-lavrov.txt
  briefing extract --source ~/desk ~/desk/seeds/*.txt
`

func runExtract(args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("extract", extractUsage, extractExamples, stderr)
	var opts build.Options
	fl.StringVar(&opts.Source, "source", ".", "site root `folder` whose briefing.toml applies")
	if code, done := parseFlags(fl, args, stdout); done {
		return code
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, "briefing extract: name at least one article file")
		fl.Usage()
		return 2
	}
	res, err := build.Explain(opts, fl.Args())
	if len(res) > 0 {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// newFlagSet returns a command's flag set, whose help is the usage text,
// the flags and the examples.
func newFlagSet(name, usage, examples string, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprint(fl.Output(), usage)
		fl.PrintDefaults()
		fmt.Fprint(fl.Output(), examples)
	}
	return fl
}

// parseFlags parses args; done reports that the command should exit with
// code at once: after --help (on stdout, status 0) or a bad flag (status 2).
func parseFlags(fl *flag.FlagSet, args []string, stdout io.Writer) (code int, done bool) {
	usage := fl.Usage
	fl.Usage = func() {} // shown below, once, where it belongs
	err := fl.Parse(args)
	fl.Usage = usage
	switch {
	case err == nil:
		return 0, false
	case errors.Is(err, flag.ErrHelp):
		fl.SetOutput(stdout)
		fl.Usage()
		return 0, true
	}
	fl.Usage() // after the flag package's one-line error, on stderr
	return 2, true
}

// parseOnlyFlags is parseFlags for a command that takes no arguments
// besides its flags: one more is a usage error.
func parseOnlyFlags(fl *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, done bool) {
	if code, done := parseFlags(fl, args, stdout); done {
		return code, true
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing %s: unexpected argument %q\n", fl.Name(), fl.Arg(0))
		fl.Usage()
		return 2, true
	}
	return 0, false
}

// siteFlags defines the flags that say which site to build, as build,
// serve and check take them.
func siteFlags(fl *flag.FlagSet, opts *build.Options) {
	fl.StringVar(&opts.Source, "source", ".", "site root `folder`: briefing.toml, the content folder, templates/, static/")
	fl.StringVar(&opts.ContentDir, "content-dir", "", "content `folder`, relative to --source (default from briefing.toml, else seeds)")
	fl.StringVar(&opts.BaseURL, "base-url", "", "`URL` the site is served from, e.g. https://example.org/briefing/ (default from briefing.toml, else /)")
	fl.BoolVar(&opts.Drafts, "drafts", false, "include articles marked draft")
}

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressLine shows a build's progress on one terminal line, at most ten
// times a second, and clears it when the build ends.
type progressLine struct {
	w     io.Writer
	last  time.Time
	shown bool
}

func (p *progressLine) show(stage string, done, total int) {
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || done == total {
		p.last = now
		p.shown = true
		fmt.Fprintf(p.w, "\r\033[K%s %d/%d", stage, done, total)
	}
}

func (p *progressLine) clear() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
