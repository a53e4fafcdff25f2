// Positives through an aliased import of "time", and a near miss where a local
// variable shadows the alias.
package capture

import (
	"log"
	stdtime "time"
)

func aliasedAfterFunc(job string) {
	stdtime.AfterFunc(stdtime.Second, func() { // want "timer-afterfunc-capture"
		log.Println("job timed out:", job)
	})
}

type fakeClock struct{}

func (fakeClock) AfterFunc(d stdtime.Duration, f func()) {}

func shadowedAlias(job string) {
	stdtime := fakeClock{}
	stdtime.AfterFunc(0, func() {
		log.Println(job)
	})
}
