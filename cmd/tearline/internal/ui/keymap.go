package ui

import (
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
)

// Intent is what a key asks a screen to do ("pause the clock", "send the
// decision"). Screens act on intents, never on keys: a Keymap turns this
// tick's keys into intents, and the same Keymap gives the key's name for a
// tooltip or a hint (Label, Hint), so a key is spelt once, in this file.
type Intent uint8

// The intents. Which keys ask for each is in the Keymaps below; one intent
// may have different keys on different screens.
const (
	// IntentNone is no intent (the zero value).
	IntentNone Intent = iota

	// IntentScaleUp and IntentScaleDown step the UI scale (any screen).
	IntentScaleUp
	IntentScaleDown
	// IntentFullscreen toggles full screen (any screen).
	IntentFullscreen
	// IntentGlossary opens or closes the glossary page (any screen).
	IntentGlossary
	// IntentFocusNext and IntentFocusPrev move the keyboard focus over the
	// screen's buttons; IntentPress presses the focused button;
	// IntentDropFocus drops the focus.
	IntentFocusNext
	IntentFocusPrev
	IntentPress
	IntentDropFocus

	// IntentUp, IntentDown, IntentPageUp, IntentPageDown, IntentHome and
	// IntentEnd move a selection or scroll a list.
	IntentUp
	IntentDown
	IntentPageUp
	IntentPageDown
	IntentHome
	IntentEnd
	// IntentOpen opens the selected scenario (start screen).
	IntentOpen
	// IntentReload reads the opened scenario file again.
	IntentReload
	// IntentBack goes back to the previous screen (briefing → start).
	IntentBack
	// IntentClose closes the page over the screen (the glossary).
	IntentClose
	// IntentQuit quits Tearline; mid-exercise it asks first.
	IntentQuit
	// IntentStart starts the exercise (briefing).
	IntentStart

	// IntentPause runs or pauses the exercise clock.
	IntentPause
	// IntentNextDecision jumps the clock to the next decision point.
	IntentNextDecision
	// IntentFaster and IntentSlower change the clock's speed.
	IntentFaster
	IntentSlower
	// IntentToDebrief opens the debrief of a finished exercise.
	IntentToDebrief
	// IntentFull, IntentTearline and IntentWithhold set the selected row's
	// action; IntentRoute cycles its channel; IntentWaiver toggles a
	// waiver; IntentSend sends the decision.
	IntentFull
	IntentTearline
	IntentWithhold
	IntentRoute
	IntentWaiver
	IntentSend
	// IntentGrant and IntentDeny answer a consent request.
	IntentGrant
	IntentDeny

	// IntentSave saves the debrief's report; IntentWhatIf switches the
	// debrief between its list and the spread.
	IntentSave
	IntentWhatIf

	// IntentConfirmQuit quits from the "Quit the exercise?" dialog;
	// IntentKeepPlaying closes it.
	IntentConfirmQuit
	IntentKeepPlaying

	// intentCount is one past the last intent.
	intentCount
)

// Mod is a set of modifier keys a Chord needs held.
type Mod uint8

// The modifiers. A chord without ModCtrl matches only while Ctrl is up (so
// Ctrl+= is not also =); a chord without ModShift matches with or without
// Shift, unless the same keymap binds the key with ModShift too (Tab and
// Shift+Tab).
const (
	ModCtrl Mod = 1 << iota
	ModShift
)

// Chord is a key with the modifiers held with it.
type Chord struct {
	Key  ebiten.Key
	Mods Mod
}

// Binding maps a chord to an intent in a Keymap.
type Binding struct {
	Chord
	Intent Intent
	// Label, if set, is how hints name the chord (Equal is "+" for the
	// clock, as the key's face shows it); else keyName's.
	Label string
	// Alias marks a second key for the same intent that hints do not name
	// (the numeric keypad's Enter, + and -).
	Alias bool
	// What, if set, says what the key does in README.md's key table, for
	// an intent whose name alone is vague there ("up"); bindings with the
	// same What share a row.
	What string
}

