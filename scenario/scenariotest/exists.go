package scenariotest

import "os"

// Exists reports whether path names something that exists (a special file
// such as /dev/zero may be missing in a container).
func Exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
