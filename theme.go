// Package briefing holds the default theme, embedded so the briefing binary
// works anywhere. The generator itself lives in site/ and the command in
// cmd/briefing.
package briefing

import (
	"embed"
	"io/fs"
)

//go:embed all:templates all:static
var theme embed.FS

// Theme returns the default theme: templates/ and static/.
func Theme() fs.FS { return theme }