// what returns bs with What set on each: for the key table.
func what(w string, bs ...Binding) []Binding {
	for i := range bs {
		bs[i].What = w
	}
	return bs
}

// Keymap is one screen's (or one mode's) table of keys. Within a Keymap a
// chord maps to at most one intent (TestKeymapsHaveNoClashes); the keymaps
// a screen reads at once (Contexts) do not clash either.
type Keymap struct {
	// Name names the keymap in tests and in README.md's key table.
	Name string
	// Bindings are its chords, in the order hints name them.
	Bindings []Binding
}

func bind(k ebiten.Key, it Intent) Binding { return Binding{Chord: Chord{Key: k}, Intent: it} }

func bindMod(k ebiten.Key, m Mod, it Intent) Binding {
	return Binding{Chord: Chord{Key: k, Mods: m}, Intent: it}
}

func aliasKey(k ebiten.Key, m Mod, it Intent) Binding {
	return Binding{Chord: Chord{Key: k, Mods: m}, Intent: it, Alias: true}
}

// The keymaps: the one table of keys. Game reads KeysGlobal, KeysFocus and
// KeysGlossary on every screen; each screen reads its own.
var (
	// KeysGlobal work on every screen.
	KeysGlobal = &Keymap{Name: "any screen", Bindings: []Binding{
		{Chord: Chord{ebiten.KeyEqual, ModCtrl}, Intent: IntentScaleUp, Label: "Ctrl+="},
		aliasKey(ebiten.KeyNumpadAdd, ModCtrl, IntentScaleUp),
		{Chord: Chord{ebiten.KeyMinus, ModCtrl}, Intent: IntentScaleDown, Label: "Ctrl+-"},
		aliasKey(ebiten.KeyNumpadSubtract, ModCtrl, IntentScaleDown),
		bind(ebiten.KeyF11, IntentFullscreen),
	}}
	// KeysGlossary opens and closes the glossary on every screen: ? is
	// Shift+/ on most layouts, so / alone does too, and F1 where / is hard
	// to reach.
	KeysGlossary = &Keymap{Name: "glossary", Bindings: []Binding{
		{Chord: Chord{Key: ebiten.KeySlash}, Intent: IntentGlossary, Label: "?"},
		bind(ebiten.KeyF1, IntentGlossary),
	}}
	// KeysGlossaryPage are the glossary page's keys while it is open.
	KeysGlossaryPage = &Keymap{Name: "glossary page", Bindings: slices.Concat([]Binding{
		bind(ebiten.KeyEscape, IntentClose),
	}, what("scroll",
		bind(ebiten.KeyArrowDown, IntentDown), aliasKey(ebiten.KeyPageDown, 0, IntentDown), aliasKey(ebiten.KeySpace, 0, IntentDown),
		bind(ebiten.KeyArrowUp, IntentUp), aliasKey(ebiten.KeyPageUp, 0, IntentUp),
	))}
	// KeysFocus move the keyboard focus over a screen's buttons (Tab) and
	// press the focused one; they come before the screen's own keys, and
	// all but Tab only while a button has the focus.
	KeysFocus = &Keymap{Name: "buttons", Bindings: []Binding{
		bind(ebiten.KeyTab, IntentFocusNext),
		bindMod(ebiten.KeyTab, ModShift, IntentFocusPrev),
		bind(ebiten.KeyEnter, IntentPress), aliasKey(ebiten.KeyNumpadEnter, 0, IntentPress), bind(ebiten.KeySpace, IntentPress),
		bind(ebiten.KeyEscape, IntentDropFocus),
	}}
	// KeysStart are the start screen's.
	KeysStart = &Keymap{Name: "start", Bindings: slices.Concat(
		what("choose a scenario", bind(ebiten.KeyArrowUp, IntentUp), bind(ebiten.KeyArrowDown, IntentDown)),
		[]Binding{
			bind(ebiten.KeyEnter, IntentOpen), aliasKey(ebiten.KeyNumpadEnter, 0, IntentOpen),
			bind(ebiten.KeyR, IntentReload),
			bind(ebiten.KeyEscape, IntentQuit), bind(ebiten.KeyQ, IntentQuit),
		})}
	// KeysBriefing are the briefing's.
	KeysBriefing = &Keymap{Name: "briefing", Bindings: slices.Concat([]Binding{
		bind(ebiten.KeyEnter, IntentStart), aliasKey(ebiten.KeyNumpadEnter, 0, IntentStart),
		bind(ebiten.KeyR, IntentReload),
		bind(ebiten.KeyEscape, IntentBack),
	}, what("scroll",
		bind(ebiten.KeyPageUp, IntentPageUp), bind(ebiten.KeyPageDown, IntentPageDown),
		bind(ebiten.KeyArrowUp, IntentUp), bind(ebiten.KeyArrowDown, IntentDown),
	))}
	// KeysError are the error screen's.
	KeysError = &Keymap{Name: "error", Bindings: slices.Concat([]Binding{
		bind(ebiten.KeyR, IntentReload),
	}, what("scroll the problems", bind(ebiten.KeyArrowUp, IntentUp), bind(ebiten.KeyArrowDown, IntentDown)), []Binding{
		bind(ebiten.KeyEscape, IntentQuit), bind(ebiten.KeyQ, IntentQuit),
	})}
	// KeysExercise work on the exercise screen whatever is pending.
	KeysExercise = &Keymap{Name: "exercise", Bindings: slices.Concat([]Binding{
		{Chord: Chord{Key: ebiten.KeyEqual}, Intent: IntentFaster, Label: "+"}, aliasKey(ebiten.KeyNumpadAdd, 0, IntentFaster),
		{Chord: Chord{Key: ebiten.KeyMinus}, Intent: IntentSlower, Label: "-"}, aliasKey(ebiten.KeyNumpadSubtract, 0, IntentSlower),
	}, what("quit (asks first while the exercise runs)", bind(ebiten.KeyEscape, IntentQuit), bind(ebiten.KeyQ, IntentQuit)))}
	// KeysClock are the exercise's while no decision is pending; Up, Down,
	// PgUp and PgDn scroll the facilitator's list under the pointer.
	KeysClock = &Keymap{Name: "exercise: clock", Bindings: slices.Concat([]Binding{
		bind(ebiten.KeySpace, IntentPause),
		bind(ebiten.KeyN, IntentNextDecision),
	}, what("scroll the facilitator's list (pointer over it)",
		bind(ebiten.KeyArrowUp, IntentUp), bind(ebiten.KeyArrowDown, IntentDown),
		bind(ebiten.KeyPageUp, IntentPageUp), bind(ebiten.KeyPageDown, IntentPageDown),
	))}
	// KeysForm are the exercise's while a share decision is pending.
	KeysForm = &Keymap{Name: "exercise: share decision", Bindings: slices.Concat(what("choose a partner's row",
		bind(ebiten.KeyArrowUp, IntentUp), bind(ebiten.KeyArrowDown, IntentDown)), []Binding{
		bind(ebiten.KeyF, IntentFull), bind(ebiten.KeyT, IntentTearline), bind(ebiten.KeyW, IntentWithhold),
		bind(ebiten.KeyR, IntentRoute), bind(ebiten.KeyV, IntentWaiver),
		bind(ebiten.KeyEnter, IntentSend), aliasKey(ebiten.KeyNumpadEnter, 0, IntentSend),
	})}
	// KeysConsent are the exercise's while a consent request is pending.
	KeysConsent = &Keymap{Name: "exercise: consent request", Bindings: []Binding{
		bind(ebiten.KeyG, IntentGrant), bind(ebiten.KeyD, IntentDeny),
	}}
	// KeysEnded are the exercise's once it is over.
	KeysEnded = &Keymap{Name: "exercise: ended", Bindings: []Binding{
		bind(ebiten.KeyEnter, IntentToDebrief), aliasKey(ebiten.KeyNumpadEnter, 0, IntentToDebrief),
	}}
	// KeysQuitDialog are the "Quit the exercise?" dialog's.
	KeysQuitDialog = &Keymap{Name: "quit dialog", Bindings: []Binding{
		bind(ebiten.KeyEnter, IntentConfirmQuit), aliasKey(ebiten.KeyNumpadEnter, 0, IntentConfirmQuit), bind(ebiten.KeyQ, IntentConfirmQuit),
		bind(ebiten.KeyEscape, IntentKeepPlaying),
	}}
	// KeysDebrief are the debrief's.
	KeysDebrief = &Keymap{Name: "debrief", Bindings: slices.Concat([]Binding{
		bind(ebiten.KeyS, IntentSave), bind(ebiten.KeyW, IntentWhatIf),
		bind(ebiten.KeyPageUp, IntentPageUp), bind(ebiten.KeyPageDown, IntentPageDown),
		bind(ebiten.KeyHome, IntentHome), bind(ebiten.KeyEnd, IntentEnd),
	}, what("scroll", bind(ebiten.KeyArrowUp, IntentUp), bind(ebiten.KeyArrowDown, IntentDown)), []Binding{
		bind(ebiten.KeyEscape, IntentQuit), bind(ebiten.KeyQ, IntentQuit),
	})}
)

