package results

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// BuildID returns the identity of the running executable, recorded as
// Meta.Build:
//
//	git:REV                          a clean build stamped with its VCS revision
//	git:REV-dirty exe-sha256:HEX     a stamped build of a modified tree
//	exe-sha256:HEX                   no VCS stamp (go run, go test, -buildvcs=false)
//
// where HEX is the SHA-256 of the executable file (os.Executable). A
// modified tree's revision alone would not tell two builds apart, so its
// executable's hash is added. When the executable cannot be read the
// identity says "exe-unreadable" rather than nothing. It is computed
// once per process (hashing a 20 MB binary takes about 50 ms).
func BuildID() string {
	buildOnce.Do(func() { buildID = buildIdentity(debug.ReadBuildInfo, exeHash) })
	return buildID
}

var (
	buildOnce sync.Once
	buildID   string
)

// buildIdentity composes the identity from the build information and the
// executable's hash (functions, so tests can give both).
func buildIdentity(info func() (*debug.BuildInfo, bool), exe func() (string, error)) string {
	var rev string
	modified := false
	if bi, ok := info(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if rev != "" && !modified {
		return "git:" + rev
	}
	h, err := exe()
	id := "exe-sha256:" + h
	if err != nil {
		id = "exe-unreadable"
	}
	if rev != "" {
		return "git:" + rev + "-dirty " + id
	}
	return id
}

// exeHash returns the SHA-256 of the running executable in hex.
func exeHash() (string, error) {
	p, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
