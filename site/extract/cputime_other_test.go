//go:build !unix

package extract

import "time"

// processCPU is unknown here.
func processCPU() time.Duration { return 0 }