// Keymaps lists every keymap, for the key table in README.md and tests.
var Keymaps = []*Keymap{KeysGlobal, KeysGlossary, KeysFocus, KeysStart, KeysBriefing, KeysExercise, KeysClock,
	KeysForm, KeysConsent, KeysEnded, KeysQuitDialog, KeysDebrief, KeysGlossaryPage, KeysError}

// Contexts are the keymaps read together (a screen in one of its modes,
// with the keymaps every screen reads): no chord may mean two intents
// within one (TestKeymapsHaveNoClashes). KeysFocus comes first and takes
// its keys from the screen only while a button has the focus, so it is not
// part of a context.
var Contexts = map[string][]*Keymap{
	"start":                     {KeysGlobal, KeysGlossary, KeysStart},
	"briefing":                  {KeysGlobal, KeysGlossary, KeysBriefing},
	"error":                     {KeysGlobal, KeysGlossary, KeysError},
	"exercise: clock":           {KeysGlobal, KeysGlossary, KeysExercise, KeysClock},
	"exercise: share decision":  {KeysGlobal, KeysGlossary, KeysExercise, KeysForm},
	"exercise: consent request": {KeysGlobal, KeysGlossary, KeysExercise, KeysConsent},
	"exercise: ended":           {KeysGlobal, KeysGlossary, KeysExercise, KeysEnded},
	"quit dialog":               {KeysGlobal, KeysQuitDialog},
	"debrief":                   {KeysGlobal, KeysGlossary, KeysDebrief},
	"glossary page":             {KeysGlobal, KeysGlossary, KeysGlossaryPage},
	"buttons":                   {KeysFocus},
}

