// Package settings keeps the desktop client's preferences between runs:
// today the UI scale a room chose for its projector. They live in one small
// JSON file under the user's configuration directory
// ($XDG_CONFIG_HOME/tearline/settings.json, usually
// ~/.config/tearline/settings.json on Linux).
package settings
