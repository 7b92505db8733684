// Command briefing turns a folder of news clippings into a cross-linked
// briefing microsite.
//
// Usage:
//
//	briefing build [flags]   build the site into public/
//	briefing version         print the version
//
// Run "briefing help build" for the build flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"briefing"
	"briefing/site/build"
)

// version is set at link time by the Makefile (-X main.version=...).
var version = ""

const usage = `briefing turns a folder of news clippings into a cross-linked briefing site.

Usage:
  briefing <command> [flags]

Commands:
  build     build the site from the content folder into public/
  version   print the version
  help      show help for a command

Examples:
  briefing build
  briefing build --source ~/desk --base-url https://example.org/briefing/
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
status is 1, and the previous site is left untouched.

Flags:
`

const buildExamples = `
Examples:
  briefing build
  briefing build --source ~/desk --destination /var/www/briefing
  briefing build --content-dir clippings --base-url https://example.org/briefing/
`

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts build.Options
	fl.StringVar(&opts.Source, "source", ".", "site root `folder`: briefing.toml, the content folder, templates/, static/")
	fl.StringVar(&opts.ContentDir, "content-dir", "", "content `folder`, relative to --source (default from briefing.toml, else seeds)")
	fl.StringVar(&opts.Destination, "destination", "", "output `folder` (default <source>/public)")
	fl.StringVar(&opts.BaseURL, "base-url", "", "`URL` the site is served from, e.g. https://example.org/briefing/ (default from briefing.toml, else /)")
	fl.BoolVar(&opts.Drafts, "drafts", false, "include articles marked draft")
	verbose := fl.Bool("verbose", false, "log each stage's duration and every skipped file")
	quiet := fl.Bool("quiet", false, "print nothing on success")
	fl.Usage = func() {
		fmt.Fprint(fl.Output(), buildUsage)
		fl.PrintDefaults()
		fmt.Fprint(fl.Output(), buildExamples)
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fl.SetOutput(stdout)
			fl.Usage()
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing build: unexpected argument %q\n", fl.Arg(0))
		fl.Usage()
		return 2
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	opts.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	opts.Theme = briefing.Theme()
	sum, err := build.Run(ctx, opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "build failed; the previous site was left as it was")
		return 1
	}
	if n := len(sum.Skipped); n > 0 && !*verbose {
		fmt.Fprintf(stderr, "note: skipped %d file(s) that are not articles (--verbose lists them)\n", n)
	}
	if !*quiet {
		fmt.Fprintln(stdout, sum)
	}
	return 0
}
