package sim

import (
	"strconv"
	"strings"
)

// lineIndex maps key paths ("nation[2].security") to the line (from 1) where
// the key is written. BurntSushi/toml reports positions only for syntax and
// value errors, so cross-field checks find their line here. It understands
// tables, arrays of tables, dotted keys and skips multi-line strings; keys
// inside inline tables map to the line of the inline table.
type lineIndex map[string]int

func buildLineIndex(src string) lineIndex {
	idx := lineIndex{}
	counts := map[string]int{} // array-of-tables path -> elements so far
	table := ""
	inMulti := ""
	for n, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[[") {
			end := strings.Index(line, "]]")
			if end < 0 {
				continue
			}
			name := resolveTable(strings.TrimSpace(line[2:end]), counts)
			k := counts[name]
			counts[name] = k + 1
			table = name + "[" + strconv.Itoa(k) + "]"
			if _, ok := idx[table]; !ok {
				idx[table] = n + 1
			}
			continue
		}
		if line[0] == '[' {
			end := strings.Index(line, "]")
			if end < 0 {
				continue
			}
			table = resolveTable(strings.TrimSpace(line[1:end]), counts)
			if _, ok := idx[table]; !ok {
				idx[table] = n + 1
			}
			continue
		}
		eq := strings.Index(line, "=")
		if eq <= 0 {
			continue
		}
		key := normKey(line[:eq])
		path := key
		if table != "" {
			path = table + "." + key
		}
		if _, ok := idx[path]; !ok {
			idx[path] = n + 1
		}
		val := strings.TrimSpace(line[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(val, q) && !strings.Contains(val[3:], q) {
				inMulti = q
			}
		}
	}
	return idx
}

// resolveTable turns "nation.doctrine" into "nation[k].doctrine" where nation
// is an array of tables whose latest element is k.
func resolveTable(name string, counts map[string]int) string {
	parts := strings.Split(name, ".")
	out := ""
	for i, p := range parts {
		p = normKey(p)
		if i > 0 {
			out += "."
		}
		out += p
		if c, ok := counts[out]; ok && c > 0 && i < len(parts)-1 {
			out += "[" + strconv.Itoa(c-1) + "]"
		}
	}
	return out
}

func normKey(k string) string {
	parts := strings.Split(strings.TrimSpace(k), ".")
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.Trim(strings.TrimSpace(p), `"'`))
	}
	return strings.Join(parts, ".")
}

// line finds the line of path or of its nearest written ancestor.
func (idx lineIndex) line(path string) int {
	p := strings.ToLower(path)
	for p != "" {
		if l, ok := idx[p]; ok {
			return l
		}
		cut := strings.LastIndexAny(p, ".[")
		if cut < 0 {
			break
		}
		p = p[:cut]
	}
	return 0
}
