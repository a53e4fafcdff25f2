// A positive through the file's only dot-import of "runtime/pprof".
package unapplied

import (
	. "runtime/pprof"
)

func lostThroughDotImport(tenant string) {
	Labels("tenant", tenant) // want "pprof-labels-unapplied"
}
