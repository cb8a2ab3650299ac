package tomlkeys

import (
	"strconv"
	"strings"
)

// Index maps key paths ("nation[2].security") to the line (from 1) where
// the key is written. BurntSushi/toml reports positions only for syntax and
// value errors, so checks that know only a key path find their line here. It
// understands tables, arrays of tables, dotted and quoted keys and skips
// multi-line strings; keys inside inline tables map to the line of the
// inline table. It is a locator for messages, not a parser.
type Index map[string]int

// Build indexes the keys of TOML source src.
func Build(src string) Index {
	idx := Index{}
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

// Line returns the line of path (case-insensitive), or of its nearest
// written ancestor ("nation[2]" for "nation[2].security" set by a default),
// or 0 when neither is written.
func (idx Index) Line(path string) int {
	p := strings.ToLower(strings.ReplaceAll(path, `"`, ""))
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

// Suggest returns the name in names closest to k (case-insensitive) within
// edit distance 2 — a likely typo — or "".
func Suggest(k string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if dd := editDistance(strings.ToLower(k), strings.ToLower(n)); dd < bestD {
			best, bestD = n, dd
		}
	}
	return best
}

// editDistance is the Levenshtein distance; long strings count as far apart.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
