//go:build !unix

package watch

import "io/fs"

// inode returns 0: inode numbers are not available on this system.
func inode(fs.FileInfo) uint64 { return 0 }
