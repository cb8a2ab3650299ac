package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// allMods are the modifier states a chord can be pressed with.
var allMods = []Mod{0, ModCtrl, ModShift, ModCtrl | ModShift}

// TestKeymapsHaveNoClashes: within each context (the keymaps one screen
// reads together), a key pressed with any modifiers asks for one intent
// at most.
func TestKeymapsHaveNoClashes(t *testing.T) {
	t.Parallel()
	for name, kms := range Contexts {
		for k := ebiten.Key(0); k <= ebiten.KeyMax; k++ {
			for _, m := range allMods {
				in := &Input{keys: []ebiten.Key{k}, mods: m}
				var got []string
				for _, km := range kms {
					for _, it := range km.Intents(in) {
						got = append(got, km.Name+": "+it.String())
					}
				}
				if len(got) > 1 {
					t.Errorf("%s: %v with mods %b asks for %d intents: %v", name, k, m, len(got), got)
				}
			}
		}
	}
	// Every keymap is read in some context.
	for _, km := range Keymaps {
		found := false
		for _, kms := range Contexts {
			found = found || slices.Contains(kms, km)
		}
		if !found {
			t.Errorf("keymap %q is in no context", km.Name)
		}
	}
}

// TestKeymapIntents turns pressed keys into intents, modifiers included.
func TestKeymapIntents(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		km   *Keymap
		keys []ebiten.Key
		mods Mod
		want []Intent
	}{
		{"Tab", KeysFocus, []ebiten.Key{ebiten.KeyTab}, 0, []Intent{IntentFocusNext}},
		{"Shift+Tab", KeysFocus, []ebiten.Key{ebiten.KeyTab}, ModShift, []Intent{IntentFocusPrev}},
		{"= is faster", KeysExercise, []ebiten.Key{ebiten.KeyEqual}, 0, []Intent{IntentFaster}},
		{"Ctrl+= is not faster", KeysExercise, []ebiten.Key{ebiten.KeyEqual}, ModCtrl, nil},
		{"Ctrl+= scales", KeysGlobal, []ebiten.Key{ebiten.KeyEqual}, ModCtrl, []Intent{IntentScaleUp}},
		{"keypad + scales with Ctrl", KeysGlobal, []ebiten.Key{ebiten.KeyNumpadAdd}, ModCtrl, []Intent{IntentScaleUp}},
		{"? is Shift+/", KeysGlossary, []ebiten.Key{ebiten.KeySlash}, ModShift, []Intent{IntentGlossary}},
		{"Esc and Q quit once", KeysStart, []ebiten.Key{ebiten.KeyEscape, ebiten.KeyQ}, 0, []Intent{IntentQuit}},
		{"keypad Enter sends", KeysForm, []ebiten.Key{ebiten.KeyNumpadEnter}, 0, []Intent{IntentSend}},
		{"two keys, two intents in order", KeysForm, []ebiten.Key{ebiten.KeyT, ebiten.KeyEnter}, 0, []Intent{IntentTearline, IntentSend}},
		{"a key of no intent", KeysForm, []ebiten.Key{ebiten.KeyZ}, 0, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := &Input{keys: tt.keys, mods: tt.mods}
			if got := tt.km.Intents(in); !slices.Equal(got, tt.want) {
				t.Errorf("Intents = %v, want %v", got, tt.want)
			}
			for _, it := range tt.want {
				if !in.Asks(tt.km, it) {
					t.Errorf("Asks(%v) = false", it)
				}
			}
		})
	}
}

// TestTakeDropsUsedKeys: a key used by the focus or the glossary does not
// reach the screen.
func TestTakeDropsUsedKeys(t *testing.T) {
	t.Parallel()
	in := &Input{keys: []ebiten.Key{ebiten.KeyEnter, ebiten.KeyN}}
	if !in.take(KeysFocus, IntentPress) {
		t.Fatal("take found no Enter")
	}
	if in.Asks(KeysEnded, IntentToDebrief) || !in.Asks(KeysClock, IntentNextDecision) {
		t.Errorf("keys left %v, want N alone", in.keys)
	}
	if in.take(KeysFocus, IntentPress) {
		t.Error("Enter taken twice")
	}
}

// TestLabels: hints name keys as people say them, from the table.
func TestLabels(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		km   *Keymap
		it   Intent
		want string
	}{
		{KeysClock, IntentPause, "Space"},
		{KeysClock, IntentNextDecision, "N"},
		{KeysExercise, IntentFaster, "+"},
		{KeysExercise, IntentSlower, "-"},
		{KeysExercise, IntentQuit, "Esc or Q"},
		{KeysForm, IntentSend, "Enter"}, // the keypad's Enter is an alias
		{KeysGlobal, IntentScaleUp, "Ctrl+="},
		{KeysGlobal, IntentFullscreen, "F11"},
		{KeysGlossary, IntentGlossary, "? or F1"},
		{KeysFocus, IntentFocusPrev, "Shift+Tab"},
		{KeysFocus, IntentPress, "Enter or Space"},
		{KeysDebrief, IntentPageDown, "PgDn"},
		{KeysForm, IntentGrant, ""}, // not a form key
	} {
		if got := Label(tt.km, tt.it); got != tt.want {
			t.Errorf("Label(%s, %v) = %q, want %q", tt.km.Name, tt.it, got, tt.want)
		}
	}
	if got := Hint(KeysClock, IntentPause); got != "(Space)" {
		t.Errorf("Hint = %q, want (Space)", got)
	}
	if got := Key(KeysGlossary, IntentGlossary); got != "?" {
		t.Errorf("Key = %q, want ?", got)
	}
	if got := Label(&Keymap{Bindings: []Binding{bind(ebiten.KeyA, IntentUp), bind(ebiten.KeyB, IntentUp), bind(ebiten.KeyC, IntentUp)}}, IntentUp); got != "A, B or C" {
		t.Errorf("three keys: %q", got)
	}
}

