// Package script reads and plays the desktop client's scripted input: the
// clicks, keys and waits a person would make, plus screenshots and checks of
// what is on the screen. `tearline --script FILE` plays one; the GUI tests
// play whole exercises with them.
//
// A script is plain text, one step a line; '#' starts a comment:
//
//	wait 30             wait 30 update ticks (60 a second)
//	wait 500ms          wait half a second of ticks
//	click 640 400       left click at window pixel (640, 400)
//	click @send         left click the centre of the control named "send"
//	key Space           press and release a key (ebiten key names: Space,
//	                    Enter, Escape, ArrowDown, Digit1, KeyF, F1, ...)
//	tryclick @send      click the control if it is there and enabled
//	hover @play         rest the pointer on a control (or hover X Y); its
//	                    tooltip shows after 0.4 s, so "wait 30" then
//	                    "expect" can check it
//	until decision 600  wait (at most 600 ticks) for a condition: decision
//	                    (share decision pending), consent (consent request),
//	                    pending (either), previewed (the forecast of the
//	                    choice as it stands is shown), running (clock runs),
//	                    done (exercise over), filechanged (the exercise's
//	                    banner says the scenario file was saved), or scene
//	                    NAME (start, briefing, exercise, debrief, error);
//	                    A|B means either, and "not C" the opposite
//	while not done      repeat the steps up to the matching "end" while
//	...                 the condition holds
//	end
//	expect TEXT         fail unless TEXT is drawn on the screen within 1 s
//	                    (A|B: either text)
//	shot FILE.png       save the screen as a PNG
//	quit                stop the program (exit status 0); the end of the
//	                    script stops it too
//
// A tick here is one step of the script's player. The desktop client steps
// it at most once per update and only after a frame was drawn, and plays a
// click's pointer states one per drawn frame (ebitenui places its buttons
// when it draws): on a display that keeps up that is 60 ticks a second; on
// a loaded machine the script slows with the screen, and a click always
// lands on what was drawn.
//
// A failed step stops the script with an error naming its line. Every
// script ends: an empty one at once; a line is at most MaxLine bytes; a
// while loop needs a step that acts or waits, and fails if none of its
// steps acts (click, key, hover, shot) for LoopIdle ticks beyond its
// longest wait, since nothing it does can then change its condition.
package script
