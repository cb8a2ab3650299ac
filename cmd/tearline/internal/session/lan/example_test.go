package lan_test

import (
	"fmt"

	"tearline/cmd/tearline/internal/session/lan"
)

// A session's TXT record and back: the title's non-ASCII bytes travel as
// \DDD escapes, the session code never travels.
func ExampleEncodeTXT() {
	txt, err := lan.EncodeTXT(lan.Meta{Proto: 1, ID: "k3v9", Title: "Übung", Scenario: "NATO cyber"})
	if err != nil {
		panic(err)
	}
	fmt.Println(txt)
	m, err := lan.ParseTXT(txt)
	fmt.Printf("%+v %v\n", m, err)
	// Output:
	// [txtvers=1 proto=1 id=k3v9 title=\195\156bung scenario=NATO cyber]
	// {Proto:1 ID:k3v9 Title:Übung Scenario:NATO cyber} <nil>
}
