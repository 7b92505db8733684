//go:build !unix

package output

import "os"

// writeFile creates path with data, mode 0644.
func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }
