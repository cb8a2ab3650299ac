// Package ui draws the desktop exercise client with ebiten and turns mouse,
// keyboard and scripted input into engine commands.
//
// The screens (start, briefing, exercise, debrief, error) are scenes behind a
// small scene manager (Game). Each scene lays out its controls and acts on
// input in Update, and only reads in Draw. Model logic stays in package sim;
// display-free view logic (the decision form, map geometry, debrief tables)
// is in package view.
//
// Controls are drawn by this package rather than by ebitenui widgets so that
// scripted input (package script) drives exactly the code a mouse does:
// every control has an id and a rectangle, and `click @id` in a script
// clicks its centre.
package ui
