// A positive through a dot-import of "time".
package capture

import (
	"log"
	. "time"
)

func dotImportedAfterFunc(user string) {
	AfterFunc(Second, func() { // want "timer-afterfunc-capture"
		log.Println(user)
	})
}