// match reports whether binding bd is pressed in this tick: its key was
// pressed and its modifiers are held as it needs (see Mod).
func (km *Keymap) match(bd *Binding, k ebiten.Key, mods Mod) bool {
	if bd.Key != k || bd.Mods&ModCtrl != mods&ModCtrl {
		return false
	}
	if bd.Mods&ModShift != 0 {
		return mods&ModShift != 0
	}
	if mods&ModShift == 0 {
		return true
	}
	// Shift is held: a binding of the same key with Shift wins.
	for i := range km.Bindings {
		o := &km.Bindings[i]
		if o.Key == k && o.Mods&ModShift != 0 && o.Mods&ModCtrl == mods&ModCtrl {
			return false
		}
	}
	return true
}

// Intents returns the intents this tick's keys ask for in km, in the order
// the keys were pressed, each once.
func (km *Keymap) Intents(in *Input) []Intent {
	var out []Intent
	for _, k := range in.keys {
		for i := range km.Bindings {
			bd := &km.Bindings[i]
			if km.match(bd, k, in.mods) && !containsIntent(out, bd.Intent) {
				out = append(out, bd.Intent)
			}
		}
	}
	return out
}

func containsIntent(xs []Intent, it Intent) bool {
	for _, x := range xs {
		if x == it {
			return true
		}
	}
	return false
}

