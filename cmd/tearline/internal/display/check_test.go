package display

import "testing"

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"x11", map[string]string{"DISPLAY": ":0"}, true},
		{"none", nil, false},
		{"empty", map[string]string{"DISPLAY": ""}, false},
		{"wayland without XWayland", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Check(func(k string) string { return tt.env[k] })
			if got != tt.want {
				t.Errorf("Check = %v, want %v", got, tt.want)
			}
		})
	}
}
