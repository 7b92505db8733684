//go:build !unix

package output

import "os"

// lock opens the lock file; without flock, builds are not kept apart.
func lock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
}
