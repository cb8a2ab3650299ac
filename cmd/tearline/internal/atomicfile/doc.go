// Package atomicfile writes the desktop client's files so that a crash, a
// full disk or a failing disk never leaves half a file and never loses one
// that was there: the after-action report and the decision log saved with
// it, the settings, screenshots.
//
// Every write goes to a temporary file in the target's folder (a hidden
// name, ".NAME.tmp-RANDOM"), which is synced to the disk and closed before
// it takes the target's name; then the folder is synced, so the new name
// survives a power cut. A failure at any step removes the temporary file
// and leaves the folder as it was.
//
//   - Replace gives path the new contents, replacing the regular file there
//     (settings, screenshots): a reader sees the old file or the new one.
//   - CreateAll makes new files that must not exist yet (reports): it never
//     replaces anything (fs.ErrExist if a name is taken), and a set of files
//     appears all together or not at all.
//
// The file-system calls go through FS, so tests can make any of them fail
// (see package faultfs) and a browser build can provide its own.
package atomicfile
