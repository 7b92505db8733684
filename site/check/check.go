// Package check finds what is wrong with a site built in memory, before it
// is published:
//
//   - internal links and anchors of every HTML page that lead nowhere,
//     including links that leave the base path the site is served from;
//   - output files that serve one URL, exactly or on a case-insensitive host
//     ("a" beside "a/index.html", "A/index.html" beside "a/index.html");
//   - participants whose names fold to one slug, so that one of them got a
//     numbered URL ("...-2"), and topics whose names fold to one slug;
//   - articles without a title or without a body;
//   - XML files (feeds, sitemaps) that are not well-formed and JSON files
//     that do not parse;
//   - with Options.External, outbound http(s) links that fail or answer
//     with a status of 400 or more.
//
// Articles without a date or without a source are warnings; Options.Strict
// makes them problems. Invalid front matter, sidecars and configuration
// are not checked here: the build refuses them with their own messages.
package check

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"briefing/site/build"
	"briefing/site/pages"
)

// Options says what to check and how.
type Options struct {
	Strict      bool          // report warnings as problems
	External    bool          // also request every outbound http(s) link
	Timeout     time.Duration // for each external request; 0 means DefaultTimeout
	Concurrency int           // external requests at once; 0 means DefaultConcurrency
	Client      *http.Client  // for external requests; nil means a client of its own
}

// Defaults for the external link check.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultConcurrency = 8
)

// Finding is one problem or warning. Path is the source file of a content
// problem (relative to the site root, as the build names it) or the output
// file of a link or file problem (relative to the site's root folder).
type Finding struct {
	Path    string
	Message string
	Warning bool // not a problem unless Options.Strict
}

// String is the finding as printed: "path: message", with "warning: "
// before the message of a warning.
func (f Finding) String() string {
	if f.Warning {
		return f.Path + ": warning: " + f.Message
	}
	return f.Path + ": " + f.Message
}

// Site checks a built site and returns its findings sorted by path, then
// message, without duplicates. res must come from build.Generate, which
// keeps every output file in res.Files. When ctx is done, the external
// check stops and the links it did not finish are not reported: the caller
// should tell that the check is incomplete.
func Site(ctx context.Context, res *build.Result, opts Options) []Finding {
	var out []Finding
	router, err := pages.NewRouter(cmp.Or(res.Config.BaseURL, "/"))
	if err != nil {
		return []Finding{{Path: "briefing.toml", Message: "base URL: " + err.Error()}}
	}
	out = append(out, contentFindings(res, router)...)
	out = append(out, fileFindings(res.Files)...)
	lk := checkLinks(res.Files, res.Config.BaseURL, router)
	out = append(out, lk.findings...)
	if opts.External {
		out = append(out, checkExternal(ctx, lk.external, opts)...)
	}
	if opts.Strict {
		for i := range out {
			out[i].Warning = false
		}
	}
	slices.SortFunc(out, compareFindings)
	return slices.Compact(out)
}

func compareFindings(a, b Finding) int {
	return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Message, b.Message), compareBool(a.Warning, b.Warning))
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// Count returns the number of problems and of warnings among fs.
func Count(fs []Finding) (problems, warnings int) {
	for _, f := range fs {
		if f.Warning {
			warnings++
		} else {
			problems++
		}
	}
	return problems, warnings
}
