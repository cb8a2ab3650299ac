package app

import (
	"tearline/cmd/tearline/internal/app/cli"
	"tearline/cmd/tearline/internal/session/web"
)

// browserCommand returns the command line of the browser station: when
// the page gave the Go program the session's address (web.EnvJoin, read
// with getenv) and no arguments were given, it is
//
//	join --code=CODE [--nation=NATION] [--team=TEAM] ADDRESS
//
// from web.EnvCode, web.EnvNation and web.EnvTeam (empty ones left out),
// so the browser starts as `tearline join` would. Otherwise args are
// returned as they are. Values go in as --flag=value, so one that starts
// with '-' is never read as a flag.
func browserCommand(args []string, getenv func(string) string) []string {
	addr := getenv(web.EnvJoin)
	if len(args) > 0 || addr == "" {
		return args
	}
	out := []string{cli.CmdJoin, "--code=" + getenv(web.EnvCode)}
	for _, f := range []struct{ flag, env string }{{"nation", web.EnvNation}, {"team", web.EnvTeam}} {
		if v := getenv(f.env); v != "" {
			out = append(out, "--"+f.flag+"="+v)
		}
	}
	return append(out, "--", addr)
}
