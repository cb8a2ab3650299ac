// Package ui draws the desktop exercise client with ebiten and turns mouse,
// keyboard and scripted input into engine commands.
//
// The screens (start, briefing, exercise, debrief, error) are scenes behind a
// small scene manager (Game). Each scene lays out its controls and acts on
// input in Update, and only reads in Draw. Model logic stays in package sim;
// display-free view logic (the decision form, map geometry, debrief tables)
// is in package view.
//
// Controls are ebitenui (github.com/ebitenui/ebitenui) widgets. A scene lays
// out its controls as plain Control values (id, rectangle, label, tooltip,
// action); Widgets keeps one ebitenui Button per control and one tooltip
// area per TipArea, placed by a layout that reads the scene's rectangles.
// ebitenui draws them over the scene, shows their hover and pressed looks
// and their tooltips, and turns the pointer into clicks.
//
// Scripted input (package script) takes a person's path: Input is
// ebitenui's pointer (input.CursorUpdater), so `click @id` moves the
// pointer to the control's centre, presses and releases it, and ebitenui's
// button fires the click as it would for a mouse. Keys are read from Input
// by the scenes (arrow keys, F/T/W, Enter, Space, ...); ebitenui's own
// Tab focus and Enter-on-focused-button are turned off, since a script
// could not reach them.
//
// The exercise screen keeps the window's pixels between frames and
// repaints only what changed (see region); whatever ebitenui draws is
// opaque, so it is drawn again each frame over itself, and a change in
// what it draws (a button added, moved or relit, a tooltip) repaints the
// whole screen once.
package ui
