// Near miss: a package of our own named pprof is not runtime/pprof.
package otherpkg

import (
	pprof "github.com/example/pprof"
)

func localPackageNamedPprof() {
	pprof.Labels("tenant")
}
