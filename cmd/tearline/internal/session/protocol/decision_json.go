package protocol

import (
	"encoding/json"
	"errors"

	"tearline/scenario"
	"tearline/sim"
)

// UnmarshalJSON reads a Decision. The engine's decision marshals its levels
// (scenario.Level) as names, "SECRET", which scenario.Level cannot read back
// from JSON; the names under "MaxLevel" and in "Level" are turned back into
// numbers first, and the engine decision is then read strictly.
func (d *Decision) UnmarshalJSON(data []byte) error {
	type plain Decision // without this method
	var w struct {
		plain
		Engine json.RawMessage `json:"engine"`
	}
	if err := strict(data, &w); err != nil {
		return err
	}
	*d = Decision(w.plain)
	d.Engine = nil
	if len(w.Engine) == 0 || string(w.Engine) == "null" {
		return nil
	}
	var tree any
	if err := json.Unmarshal(w.Engine, &tree); err != nil {
		return err
	}
	if err := levelsToNumbers(tree, "", 0); err != nil {
		return err
	}
	b, err := json.Marshal(tree)
	if err != nil {
		return err
	}
	var e sim.Decision
	if err := strict(b, &e); err != nil {
		return err
	}
	d.Engine = &e
	return nil
}

// maxDepth bounds the nesting levelsToNumbers walks (a decision nests 5 deep).
const maxDepth = 16

// levelsToNumbers rewrites, in place, level names under the keys MaxLevel
// and Level to their numbers.
func levelsToNumbers(v any, key string, depth int) error {
	if depth > maxDepth {
		return errors.New("engine decision nested too deep")
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "MaxLevel" {
				l, err := scenario.ParseLevel(s)
				if err != nil {
					return err
				}
				x[k] = int(l)
				continue
			}
			if err := levelsToNumbers(e, k, depth+1); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if s, ok := e.(string); ok && key == "Level" {
				l, err := scenario.ParseLevel(s)
				if err != nil {
					return err
				}
				x[i] = int(l)
				continue
			}
			if err := levelsToNumbers(e, key, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}
