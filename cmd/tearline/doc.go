// Command tearline is the desktop exercise client a trainee team sits in
// front of: a briefing, the coalition map with trust, agreements and items
// in transit, a clock that pauses at each decision, a decision panel with
// the engine's forecast, and a debrief.
//
// Usage:
//
//	tearline                  the compiled-in default scenario's briefing; its
//	                          Scenarios button lists the shipped scenarios
//	tearline FILE.toml        that scenario's briefing (errors: an error screen);
//	                          saving the file reloads it (live reload)
//	tearline --screenshot OUT.png
//	                          the default exercise's first settled frame, saved
//	tearline --script S.txt --screenshot OUT.png
//	                          play scripted input, then save the screen
//	tearline --frametimes --frames 600
//	                          print frame-time percentiles after 600 frames
//
// It needs a graphical display; without one it says so and points to
// tearline-sim, the headless tool. See package app for every flag.
package main
