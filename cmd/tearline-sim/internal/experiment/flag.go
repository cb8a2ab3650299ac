package experiment

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParsePolicyFlag parses a --policy value: "NAME", "NAME:K=V,K=V" (for
// example "by-trust:threshold=0.7,tearline=0.5") or "log:FILE" (a recorded
// decision log, falling back to doctrine).
func ParsePolicyFlag(s string) (PolicySpec, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "log:"); ok {
		if rest == "" {
			return PolicySpec{}, fmt.Errorf("--policy %q: name the decision log file, as in log:FILE", s)
		}
		return PolicySpec{Log: rest}, nil
	}
	name, params, hasParams := strings.Cut(s, ":")
	if name == "" {
		return PolicySpec{}, fmt.Errorf("--policy %q: give a policy name", s)
	}
	spec := PolicySpec{Name: name}
	if !hasParams {
		return spec, nil
	}
	spec.Params = map[string]float64{}
	for _, kv := range strings.Split(params, ",") {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return PolicySpec{}, fmt.Errorf("--policy %q: write parameters as NAME:K=V,K=V", s)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return PolicySpec{}, fmt.Errorf("--policy %q: %s=%q is not a number", s, k, v)
		}
		if _, dup := spec.Params[k]; dup {
			return PolicySpec{}, fmt.Errorf("--policy %q: %s is given twice", s, k)
		}
		spec.Params[k] = f
	}
	return spec, nil
}
