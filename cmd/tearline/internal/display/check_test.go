package display

import "testing"

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want bool
	}{
		{"x11", map[string]string{"DISPLAY": ":0"}, nil, true},
		{"none", nil, nil, false},
		{"wayland only", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, nil, false},
		{"help without display", nil, []string{"--help"}, true},
		{"scenario without display", nil, []string{"x.toml"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Check(func(k string) string { return tt.env[k] }, tt.args)
			if got != tt.want {
				t.Errorf("Check = %v, want %v", got, tt.want)
			}
		})
	}
}
