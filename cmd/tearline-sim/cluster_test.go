package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestClusterDocs keeps docs/cluster.md in step with the scripts it shows,
// and checks the scripts' shell syntax.
func TestClusterDocs(t *testing.T) {
	t.Parallel()
	doc := readFile(t, "../../docs/cluster.md")
	for _, f := range []string{"tearline-array.sbatch", "tearline-merge.sbatch", "tearline-indexed-job.yaml"} {
		body := readFile(t, filepath.Join("../../docs/cluster", f))
		if !strings.Contains(doc, body) {
			t.Errorf("docs/cluster.md does not show docs/cluster/%s verbatim", f)
		}
		if strings.HasSuffix(f, ".sbatch") {
			if out, err := exec.Command("bash", "-n", filepath.Join("../../docs/cluster", f)).CombinedOutput(); err != nil {
				t.Errorf("%s: %v\n%s", f, err, out)
			}
			if st, err := os.Stat(filepath.Join("../../docs/cluster", f)); err != nil || st.Mode()&0o111 == 0 {
				t.Errorf("%s is not executable", f)
			}
		}
	}
}
