//go:build !linux

package view

// lowerPriority does nothing where threads have no portable niceness (the
// browser build, other systems).
func lowerPriority() {}
