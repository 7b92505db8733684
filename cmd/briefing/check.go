package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"briefing"
	"briefing/site/build"
	"briefing/site/check"
)

const checkUsage = `Usage: briefing check [flags]

Builds the site in memory, as briefing build would but writing nothing, and
checks it before it is published. Each problem is printed on a line of its
own as path: message, then a summary line. The path is the source file for
a problem in the content, the output file (relative to the site's root
folder) for a problem in a page or a file.

Problems:
  - internal links and #anchors that lead to no file or no id, or out of
    the base path the site is served from
  - output files that serve one URL, also when only case tells them apart
  - participants or topics whose names fold to one slug (the second one
    gets a numbered URL such as participants/<slug>-2/)
  - articles without a title or a body
  - XML files (feeds, sitemaps) that are not well-formed, JSON files that
    do not parse
  - with --external: outbound http(s) links that fail or answer 400 or more
    (each URL is requested once, 8 at a time: HEAD, then GET if refused)
  - anything that fails the build itself, such as invalid front matter or
    sidecars, printed as the build reports it

Warnings, which fail the check only with --strict: articles without a date,
articles without a source.

The exit status is 0 when there is no problem, 1 when there are problems or
the build failed, 2 on bad usage.

Flags:
`

const checkExamples = `
Examples:
  briefing check
  briefing check --strict           # warnings fail too
  briefing check --external --timeout 5s
  briefing check --source ~/desk --base-url https://example.org/briefing/
`

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("check", checkUsage, checkExamples, stderr)
	var opts build.Options
	siteFlags(fl, &opts)
	var copts check.Options
	fl.BoolVar(&copts.Strict, "strict", false, "count warnings as problems")
	fl.BoolVar(&copts.External, "external", false, "also request every outbound http(s) link")
	fl.DurationVar(&copts.Timeout, "timeout", check.DefaultTimeout, "with --external: give up on a link after `duration`")
	if code, done := parseOnlyFlags(fl, args, stdout, stderr); done {
		return code
	}
	if copts.Timeout <= 0 {
		fmt.Fprintf(stderr, "briefing check: --timeout must be more than 0, not %s\n", copts.Timeout)
		return 2
	}
	opts.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts.Theme = briefing.Theme()

	res, err := build.Generate(ctx, opts)
	if err != nil {
		// The build names each problem as path[:line]: message, one a line.
		n := 0
		for line := range strings.SplitSeq(err.Error(), "\n") {
			if strings.TrimSpace(line) != "" {
				fmt.Fprintln(stdout, line)
				n++
			}
		}
		fmt.Fprintf(stdout, "check: %s, 0 warnings (the build failed)\n", plural(n, "problem"))
		return 1
	}
	findings := check.Site(ctx, res, copts)
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
	}
	problems, warnings := check.Count(findings)
	fmt.Fprintf(stdout, "check: %s, %s\n", plural(problems, "problem"), plural(warnings, "warning"))
	if err := ctx.Err(); err != nil {
		fmt.Fprintln(stderr, "briefing check: interrupted")
		return 1
	}
	if problems > 0 {
		return 1
	}
	return 0
}

// plural returns n and the noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