// uiSources parses the package's non-test Go files.
func uiSources(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = f
	}
	return fset, files
}

// keymapsByName maps the keymap variables' names to them.
var keymapsByName = map[string]*Keymap{
	"KeysGlobal": KeysGlobal, "KeysGlossary": KeysGlossary, "KeysGlossaryPage": KeysGlossaryPage, "KeysFocus": KeysFocus,
	"KeysStart": KeysStart, "KeysBriefing": KeysBriefing, "KeysError": KeysError, "KeysExercise": KeysExercise,
	"KeysClock": KeysClock, "KeysForm": KeysForm, "KeysConsent": KeysConsent, "KeysEnded": KeysEnded,
	"KeysQuitDialog": KeysQuitDialog, "KeysDebrief": KeysDebrief,
}

// intentsByName maps the intent constants' names to them.
func intentsByName(t *testing.T, files map[string]*ast.File) map[string]Intent {
	t.Helper()
	out := map[string]Intent{}
	f := files["keymap.go"]
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		iota := 0
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			for _, n := range vs.Names {
				if strings.HasPrefix(n.Name, "Intent") {
					out[n.Name] = Intent(iota)
				}
				iota++
			}
		}
	}
	if len(out) != int(intentCount) {
		t.Fatalf("found %d intents, want %d", len(out), intentCount)
	}
	return out
}

// TestHandledIntentsHaveKeys reads the package's handlers: every intent
// asked of a keymap (Asks, take) or named in a hint (Label, Hint, Key) has
// a key there, and every binding is handled somewhere.
func TestHandledIntentsHaveKeys(t *testing.T) {
	t.Parallel()
	fset, files := uiSources(t)
	intents := intentsByName(t, files)
	type use struct {
		km *Keymap
		it Intent
	}
	handled := map[use]bool{}
	for name, f := range files {
		if name == "keymap.go" {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			// km := KeysX in the function.
			local := map[string]*Keymap{}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
					l, lok := as.Lhs[0].(*ast.Ident)
					r, rok := as.Rhs[0].(*ast.Ident)
					if lok && rok && keymapsByName[r.Name] != nil {
						local[l.Name] = keymapsByName[r.Name]
					}
				}
				return true
			})
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 2 {
					return true
				}
				var fn string
				switch f := call.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				if fn != "Asks" && fn != "take" && fn != "Label" && fn != "Hint" && fn != "Key" {
					return true
				}
				kmID, ok1 := call.Args[0].(*ast.Ident)
				itID, ok2 := call.Args[1].(*ast.Ident)
				if !ok1 || !ok2 {
					t.Errorf("%s: %s with arguments that are not names", fset.Position(call.Pos()), fn)
					return true
				}
				km := keymapsByName[kmID.Name]
				if km == nil {
					km = local[kmID.Name]
				}
				it, known := intents[itID.Name]
				if km == nil || !known {
					t.Errorf("%s: %s(%s, %s): unknown keymap or intent", fset.Position(call.Pos()), fn, kmID.Name, itID.Name)
					return true
				}
				if Label(km, it) == "" {
					t.Errorf("%s: %s(%s, %s): the keymap has no key for it", fset.Position(call.Pos()), fn, kmID.Name, itID.Name)
				}
				if fn == "Asks" || fn == "take" {
					handled[use{km, it}] = true
				}
				return true
			})
		}
	}
	for _, km := range Keymaps {
		for _, bd := range km.Bindings {
			if !handled[use{km, bd.Intent}] {
				t.Errorf("keymap %q binds %s to %q, which no handler asks for", km.Name, bd.label(), bd.Intent)
			}
		}
	}
}

// keyWords are how key names look in text: a hint must take them from the
// keymap (Label, Hint, Key), never spell them. They match in the package's
// string literals outside keymap.go.
var keyWords = regexp.MustCompile(`\((Esc|Enter|Space|Tab|F1|F11|PgUp|PgDn|Home|End|[A-Z]|\+|-|\?)( or [^)]*)?\)|` +
	`\b(Esc|PgUp|PgDn|Ctrl\+|Shift\+|F11|Up/Down|Home/End)\b|\bPress (Space|Enter)\b|\bEnter send\b`)

// TestNoHardCodedKeyNames: no tooltip or hint spells a key; they get its
// name from the keymap.
func TestNoHardCodedKeyNames(t *testing.T) {
	t.Parallel()
	fset, files := uiSources(t)
	for name, f := range files {
		if name == "keymap.go" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if m := keyWords.FindString(s); m != "" {
				t.Errorf("%s: %q names a key (%q): take it from the keymap (Label, Hint, Key)", fset.Position(lit.Pos()), s, m)
			}
			return true
		})
	}
}

// TestREADMEKeyTable: README.md's key table is the one KeyTable writes.
func TestREADMEKeyTable(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := KeyTable()
	if !strings.Contains(string(b), want) {
		t.Errorf("README.md does not hold the key table; put this between its key-table markers:\n%s", want)
	}
}
