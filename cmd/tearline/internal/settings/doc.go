// Package settings keeps the desktop client's preferences between runs:
// today the UI scale a room chose for its projector. They live in one small
// JSON file under the user's configuration directory
// ($XDG_CONFIG_HOME/tearline/settings.json, usually
// ~/.config/tearline/settings.json on Linux).
//
// The app's state lives beside them (StateDir): the autosave of a running
// exercise, autosave.json. $TEARLINE_STATE_DIR, if set, moves it elsewhere
// (tests use a temporary folder, so they start clean).
package settings