// Asks reports whether this tick's keys ask for intent it in km.
func (in *Input) Asks(km *Keymap, it Intent) bool {
	for _, k := range in.keys {
		for i := range km.Bindings {
			if bd := &km.Bindings[i]; bd.Intent == it && km.match(bd, k, in.mods) {
				return true
			}
		}
	}
	return false
}

// take drops from this tick's keys those that ask for it in km (they were
// used, e.g. by the focus or the glossary) and reports whether there were
// any.
func (in *Input) take(km *Keymap, it Intent) bool {
	used := false
	kept := in.keys[:0]
	for _, k := range in.keys {
		hit := false
		for i := range km.Bindings {
			if bd := &km.Bindings[i]; bd.Intent == it && km.match(bd, k, in.mods) {
				hit = true
			}
		}
		used = used || hit
		if !hit {
			kept = append(kept, k)
		}
	}
	in.keys = kept
	return used
}

// Label names the keys that ask for intent it in km, as hints spell them:
// "Space", "Esc or Q", "Esc, ? or F1", "Ctrl+="; aliases are left out. It is "" if km has
// no key for it.
func Label(km *Keymap, it Intent) string {
	var names []string
	for i := range km.Bindings {
		bd := &km.Bindings[i]
		if bd.Intent != it || bd.Alias {
			continue
		}
		names = append(names, bd.label())
	}
	if len(names) > 2 {
		return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	}
	return strings.Join(names, " or ")
}

// Key names the first key that asks for intent it in km ("?" for the
// glossary, not "? or F1"), for compact hints; "" if none.
func Key(km *Keymap, it Intent) string {
	for i := range km.Bindings {
		if bd := &km.Bindings[i]; bd.Intent == it && !bd.Alias {
			return bd.label()
		}
	}
	return ""
}

// Hint is Label in brackets, as tooltips end: "(Space)". It is "" if km
// has no key for it.
func Hint(km *Keymap, it Intent) string {
	if l := Label(km, it); l != "" {
		return "(" + l + ")"
	}
	return ""
}

// Keys lists km's chords for README.md's key table as (keys, what) rows:
// the chords of one intent (or of one What) joined, aliases too.
func (km *Keymap) Keys() [][2]string {
	var out [][2]string
	seen := map[string]int{}
	for i := range km.Bindings {
		bd := &km.Bindings[i]
		w := bd.What
		if w == "" {
			w = bd.Intent.String()
		}
		if j, ok := seen[w]; ok {
			out[j][0] += ", " + bd.label()
			continue
		}
		seen[w] = len(out)
		out = append(out, [2]string{bd.label(), w})
	}
	return out
}

// label is how hints name bd's chord.
func (bd *Binding) label() string {
	if bd.Label != "" {
		return bd.Label
	}
	s := keyName(bd.Key)
	if bd.Mods&ModShift != 0 {
		s = "Shift+" + s
	}
	if bd.Mods&ModCtrl != 0 {
		s = "Ctrl+" + s
	}
	return s
}

// keyName is a key's name as people say it.
func keyName(k ebiten.Key) string {
	switch k {
	case ebiten.KeyEscape:
		return "Esc"
	case ebiten.KeyArrowUp:
		return "Up"
	case ebiten.KeyArrowDown:
		return "Down"
	case ebiten.KeyArrowLeft:
		return "Left"
	case ebiten.KeyArrowRight:
		return "Right"
	case ebiten.KeyPageUp:
		return "PgUp"
	case ebiten.KeyPageDown:
		return "PgDn"
	case ebiten.KeyNumpadEnter:
		return "keypad Enter"
	case ebiten.KeyNumpadAdd:
		return "keypad +"
	case ebiten.KeyNumpadSubtract:
		return "keypad -"
	case ebiten.KeyEqual:
		return "="
	case ebiten.KeyMinus:
		return "-"
	case ebiten.KeySlash:
		return "/"
	}
	return k.String()
}

