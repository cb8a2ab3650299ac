package experiment

import (
	"strconv"
	"strings"
)

// lineIndex maps key paths such as "policy[1].params.threshold" to the line
// where the key is written. It reads the TOML source line by line, tracking
// [table] and [[array]] headers; it is a locator for error messages, not a
// parser, and answers 0 when it cannot tell.
type lineIndex map[string]int

func buildLineIndex(src string) lineIndex {
	idx := lineIndex{}
	counts := map[string]int{} // array-of-tables name -> entries so far
	table := ""
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		switch {
		case strings.HasPrefix(line, "[["):
			end := strings.Index(line, "]]")
			if end < 0 {
				continue
			}
			name := strings.ToLower(strings.TrimSpace(line[2:end]))
			table = name + "[" + strconv.Itoa(counts[name]) + "]"
			counts[name]++
			idx.set(table, n+1)
		case line[0] == '[':
			end := strings.Index(line, "]")
			if end < 0 {
				continue
			}
			table = strings.ToLower(strings.TrimSpace(line[1:end]))
			idx.set(table, n+1)
		default:
			eq := strings.Index(line, "=")
			if eq <= 0 {
				continue
			}
			key := strings.ToLower(strings.Trim(strings.TrimSpace(line[:eq]), `"'`))
			path := key
			if table != "" {
				path = table + "." + key
			}
			idx.set(path, n+1)
		}
	}
	return idx
}

func (idx lineIndex) set(path string, line int) {
	if _, ok := idx[path]; !ok {
		idx[path] = line
	}
}

// line returns the line of path, or of its nearest written ancestor, or 0.
func (idx lineIndex) line(path string) int {
	p := strings.ToLower(path)
	for p != "" {
		if l, ok := idx[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}
