package app

import (
	"slices"
	"testing"

	"tearline/cmd/tearline/internal/app/cli"
	"tearline/cmd/tearline/internal/session/web"
)

// TestBrowserCommand: the page's environment becomes tearline join's
// command line, which cli.Parse reads back as the page meant it; without
// the join address, or with arguments, nothing changes.
func TestBrowserCommand(t *testing.T) {
	t.Parallel()
	const addr = "ws://127.0.0.1:7455/ws" // DefaultPort, as the page builds it
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want *cli.JoinConfig // nil: args unchanged
	}{
		{"no page", nil, nil, nil},
		{"arguments win", []string{"scenario.toml"}, map[string]string{web.EnvJoin: addr, web.EnvCode: "ABC123"}, nil},
		{"address and code", nil, map[string]string{web.EnvJoin: addr, web.EnvCode: "ABC123"},
			&cli.JoinConfig{Addr: addr, Code: "ABC123"}},
		{"nation and team", nil, map[string]string{web.EnvJoin: addr, web.EnvCode: "ABC123", web.EnvNation: "NRV", web.EnvTeam: "Red cell"},
			&cli.JoinConfig{Addr: addr, Code: "ABC123", Nation: "NRV", Team: "Red cell"}},
		// Values that look like flags stay values.
		{"dashes", nil, map[string]string{web.EnvJoin: addr, web.EnvCode: "-seed=4", web.EnvTeam: "--help"},
			&cli.JoinConfig{Addr: addr, Code: "-seed=4", Team: "--help"}},
		{"wss", nil, map[string]string{web.EnvJoin: "wss://host.example:443/ws", web.EnvCode: "X"},
			&cli.JoinConfig{Addr: "wss://host.example:443/ws", Code: "X"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := browserCommand(tt.args, func(k string) string { return tt.env[k] })
			if tt.want == nil {
				if !slices.Equal(got, tt.args) {
					t.Errorf("args %q became %q, want them unchanged", tt.args, got)
				}
				return
			}
			cfg, err := cli.Parse(got, func(string) string { return "" })
			if err != nil {
				t.Fatalf("cli.Parse(%q): %v", got, err)
			}
			if cfg.Command != cli.CmdJoin || cfg.Join != *tt.want {
				t.Errorf("cli.Parse(%q) = %q %+v, want join %+v", got, cfg.Command, cfg.Join, *tt.want)
			}
		})
	}
	// Outside the browser build, browserArgs never looks at the
	// environment.
	if got := browserArgs(nil); got != nil {
		t.Errorf("browserArgs(nil) = %q on %s, want nil", got, "this platform")
	}
}