// intentNames are the intents' names in README.md's key table.
var intentNames = [intentCount]string{
	IntentNone: "none", IntentScaleUp: "larger text", IntentScaleDown: "smaller text", IntentFullscreen: "full screen",
	IntentGlossary: "open or close the glossary", IntentFocusNext: "next button", IntentFocusPrev: "previous button",
	IntentPress: "press the focused button", IntentDropFocus: "leave the buttons",
	IntentUp: "up", IntentDown: "down", IntentPageUp: "page up", IntentPageDown: "page down",
	IntentHome: "top", IntentEnd: "bottom", IntentOpen: "open the scenario", IntentReload: "reload the file",
	IntentBack: "back", IntentClose: "close", IntentQuit: "quit", IntentStart: "start the exercise",
	IntentPause: "play / pause", IntentNextDecision: "next decision", IntentFaster: "faster clock",
	IntentSlower: "slower clock", IntentToDebrief: "debrief", IntentFull: "full", IntentTearline: "tearline",
	IntentWithhold: "withhold", IntentRoute: "next channel", IntentWaiver: "waiver", IntentSend: "send",
	IntentGrant: "grant consent", IntentDeny: "refuse consent", IntentSave: "save report", IntentWhatIf: "your run vs 1,000 / decisions",
	IntentConfirmQuit: "quit", IntentKeepPlaying: "keep playing",
}

// String returns the intent's name as README.md's key table gives it.
func (it Intent) String() string {
	if it < intentCount {
		return intentNames[it]
	}
	return "intent?"
}

// Hints drawn every frame, built once from the keymaps.
var (
	// hintFormKeys is the decision panel's line of keys.
	hintFormKeys = "Keys: " + Key(KeysForm, IntentUp) + "/" + Key(KeysForm, IntentDown) + " row · " +
		Key(KeysForm, IntentFull) + " full · " + Key(KeysForm, IntentTearline) + " tearline · " +
		Key(KeysForm, IntentWithhold) + " withhold · " + Key(KeysForm, IntentRoute) + " channel · " +
		Key(KeysForm, IntentWaiver) + " waiver · " + Key(KeysForm, IntentSend) + " send · " +
		Key(KeysGlossary, IntentGlossary) + " glossary"
	// hintRowsScroll follows the decision rows' "rows 1-4 of 9" cue.
	hintRowsScroll = " · wheel or " + Key(KeysForm, IntentUp) + "/" + Key(KeysForm, IntentDown) + " to scroll"
	// hintClockPaused and hintClockRunning are the idle panel's status.
	hintClockPaused  = "Clock paused. Press " + Key(KeysClock, IntentPause) + " or Play to run it; it stops at the next decision."
	hintClockRunning = "Clock running. It stops by itself at the next decision (" + Key(KeysClock, IntentPause) + " pauses)."
	// hintHostPaused and hintHostRunning are a team station's: the
	// facilitator runs the clock.
	hintHostPaused  = "Clock paused by the facilitator. Your decisions open here when they come up."
	hintHostRunning = "Clock running (the facilitator runs it). It stops at the next decision of any team."
)

// KeyTable writes every keymap as the Markdown table README.md shows
// (TestREADMEKeyTable checks that README.md holds it): a row per intent of
// each keymap, with all its keys.
func KeyTable() string {
	var sb strings.Builder
	sb.WriteString("| Where | Keys | What |\n|---|---|---|\n")
	for _, km := range Keymaps {
		for _, row := range km.Keys() {
			sb.WriteString("| " + km.Name + " | " + row[0] + " | " + row[1] + " |\n")
		}
	}
	return sb.String()
}
