//go:build !unix

package output

import "os"

// WriteFile creates path with data, mode 0644, the way a Tree writes each
// file.
func WriteFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }
