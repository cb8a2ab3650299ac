// Command schemagen writes the JSON Schema for Tearline scenario files to
// standard output. Regenerate the committed copy after changing sim's format
// types with:
//
//	go run ./scenarios/internal/schemagen > scenarios/scenario.schema.json
package main

import (
	"log"
	"os"

	"tearline/scenarios/internal/schema"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("schemagen: ")
	if len(os.Args) > 1 {
		log.Print("usage: go run ./scenarios/internal/schemagen > scenarios/scenario.schema.json")
		os.Exit(2)
	}
	out, err := schema.Generate()
	if err != nil {
		log.Fatal(err)
	}
	if _, err := os.Stdout.Write(out); err != nil {
		log.Fatal(err)
	}
}
