// Package sessiontest holds what the workshop-session tests share: the one
// rule by which their scripted teams answer decisions. The session,
// desktop and browser tests all compare a session's outcome with a
// headless play of the same rule, so they must use the same rule.
package sessiontest
