package output

import (
	"errors"

	"golang.org/x/sys/unix"
)

// swap exchanges the folders a and b in one atomic step.
func swap(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return swapByRename(a, b)
	}
	return err
}
